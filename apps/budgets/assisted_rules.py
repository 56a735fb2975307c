"""Rules of the voting desk that the vote's rules (rules.py) do not name.

Recording a ballot in person (`budgets.assist_vote`) and typing paper sheets (`budgets.enter_paper_ballots`) are
defined with the vote's rules, during the voting phase. Opening the desk and printing blank paper ballots are
allowed in any phase: sheets are printed before the polls open.
"""

import rules
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import Requirement, define

from .rules import is_voting_assistant

SIGN_IN = Requirement(rules.is_authenticated, _("Sign in to reach the voting desk."))
ACTIVE = Requirement(rules.is_active, _("Your account is inactive."))

define(
    "budgets.use_voting_desk",
    SIGN_IN,
    ACTIVE,
    Requirement(
        is_voting_assistant,
        _("Only the voting assistants and administrators of this process can use its voting desk."),
    ),
)
