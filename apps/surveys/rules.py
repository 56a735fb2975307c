"""Who may answer a survey and who manages them; each refusal with its sentence.

`surveys.answer_survey` (object: a survey) is built from the participation requirements every app shares: signed
in, active, not blocked, current terms, a phase of the process that opens surveys (apps/spaces/phases.py), the
process's eligibility; then the survey itself is published and not answered yet by this person.
`surveys.manage_surveys` (object: the process or a survey) is for the process's administrators."""

import rules
from django.utils.translation import gettext_lazy

from apps.core.permissions import Requirement, define
from apps.spaces.phases import Feature
from apps.spaces.predicates import is_process_admin, is_published_process, participation_requirements

from .models import Participation, Survey


def _survey(obj):
    return obj if isinstance(obj, Survey) else None


@rules.predicate
def is_published_survey(user, obj):
    survey = _survey(obj)
    return bool(survey is not None and survey.is_published)


def has_answered_survey(user, survey):
    """One query per (user, survey), remembered on the survey object."""
    if not user.is_authenticated:
        return False
    cache = survey.__dict__.setdefault("_pb_answered", {})
    if user.pk not in cache:
        cache[user.pk] = Participation.objects.filter(survey_id=survey.pk, user_id=user.pk).exists()
    return cache[user.pk]


@rules.predicate
def has_answered(user, obj):
    survey = _survey(obj)
    return bool(survey is not None and has_answered_survey(user, survey))


define(
    "surveys.view_survey",
    Requirement(
        is_process_admin | (is_published_survey & is_published_process),
        gettext_lazy("This survey is not published."),
    ),
)

define(
    "surveys.answer_survey",
    Requirement(is_published_survey & is_published_process, gettext_lazy("This survey is not published.")),
    *participation_requirements(Feature.SURVEY, sign_in_message=gettext_lazy("Sign in to answer this survey.")),
    Requirement(~has_answered, gettext_lazy("You have already answered this survey. Thank you!")),
)

@rules.predicate
def has_public_results(user, obj):
    survey = _survey(obj)
    return bool(survey is not None and survey.results_public)


# The figures of the closed questions, for everyone once the survey's administrators publish them; they always see
# them in the back-office (with the written answers).
define(
    "surveys.view_survey_results",
    Requirement(
        is_process_admin | (is_published_survey & is_published_process),
        gettext_lazy("This survey is not published."),
    ),
    Requirement(
        is_process_admin | has_public_results, gettext_lazy("The results of this survey are not published.")
    ),
)

define(
    "surveys.manage_surveys",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in with your agent account.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    Requirement(is_process_admin, gettext_lazy("Only the administrators of this process can manage its surveys.")),
)
