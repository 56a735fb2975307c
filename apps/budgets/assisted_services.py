"""Assisted voting: a voting assistant (in a library, a town hall) checks a person against the census, then either
records their ballot in person (channel "assisted") or marks them in the register as voting on paper.

The register (`Participation`) is unique per budget by account and by census entry, whatever the channel: a
second vote of the same person, online, assisted or on paper, is refused by the database itself, and the services
turn that refusal into a sentence naming the channel of the first vote.

An assisted ballot has no `voter` (a person checked by their document may have no account; an account's online
basket, if any, keeps its row and can no longer be confirmed): it is linked to its person through the register,
as online ballots are.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.permissions import ensure_allowed
from apps.core.services import audit_record

from . import assisted_rules  # noqa: F401  (defines budgets.use_voting_desk)
from .ballot_rules import Choice, completeness_errors
from .census import document_hash
from .eligibility import age_on, budget_matches_district
from .models import (
    Ballot,
    BallotItem,
    Budget,
    CensusEntry,
    Channel,
    Participation,
    Project,
    Residency,
    VoterScope,
    new_receipt_code,
    voting_settings_for,
)


class Method:
    """How the assistant identifies the person."""

    DOCUMENT = "document"
    EMAIL = "email"


@dataclass
class PersonCheck:
    """What the assistant sees after checking a person: who they are in the census or by their account, and
    every reason they may not vote in this budget (empty: they may vote)."""

    budget: Budget
    census_entry: CensusEntry | None = None
    user: object = None
    refusals: list = field(default_factory=list)
    participation: Participation | None = None

    @property
    def found(self):
        return self.census_entry is not None or self.user is not None

    @property
    def may_vote(self):
        return self.found and not self.refusals


def channel_sentence(channel):
    """'This person has already voted in this budget (online).'"""
    return _("This person has already voted in this budget (%(channel)s).") % {
        "channel": str(Channel(channel).label).lower()
    }


def _registered(budget, *, census_entry, user):
    """The person's row in the register of this budget, if any (by account or by census entry)."""
    who = Q(pk__in=[])
    if census_entry is not None:
        who |= Q(census_entry=census_entry)
    if user is not None:
        who |= Q(user=user)
    return Participation.objects.filter(who, budget=budget).first()


def _person_district(census_entry, user):
    """(district, postal code) of the person: the census's, else the account's postal code."""
    if census_entry is not None:
        return census_entry.district.strip().lower(), census_entry.postal_code.strip().lower()
    postal_code = (getattr(user, "postal_code", "") or "").strip().lower()
    return "", postal_code


def _lives_in(budget, district, postal_code):
    if budget.is_city_wide:
        return True
    return budget_matches_district(budget, district) or budget_matches_district(budget, postal_code)


def _scope_refusals(budget, settings, *, census_entry, user):
    """Where this person may vote (the process's voter scope)."""
    refusals = []
    district, postal_code = _person_district(census_entry, user)
    if settings.voter_scope == VoterScope.DISTRICT:
        if not budget.is_city_wide and not _lives_in(budget, district, postal_code):
            refusals.append(
                _("This budget is for the residents of %(district)s; this person lives elsewhere.")
                % {"district": budget.district}
            )
        elif budget.is_city_wide and not settings.district_voters_also_city_wide:
            # As the online vote (eligibility.scope_refusal): the city-wide budget is closed to district voters.
            refusals.append(_("This vote is for the district budgets only."))
    elif settings.voter_scope == VoterScope.ONE_BUDGET:
        who = Q(pk__in=[])
        if census_entry is not None:
            who |= Q(census_entry=census_entry)
        if user is not None:
            who |= Q(user=user)
        elsewhere = (
            Participation.objects.filter(who, budget__process_id=budget.process_id)
            .exclude(budget=budget)
            .select_related("budget")
            .first()
        )
        if elsewhere is not None:
            refusals.append(
                _("This person has already voted in %(budget)s; in this process a person votes in one budget.")
                % {"budget": elsewhere.budget.title}
            )
    return refusals


def person_find(*, process, method, document_number="", birth_date=None, email=""):
    """(census entry, account, refusals): the person named by their document number and birth date (census of
    residents), or by the e-mail address of their account."""
    if method == Method.DOCUMENT:
        if voting_settings_for(process).residency != Residency.CENSUS_DOCUMENT:
            return None, None, [_("This process has no census of document numbers: find the person by e-mail.")]
        entry = (
            CensusEntry.objects.filter(process=process, document_hash=document_hash(document_number))
            .exclude(document_hash="")
            .select_related("user")
            .first()
        )
        if entry is None:
            return None, None, [_("No resident with this document number in the census.")]
        if entry.birth_date and birth_date and entry.birth_date != birth_date:
            return None, None, [_("The birth date does not match the census.")]
        return entry, entry.user, []
    address = (email or "").strip()
    user = (
        get_user_model().objects.filter(email__iexact=address, is_active=True, deleted_at__isnull=True).first()
        if address
        else None
    )
    if user is None:
        return None, None, [_("No account with this e-mail address.")]
    return CensusEntry.objects.filter(process=process, user=user).first(), user, []


def person_refusals(*, budget, census_entry, user, birth_date=None, postal_code="", declaration=False):
    """Every reason this person may not vote in `budget` now (residency, age, district, the register), and
    their row in the register if they already voted. Reads only."""
    settings = voting_settings_for(budget.process)
    refusals = []
    if census_entry is None:
        if settings.residency == Residency.CENSUS_DOCUMENT:
            refusals.append(
                _("This account is not verified against the census: check the person with their document number.")
            )
        elif settings.residency == Residency.CENSUS_POSTAL_CODE:
            code = (postal_code or getattr(user, "postal_code", "") or "").strip()
            if not code or not CensusEntry.objects.filter(process=budget.process, postal_code__iexact=code).exists():
                refusals.append(_("This postal code is not in the census: the person cannot vote here."))
        elif settings.residency == Residency.DECLARATION and not declaration:
            refusals.append(_("The person must declare on honour that they live here."))
    known_birth_date = (census_entry.birth_date if census_entry else None) or getattr(user, "birth_date", None)
    if known_birth_date and birth_date and known_birth_date != birth_date:
        refusals.append(_("The birth date differs from the one the census or the account gives."))
    if settings.minimum_age:
        born = known_birth_date or birth_date
        if born is None:
            refusals.append(_("Give the person's birth date (read it on their identity document)."))
        elif age_on(born, timezone.localdate()) < settings.minimum_age:
            refusals.append(_("This person is under %(age)d: they cannot vote yet.") % {"age": settings.minimum_age})
    refusals += _scope_refusals(budget, settings, census_entry=census_entry, user=user)
    participation = _registered(budget, census_entry=census_entry, user=user)
    if participation is not None:
        refusals.append(channel_sentence(participation.channel))
    return refusals, participation


def person_check(*, budget, method, document_number="", birth_date=None, email="", postal_code="", declaration=False):
    """What the check screen shows: the person found, and why they may not vote (empty: they may)."""
    census_entry, user, refusals = person_find(
        process=budget.process, method=method, document_number=document_number, birth_date=birth_date, email=email
    )
    check = PersonCheck(budget=budget, census_entry=census_entry, user=user, refusals=refusals)
    if check.found:
        check.refusals, check.participation = person_refusals(
            budget=budget,
            census_entry=census_entry,
            user=user,
            birth_date=birth_date,
            postal_code=postal_code,
            declaration=declaration,
        )
    return check


def ensure_may_vote(*, budget, census_entry=None, user=None, birth_date=None, postal_code="", declaration=False):
    """Check the person again inside the service (the screen's check may be minutes old). Returns the person as
    (census entry, account), the account's census entry included."""
    if census_entry is None and user is None:
        raise ValidationError(_("Identify the person first."))
    if census_entry is not None:
        if census_entry.process_id != budget.process_id:
            raise ValidationError(_("This census entry belongs to another process."))
        if user is not None and census_entry.user_id not in (None, user.pk):
            raise ValidationError(_("This census entry belongs to another account."))
        user = user or census_entry.user
    else:
        census_entry = CensusEntry.objects.filter(process=budget.process, user=user).first()
    refusals, _participation = person_refusals(
        budget=budget,
        census_entry=census_entry,
        user=user,
        birth_date=birth_date,
        postal_code=postal_code,
        declaration=declaration,
    )
    if refusals:
        raise ValidationError(refusals)
    return census_entry, user


# --- The choices on a ballot ------------------------------------------------------------------------------------


def ballot_projects(budget):
    """The projects on the ballot of this budget (selected for the vote), in their order."""
    return Project.objects.filter(budget=budget, status=Project.Status.SELECTED).order_by("position", "pk")


def choices_from(*, budget, typed):
    """[Choice] from [(project_id, points, rank)] as typed; refuses a project that is not on this ballot."""
    projects = {project.pk: project for project in ballot_projects(budget)}
    choices = []
    seen = set()
    for project_id, points, rank in typed:
        try:
            project = projects[int(project_id)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(_("A project of this ballot is not on the ballot of this budget.")) from None
        if project.pk in seen:
            raise ValidationError(_("A project appears twice on this ballot."))
        seen.add(project.pk)
        choices.append(Choice(project.pk, project.cost, points=points or 1, rank=rank))
    return choices


def ensure_complete(*, budget, choices):
    errors = completeness_errors(budget, choices)
    if errors:
        raise ValidationError([str(error) for error in errors])


def items_for(ballot, choices):
    return [BallotItem(ballot=ballot, project_id=c.project_id, points=c.points or 1, rank=c.rank) for c in choices]


def already_voted_error(budget, *, census_entry, user):
    """The sentence for a refusal by the register's unique constraints (a vote recorded meanwhile)."""
    existing = _registered(budget, census_entry=census_entry, user=user)
    if existing is None:
        return ValidationError(_("This person has already voted in this budget."))
    return ValidationError(channel_sentence(existing.channel))


# --- Writes -------------------------------------------------------------------------------------------------------


def ballot_record_assisted(
    *, assistant, budget, census_entry=None, user=None, choices, birth_date=None, postal_code="", declaration=False
):
    """Record a person's ballot in person: one transaction makes the confirmed ballot (channel assisted, with a
    receipt code), its items and the person's row in the register. Returns the ballot."""
    ensure_allowed("budgets.assist_vote", user=assistant, obj=budget)
    census_entry, user = ensure_may_vote(
        budget=budget,
        census_entry=census_entry,
        user=user,
        birth_date=birth_date,
        postal_code=postal_code,
        declaration=declaration,
    )
    ensure_complete(budget=budget, choices=choices)
    try:
        with transaction.atomic():
            ballot = Ballot(
                budget=budget,
                voter=None,
                channel=Channel.ASSISTED,
                confirmed_at=timezone.now(),
                receipt_code=new_receipt_code(),
                recorded_by=assistant,
            )
            ballot.full_clean()
            ballot.save()
            BallotItem.objects.bulk_create(items_for(ballot, choices))
            _register(
                budget=budget,
                user=user,
                census_entry=census_entry,
                channel=Channel.ASSISTED,
                ballot=ballot,
                assistant=assistant,
                action="budgets.ballot_record_assisted",
            )
    except IntegrityError:
        raise already_voted_error(budget, census_entry=census_entry, user=user) from None
    return ballot


def _register(*, budget, user, census_entry, channel, ballot, assistant, action):
    """Enter the person in the register (inside the caller's transaction) and audit who recorded whom, never what
    they chose. The register's unique constraints raise IntegrityError for a second vote."""
    participation = Participation(
        budget=budget,
        user=user,
        census_entry=census_entry,
        channel=channel,
        ballot=ballot,
        recorded_by=assistant,
    )
    participation.full_clean(validate_constraints=False)
    participation.save()
    audit_record(
        actor=assistant,
        action=action,
        target=participation,
        data={"budget": budget.pk, "channel": channel, "census": census_entry is not None},
        process=budget.process,
    )
    return participation


def paper_voter_mark(
    *, assistant, budget, census_entry=None, user=None, birth_date=None, postal_code="", declaration=False
):
    """Mark in the register that this person votes on paper (they get a blank sheet; the sheet itself is typed
    later, without any link to them). Refused when the person is already in the register, whatever the channel."""
    ensure_allowed("budgets.assist_vote", user=assistant, obj=budget)
    census_entry, user = ensure_may_vote(
        budget=budget,
        census_entry=census_entry,
        user=user,
        birth_date=birth_date,
        postal_code=postal_code,
        declaration=declaration,
    )
    try:
        with transaction.atomic():
            participation = _register(
                budget=budget,
                user=user,
                census_entry=census_entry,
                channel=Channel.PAPER,
                ballot=None,
                assistant=assistant,
                action="budgets.paper_voter_mark",
            )
    except IntegrityError:
        raise already_voted_error(budget, census_entry=census_entry, user=user) from None
    return participation
