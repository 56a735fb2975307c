"""Proposal screens, one module per screen family; urls.py names them from here."""

from .listing import proposal_detail, proposal_embed, proposal_list
from .manage import proposal_delete, proposal_edit, proposal_withdraw
from .wizard import WIZARD_STEPS, proposal_create, proposal_wizard

__all__ = [
    "WIZARD_STEPS",
    "proposal_create",
    "proposal_delete",
    "proposal_detail",
    "proposal_edit",
    "proposal_embed",
    "proposal_list",
    "proposal_withdraw",
    "proposal_wizard",
]
