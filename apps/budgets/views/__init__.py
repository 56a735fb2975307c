"""The citizen's vote: one module per screen family; urls.py names them from here."""

from .ballot import ballot_confirm, ballot_receipt, ballot_review
from .basket import basket_add, basket_points, basket_rank, basket_remove
from .pages import budget_detail, budget_list, project_detail
from .transparency import participation, receipt_check

__all__ = [
    "ballot_confirm",
    "ballot_receipt",
    "ballot_review",
    "basket_add",
    "basket_points",
    "basket_rank",
    "basket_remove",
    "budget_detail",
    "budget_list",
    "participation",
    "project_detail",
    "receipt_check",
]
