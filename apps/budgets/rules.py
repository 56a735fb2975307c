"""Who may see budgets and projects, vote, assist voters, type paper ballots and run the vote; each refusal with
its sentence. The object is a budget, a project or (for the back-office screens) the process."""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.core.permissions import Requirement, define
from apps.spaces.models import ProcessRole
from apps.spaces.phases import Feature
from apps.spaces.predicates import (
    NOT_BLOCKED,
    has_process_role,
    is_evaluator,
    is_moderator,
    is_process_admin,
    is_published_process,
    participation_requirements,
    phase_enables,
    phase_refusal,
    process_of,
)

from . import eligibility
from .models import Budget, Project, ResultPublication

is_voting_assistant = is_process_admin | has_process_role(ProcessRole.Role.VOTING_ASSISTANT)
is_process_staff = is_evaluator | is_moderator | is_voting_assistant

STAFF_SIGN_IN = Requirement(rules.is_authenticated, gettext_lazy("Sign in with your agent account."))
STAFF_ACTIVE = Requirement(rules.is_active, gettext_lazy("Your account is inactive."))


def _project(obj):
    return obj if isinstance(obj, Project) else None


@rules.predicate
def is_public_project(user, obj):
    project = _project(obj)
    return bool(project is not None and project.status in Project.PUBLIC_STATUSES)


@rules.predicate
def has_vote_started(user, obj):
    """The process has a voting phase that has begun (paper ballots are typed during and after the vote)."""
    process = process_of(obj)
    if process is None:
        return False
    today = timezone.localdate()
    if process.feature_enabled(Feature.VOTE):
        return True
    return any(Feature.VOTE in phase.features and phase.start_date <= today for phase in process.ordered_phases)


# -- seeing ------------------------------------------------------------------------------------------------------

define(
    "budgets.view_budget",
    Requirement(is_published_process | is_process_staff, gettext_lazy("This process is not published yet.")),
)
# The object side of selectors.project_visible_to (the content contract test keeps them in agreement): projects not
# yet selected for the vote are the staff's working list.
define(
    "budgets.view_project",
    Requirement(is_published_process | is_process_staff, gettext_lazy("This process is not published yet.")),
    Requirement(is_public_project | is_process_staff, gettext_lazy("This project is not on the ballot.")),
)
can_view_project = rules.predicate(lambda user, obj: rules.has_perm("budgets.view_project", user, obj))

define(
    "budgets.comment_project",
    *participation_requirements(Feature.COMMENT, sign_in_message=gettext_lazy("Sign in to comment")),
    Requirement(can_view_project, gettext_lazy("This project is not on the ballot.")),
)
define(
    "budgets.follow_project",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to follow.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    NOT_BLOCKED,
    Requirement(can_view_project, gettext_lazy("You cannot follow this.")),
)

# -- voting (the object is the budget) ---------------------------------------------------------------------------

VOTE_REQUIREMENTS = (
    *participation_requirements(Feature.VOTE, sign_in_message=gettext_lazy("Sign in to vote.")),
    Requirement(eligibility.is_old_enough, eligibility.age_refusal),
    Requirement(eligibility.is_resident, eligibility.residency_refusal),
    Requirement(eligibility.may_vote_in_this_budget, eligibility.scope_refusal),
    Requirement(eligibility.has_not_voted_elsewhere, eligibility.elsewhere_refusal),
)
define("budgets.vote_budget", *VOTE_REQUIREMENTS)

# Not a permission: "is the vote open now?", so a page can show the vote's dates to everybody.
define("budgets.vote_is_open", Requirement(phase_enables(Feature.VOTE), phase_refusal(Feature.VOTE)))

# -- agents ------------------------------------------------------------------------------------------------------

define(
    "budgets.manage_budgets",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(is_process_admin, gettext_lazy("Only the administrators of this process can manage its budgets.")),
)
define(
    "budgets.view_turnout",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(is_process_admin, gettext_lazy("Only the administrators of this process can follow the turnout.")),
)
ASSISTANT_REFUSAL = gettext_lazy("Only the voting assistants and administrators of this process can do this.")
define(
    "budgets.assist_vote",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(is_voting_assistant, ASSISTANT_REFUSAL),
    Requirement(phase_enables(Feature.VOTE), phase_refusal(Feature.VOTE)),
)
define(
    "budgets.enter_paper_ballots",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(is_voting_assistant, ASSISTANT_REFUSAL),
    Requirement(has_vote_started, phase_refusal(Feature.VOTE)),
)


@rules.predicate
def assists_any_process(user):
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or ProcessRole.objects.filter(
            user=user, role__in=(ProcessRole.Role.ADMIN, ProcessRole.Role.VOTING_ASSISTANT)
        ).exists()
    )


# The agents' home for the vote (the process is chosen on the page).
define(
    "budgets.view_assistant_desk",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(assists_any_process, gettext_lazy("This desk is for the voting assistants of a process.")),
)


# -- results (issue 10) ------------------------------------------------------------------------------------------


@rules.predicate
def has_published_results(user, obj):
    budget = obj if isinstance(obj, Budget) else None
    return bool(budget is not None and ResultPublication.objects.filter(budget_id=budget.pk).exists())


# Preview the rules side by side and publish one: the process's administrators, once the vote has taken place and
# closed (the count is never shown while people vote).
define(
    "budgets.publish_results",
    STAFF_SIGN_IN,
    STAFF_ACTIVE,
    Requirement(is_process_admin, gettext_lazy("Only the administrators of this process can publish its results.")),
    Requirement(
        ~phase_enables(Feature.VOTE),
        gettext_lazy("The vote is open: results can be previewed and published once it has closed."),
    ),
    Requirement(has_vote_started, gettext_lazy("The vote has not taken place yet.")),
)
# The public results page: the phase shows results, and the budget's results are published.
define(
    "budgets.view_results",
    Requirement(is_published_process | is_process_staff, gettext_lazy("This process is not published yet.")),
    Requirement(phase_enables(Feature.SHOW_RESULTS), phase_refusal(Feature.SHOW_RESULTS)),
    Requirement(has_published_results, gettext_lazy("The results of this budget have not been published yet.")),
)


# -- after the vote: participation, receipts and the published files -------------------------------------------


@rules.predicate
def has_results_phase_begun(user, obj):
    """The results are shown now, or a results phase has begun and the vote is not open (the results phase ended:
    what was published stays public)."""
    process = process_of(obj)
    if process is None:
        return False
    if process.feature_enabled(Feature.SHOW_RESULTS):
        return True
    if process.feature_enabled(Feature.VOTE):
        return False
    today = timezone.localdate()
    return any(Feature.SHOW_RESULTS in phase.features and phase.start_date <= today for phase in process.ordered_phases)


# The participation figures (turnout, channels, days, demographics), public once the vote is closed.
define(
    "budgets.view_participation",
    Requirement(is_published_process, gettext_lazy("This process is not published yet.")),
    Requirement(has_results_phase_begun, phase_refusal(Feature.SHOW_RESULTS)),
)
