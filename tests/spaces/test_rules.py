"""The permission matrix: roles × phase states for a participation permission, and the process permissions."""

from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import define, ensure_allowed, is_allowed, refusal_reason
from apps.spaces.models import Process, ProcessRole
from apps.spaces.phases import Feature, PhaseKind
from apps.spaces.predicates import is_evaluator, is_moderator, is_process_admin, participation_requirements
from tests.factories import PhaseFactory, ProcessFactory, ProcessRoleFactory, SitePageFactory, UserFactory
from tests.helpers import freeze_phase

pytestmark = pytest.mark.django_db

# Test-only permissions built like the real ones (proposals.add_proposal, budgets.vote_budget...).
define("tests_spaces.vote", *participation_requirements(Feature.VOTE, sign_in_message=_("Sign in to vote.")))
define(
    "tests_spaces.propose",
    *participation_requirements(Feature.CREATE_PROPOSALS, sign_in_message=_("Sign in to submit a proposal.")),
)

TERMS_VERSION = "2026-02"
SIGN_IN = "Sign in to vote."
INACTIVE = "Your account is inactive."
TERMS = "Please accept the updated terms of use to take part."
UNVERIFIED = "Confirm your e-mail address to take part."
NOT_RESIDENT = "Only residents of 59000, 59100 can take part; set your postal code in your account settings."


def day(offset):
    return timezone.localdate() + timedelta(days=offset)


def fmt(value):
    return formats.date_format(value, "j F Y")


# ---------------------------------------------------------------- roles

ROLES = [
    "anonymous",
    "citizen",
    "inactive",
    "terms_not_accepted",
    "verified_citizen",  # on a verified_email process
    "unverified_citizen",  # on a verified_email process
    "resident",  # on a postal_code process
    "non_resident",  # on a postal_code process
    "process_admin",
    "other_process_admin",
    "evaluator",
    "moderator",
    "superuser",
]


def eligibility_for(role):
    if role in {"verified_citizen", "unverified_citizen"}:
        return Process.Eligibility.VERIFIED_EMAIL, ""
    if role in {"resident", "non_resident"}:
        return Process.Eligibility.POSTAL_CODE, "59000, 59100"
    return Process.Eligibility.REGISTERED, ""


def make_user(role, process):
    if role == "anonymous":
        return AnonymousUser()
    user = UserFactory(terms_version=TERMS_VERSION, postal_code="59800")
    if role == "inactive":
        user.is_active = False
    elif role == "terms_not_accepted":
        user.terms_version = "2025-01"
    elif role == "superuser":
        user.is_superuser = user.is_staff = True
    elif role == "resident":
        user.postal_code = " 59100 "
    elif role == "verified_citizen":
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif role == "unverified_citizen":
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    elif role in {"process_admin", "evaluator", "moderator"}:
        ProcessRoleFactory(process=process, user=user, role={
            "process_admin": ProcessRole.Role.ADMIN,
            "evaluator": ProcessRole.Role.EVALUATOR,
            "moderator": ProcessRole.Role.MODERATOR,
        }[role])
    elif role == "other_process_admin":
        ProcessRoleFactory(user=user, role=ProcessRole.Role.ADMIN)
    user.save()
    return user


# ---------------------------------------------------------------- phase states (for the vote feature)

def build_process(state, *, eligibility=Process.Eligibility.REGISTERED, postal_codes="", published=True):
    """A process whose vote feature is in `state`; returns (process, expected phase refusal or None)."""
    process = ProcessFactory(is_published=published, eligibility=eligibility, eligible_postal_codes=postal_codes)
    PhaseFactory(process=process, kind=PhaseKind.PROPOSALS, start_date=day(-30), end_date=day(-21))
    if state == "before":
        PhaseFactory(process=process, kind=PhaseKind.FEASIBILITY, start_date=day(-20), end_date=day(5))
        vote = PhaseFactory(process=process, kind=PhaseKind.VOTING, start_date=day(6), end_date=day(20))
        expected = f"Voting opens on {fmt(vote.start_date)}."
    elif state == "inside":
        PhaseFactory(process=process, kind=PhaseKind.VOTING, start_date=day(-20), end_date=day(5))
        expected = None
    elif state == "after":
        vote = PhaseFactory(process=process, kind=PhaseKind.VOTING, start_date=day(-20), end_date=day(-1))
        PhaseFactory(process=process, kind=PhaseKind.RESULTS, start_date=day(0), end_date=day(30))
        expected = f"Voting closed on {fmt(vote.end_date)}."
    elif state == "no_such_phase":
        PhaseFactory(process=process, kind=PhaseKind.SUPPORTS, start_date=day(-20), end_date=day(5))
        expected = "This process has no vote."
    elif state == "pinned":
        # The administrator opened the vote early: the pinned phase wins over its dates.
        PhaseFactory(process=process, kind=PhaseKind.FEASIBILITY, start_date=day(-20), end_date=day(5))
        vote = PhaseFactory(process=process, kind=PhaseKind.VOTING, start_date=day(6), end_date=day(20))
        process.pinned_phase = vote
        process.save()
        expected = None
    elif state == "pinned_elsewhere":
        # The vote's dates contain today, but the administrator pinned the feasibility review.
        feasibility = PhaseFactory(process=process, kind=PhaseKind.FEASIBILITY, start_date=day(-20), end_date=day(-1))
        PhaseFactory(process=process, kind=PhaseKind.VOTING, start_date=day(0), end_date=day(10))
        process.pinned_phase = feasibility
        process.save()
        expected = "Voting is not open in the current phase."
    else:  # pragma: no cover
        raise AssertionError(state)
    return Process.objects.get(pk=process.pk), expected


STATES = ["before", "inside", "after", "no_such_phase", "pinned", "pinned_elsewhere"]


def expected_participation(role, phase_message):
    # A site administrator gets no blanket pass (apps.core.permissions.is_allowed): phases apply to everybody.
    if role == "anonymous":
        return SIGN_IN
    if role == "inactive":
        return INACTIVE
    if role == "terms_not_accepted":
        return TERMS
    if phase_message:
        return phase_message
    if role == "unverified_citizen":
        return UNVERIFIED
    if role == "non_resident":
        return NOT_RESIDENT
    return None


@pytest.fixture(autouse=True)
def terms():
    SitePageFactory(slug="terms", version=TERMS_VERSION)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_participation_matrix(role, state):
    eligibility, codes = eligibility_for(role)
    with translation.override("en"):
        process, phase_message = build_process(state, eligibility=eligibility, postal_codes=codes)
        user = make_user(role, process)
        expected = expected_participation(role, phase_message)
        assert refusal_reason("tests_spaces.vote", user, process) == expected
        assert is_allowed("tests_spaces.vote", user, process) is (expected is None)
        if expected is None:
            ensure_allowed("tests_spaces.vote", user=user, obj=process)
        else:
            with pytest.raises(PermissionDenied, match=expected.replace(".", r"\.")):
                ensure_allowed("tests_spaces.vote", user=user, obj=process)


@pytest.mark.parametrize("published", [True, False])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_process_permissions_matrix(role, state, published):
    """Seeing and changing a process depends on the role and the publication, never on the phase."""
    with translation.override("en"):
        process, _ = build_process(state, published=published)
        user = make_user(role, process)
        administers = role in {"process_admin", "superuser"}
        expected_view = None if (published or administers) else "This process is not published yet."
        if role == "inactive" and not published:
            expected_view = "This process is not published yet."
        expected_change = None if administers else "Only the administrators of this process can change it."
        assert refusal_reason("spaces.view_process", user, process) == expected_view
        assert refusal_reason("spaces.change_process", user, process) == expected_change
        assert is_allowed("spaces.change_process", user, process) is administers


class TestPhaseMessagesOverTime:
    """The same process seen before, inside and after its phases (freeze_phase moves 'today')."""

    @pytest.fixture
    def process(self):
        process = ProcessFactory(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        PhaseFactory(process=process, kind=PhaseKind.PROPOSALS, start_date=date(2026, 3, 1), end_date=date(2026, 3, 31))
        PhaseFactory(process=process, kind=PhaseKind.VOTING, start_date=date(2026, 5, 1), end_date=date(2026, 5, 15))
        return process

    @pytest.fixture
    def citizen(self):
        return UserFactory(terms_version=TERMS_VERSION)

    def reason(self, perm, user, process):
        return refusal_reason(perm, user, Process.objects.get(pk=process.pk))

    def test_proposals(self, process, citizen):
        phase = process.phases.get(kind=PhaseKind.PROPOSALS)
        with translation.override("en"):
            with freeze_phase(phase, "before"):
                assert self.reason("tests_spaces.propose", citizen, process) == (
                    "Proposals can be submitted from 1 March 2026."
                )
            with freeze_phase(phase, "inside"):
                assert self.reason("tests_spaces.propose", citizen, process) is None
            with freeze_phase(phase, "after"):
                assert self.reason("tests_spaces.propose", citizen, process) == (
                    "Proposals could be submitted until 31 March 2026."
                )

    def test_vote(self, process, citizen):
        phase = process.phases.get(kind=PhaseKind.VOTING)
        with translation.override("en"):
            with freeze_phase(phase, "before"):
                assert self.reason("tests_spaces.vote", citizen, process) == "Voting opens on 1 May 2026."
            with freeze_phase(phase, "inside"):
                assert self.reason("tests_spaces.vote", citizen, process) is None
            with freeze_phase(phase, "after"):
                assert self.reason("tests_spaces.vote", citizen, process) == "Voting closed on 15 May 2026."

    def test_dates_follow_the_active_language(self, process, citizen):
        phase = process.phases.get(kind=PhaseKind.VOTING)
        with freeze_phase(phase, "before"), translation.override("fr"):
            assert "1 mai 2026" in self.reason("tests_spaces.vote", citizen, process)
        with freeze_phase(phase, "before"), translation.override("es"):
            assert "1 mayo 2026" in self.reason("tests_spaces.vote", citizen, process)

    def test_sign_in_message_comes_first(self, process):
        phase = process.phases.get(kind=PhaseKind.VOTING)
        with freeze_phase(phase, "before"), translation.override("en"):
            assert self.reason("tests_spaces.vote", AnonymousUser(), process) == SIGN_IN

    def test_pinned_earlier_phase_announces_the_next_feature_phase(self, process, citizen):
        proposals = process.phases.get(kind=PhaseKind.PROPOSALS)
        process.pinned_phase = proposals
        process.save()
        vote = process.phases.get(kind=PhaseKind.VOTING)
        with freeze_phase(vote, "inside"), translation.override("en"):
            # Dates say "vote", but the administrator keeps the proposals phase open.
            assert self.reason("tests_spaces.propose", citizen, process) is None
            assert self.reason("tests_spaces.vote", citizen, process) == "Voting is not open in the current phase."
        with freeze_phase(proposals, "inside"), translation.override("en"):
            assert self.reason("tests_spaces.vote", citizen, process) == "Voting opens on 1 May 2026."


def test_role_predicates():
    process = ProcessFactory()
    admin = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    evaluator = ProcessRoleFactory(process=process, role=ProcessRole.Role.EVALUATOR).user
    moderator = ProcessRoleFactory(process=process, role=ProcessRole.Role.MODERATOR).user
    superuser = UserFactory(is_superuser=True, is_staff=True)
    citizen = UserFactory()
    other = ProcessFactory()
    phase = PhaseFactory(process=process)
    expectations = {
        admin: (True, True, True),
        evaluator: (False, True, False),
        moderator: (False, False, True),
        superuser: (True, True, True),
        citizen: (False, False, False),
    }
    for user, (is_admin, evaluates, moderates) in expectations.items():
        assert is_process_admin.test(user, process) is is_admin
        assert is_evaluator.test(user, process) is evaluates
        assert is_moderator.test(user, process) is moderates
        # Objects that belong to a process (a phase, a proposal...) answer for their process.
        assert is_process_admin.test(user, phase) is is_admin
    assert not is_process_admin.test(admin, other)
    assert not is_evaluator.test(evaluator, other)
    assert not is_process_admin.test(AnonymousUser(), process)


def test_template_tags_give_the_same_answer():
    process, _ = build_process("before")
    user = UserFactory(terms_version=TERMS_VERSION)
    template = Template(
        '{% load pb %}{% can "tests_spaces.vote" user process as can %}'
        '{% why_not "tests_spaces.vote" user process as reason %}[{{ can }}|{{ reason }}]'
    )
    with translation.override("en"):
        html = template.render(Context({"user": user, "process": process}))
    assert html.startswith("[False|Voting opens on ")


def test_site_admin_takes_part_under_the_same_rules():
    """A superuser may change every process, but votes only when the vote is open, like everybody."""
    admin = UserFactory(is_superuser=True, is_staff=True, terms_version=TERMS_VERSION)
    with translation.override("en"):
        process, message = build_process("before")
        assert refusal_reason("tests_spaces.vote", admin, process) == message
        assert refusal_reason("spaces.change_process", admin, process) is None
        html = Template(
            '{% load pb %}{% can "tests_spaces.vote" user process as can %}{{ can }}'
        ).render(Context({"user": admin, "process": process}))
    assert html == "False"
    # One truth: Django's has_perm gives the superuser no blanket pass on a rule either.
    assert admin.has_perm("tests_spaces.vote", process) is False
    assert admin.has_perm("spaces.change_process", process) is True
