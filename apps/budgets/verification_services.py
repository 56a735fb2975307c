"""A citizen's checks before a vote: birth date, census of residents, census of postal codes, declaration on honour.

Each service takes keyword arguments, runs in one transaction and writes an audit entry; a refusal is a
ValidationError (next to the form's field) or PermissionDenied with a sentence. Document numbers are only hashed,
never stored nor audited. Checking against the census is rate-limited (apps.core.abuse) so that nobody can guess
who is in it.

The read side (`verification_status`) lists what the page "Check that I can vote" shows: each requirement of the
process, met or missing, in plain words, with the form that fixes it.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apps.core.abuse import ensure_within_rate
from apps.core.services import audit_record

from . import eligibility
from .census import census_postal_codes, document_hash, normalise_postal_code
from .eligibility import age_on, budget_matches_district, census_entry_of, district_of
from .models import Budget, CensusEntry, Residency, VoterScope, voting_settings_for

CENSUS_CHECK_RATE = getattr(settings, "CENSUS_CHECK_RATE_LIMIT", "5/900")  # census checks per account
POSTAL_CHECK_RATE = getattr(settings, "POSTAL_CODE_CHECK_RATE_LIMIT", "10/900")  # postal-code checks per account
OLDEST_BIRTH_YEAR = 1900


def _methods():
    return get_user_model().VerificationMethod


def _strength(method):
    """A verification is never replaced by a weaker one (a declaration after a census check keeps the census)."""
    methods = _methods()
    order = [methods.NONE, methods.DECLARATION, methods.POSTAL_CODE, methods.CENSUS, methods.IN_PERSON]
    return order.index(method) if method in order else 0


def _ensure_signed_in(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("Sign in to check that you can vote."))


def _locked(user):
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def _set_verified(locked, user, method, now):
    """Record `method` unless the account already holds a stronger one; keeps the caller's object in step."""
    fields = []
    if _strength(method) >= _strength(locked.verification_method):
        locked.verification_method = method
        locked.verified_at = now
        fields = ["verification_method", "verified_at"]
    user.verification_method, user.verified_at = locked.verification_method, locked.verified_at
    eligibility.forget(user)
    return fields


def _ensure_residency(process, residency, message):
    if voting_settings_for(process).residency != residency:
        raise PermissionDenied(message)


def _validate_birth_date(birth_date):
    if birth_date is None:
        raise ValidationError({"birth_date": _("Give your birth date.")})
    if birth_date > timezone.localdate() or birth_date.year < OLDEST_BIRTH_YEAR:
        raise ValidationError({"birth_date": _("This birth date is not possible.")})


# --- writes ----------------------------------------------------------------------------------------------------


@transaction.atomic
def verification_set_birth_date(*, user, birth_date):
    """The birth date a voter gives for the minimum age. One that comes from the census cannot be changed here."""
    _ensure_signed_in(user)
    _validate_birth_date(birth_date)
    locked = _locked(user)
    methods = _methods()
    if locked.verification_method in (methods.CENSUS, methods.IN_PERSON) and locked.birth_date:
        if locked.birth_date == birth_date:
            return user
        raise ValidationError(
            {"birth_date": _("Your birth date was checked against the census; it cannot be changed here.")}
        )
    locked.birth_date = birth_date
    locked.full_clean(exclude=["password"])
    locked.save(update_fields=["birth_date"])
    user.birth_date = birth_date
    eligibility.forget(user)
    audit_record(actor=user, action="budgets.birth_date_set", target=user)
    return user


def verification_census_check(*, user, process, document, birth_date):
    """Find the resident with this document number and birth date in the census of `process`, and link them to
    this account (user.verification_method = census, its birth date from the census).

    Refused (ValidationError) when there is no such resident, the resident is already linked to another account,
    or this account already holds another resident of the census; rate-limited. Refusals are audited too, without
    the number. Returns the census entry."""
    _ensure_signed_in(user)
    _ensure_residency(
        process, Residency.CENSUS_DOCUMENT, _("This vote does not check residents against a census of documents.")
    )
    ensure_within_rate(
        key=f"budgets:census_check:{user.pk}",
        rate=CENSUS_CHECK_RATE,
        message=_(
            "Too many attempts to find you in the census. Wait a quarter of an hour and try again, or ask the "
            "organisers for help."
        ),
    )
    digest = document_hash(document)
    if birth_date is None or not digest:
        raise ValidationError(_("Give your document number and your birth date."))
    try:
        with transaction.atomic():
            return _census_link(user=user, process=process, digest=digest, birth_date=birth_date)
    except ValidationError as refusal:
        with transaction.atomic():
            audit_record(
                actor=user,
                action="budgets.census_check_refused",
                target=process,
                process=process,
                data={"reason": refusal.code or "refused"},
            )
        raise


def _census_link(*, user, process, digest, birth_date):
    locked = _locked(user)  # one check at a time per account
    entry = CensusEntry.objects.select_for_update().filter(process=process, document_hash=digest).first()
    if entry is None or entry.birth_date != birth_date:
        # The same sentence for an unknown number and a wrong date: the page must not tell which one is right.
        raise ValidationError(
            _(
                "We could not find this document number with this birth date in the census. Check both and try "
                "again; if you are a resident and it still does not work, contact the organisers."
            ),
            code="no_match",
        )
    if entry.user_id and entry.user_id != user.pk:
        raise ValidationError(
            _(
                "This resident is already verified with another account. If that account is not yours, contact "
                "the organisers."
            ),
            code="linked_elsewhere",
        )
    held = CensusEntry.objects.filter(process=process, user=user).exclude(pk=entry.pk).exists()
    if held:
        raise ValidationError(
            _("Your account is already verified as another resident of this census."), code="account_linked"
        )
    now = timezone.now()
    if entry.user_id is None:
        entry.user = user
        entry.verified_at = now
        entry.save(update_fields=["user", "verified_at"])
    fields = _set_verified(locked, user, _methods().CENSUS, now)
    if entry.birth_date and locked.birth_date != entry.birth_date:
        locked.birth_date = user.birth_date = entry.birth_date
        fields.append("birth_date")
    if fields:
        locked.save(update_fields=fields)
    audit_record(
        actor=user,
        action="budgets.census_verified",
        target=process,
        process=process,
        data={"method": _methods().CENSUS, "entry": entry.pk},
    )
    return entry


@transaction.atomic
def verification_postal_code(*, user, process, postal_code):
    """Check the voter's postal code against the census of postal codes of `process`; on a match it becomes the
    account's postal code, and the account is verified by postal code."""
    _ensure_signed_in(user)
    _ensure_residency(
        process, Residency.CENSUS_POSTAL_CODE, _("This vote does not check residents against postal codes.")
    )
    ensure_within_rate(
        key=f"budgets:postal_check:{user.pk}",
        rate=POSTAL_CHECK_RATE,
        message=_("Too many attempts. Wait a quarter of an hour and try again."),
        field="postal_code",
    )
    code = normalise_postal_code(postal_code)
    if not code:
        raise ValidationError({"postal_code": _("Give your postal code.")})
    if code not in census_postal_codes(process=process):
        raise ValidationError(
            {
                "postal_code": _(
                    "The postal code %(code)s is not one of the places whose residents vote here. If you live "
                    "here, check it or contact the organisers."
                )
                % {"code": code}
            }
        )
    locked = _locked(user)
    fields = _set_verified(locked, user, _methods().POSTAL_CODE, timezone.now())
    locked.postal_code = user.postal_code = code
    locked.save(update_fields=[*fields, "postal_code"])
    audit_record(
        actor=user,
        action="budgets.postal_code_verified",
        target=process,
        process=process,
        data={"method": _methods().POSTAL_CODE},
    )
    return user


@transaction.atomic
def verification_declare(*, user, process, postal_code, declared):
    """A declaration on honour that the voter lives here, with their postal code."""
    _ensure_signed_in(user)
    _ensure_residency(process, Residency.DECLARATION, _("This vote does not take a declaration on honour."))
    if not declared:
        raise ValidationError({"declared": _("Tick the box to declare on your honour that you live here.")})
    code = normalise_postal_code(postal_code)
    if not code:
        raise ValidationError({"postal_code": _("Give your postal code.")})
    locked = _locked(user)
    fields = _set_verified(locked, user, _methods().DECLARATION, timezone.now())
    locked.postal_code = user.postal_code = code
    locked.full_clean(exclude=["password"])
    locked.save(update_fields=[*fields, "postal_code"])
    audit_record(
        actor=user,
        action="budgets.declaration",
        target=process,
        process=process,
        data={"method": _methods().DECLARATION},
    )
    return user


# --- the page's requirements -----------------------------------------------------------------------------------


class Step:
    """Which form fixes a missing requirement."""

    SIGN_IN = "sign_in"
    BIRTH_DATE = "birth_date"
    CENSUS = "census"
    POSTAL_CODE = "postal_code"
    DECLARATION = "declaration"


@dataclass
class RequirementStatus:
    key: str
    title: str
    met: bool
    text: str
    step: str = ""  # the form to show when not met ("" when nothing on this page can fix it)


def birthday_when(birth_date, age):
    """The day someone born on `birth_date` reaches `age` (1 March for a 29 February in a common year)."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return datetime.date(birth_date.year + age, 3, 1)


def _age_status(user, minimum_age):
    title = _("Age")
    if not user.birth_date:
        return RequirementStatus(
            "age",
            title,
            False,
            _("You must be at least %(age)d years old to vote. Give your birth date.") % {"age": minimum_age},
            Step.BIRTH_DATE,
        )
    if age_on(user.birth_date, timezone.localdate()) >= minimum_age:
        return RequirementStatus(
            "age", title, True, _("You are at least %(age)d years old.") % {"age": minimum_age}, Step.BIRTH_DATE
        )
    return RequirementStatus(
        "age",
        title,
        False,
        _("You must be at least %(age)d years old to vote. You can vote from %(date)s.")
        % {"age": minimum_age, "date": formats.date_format(birthday_when(user.birth_date, minimum_age))},
        Step.BIRTH_DATE,
    )


def _residency_status(user, process, residency):
    title = _("Residency")
    if residency == Residency.CENSUS_DOCUMENT:
        if census_entry_of(user, process):
            return RequirementStatus("residency", title, True, _("You are in the census of residents."))
        return RequirementStatus(
            "residency",
            title,
            False,
            _("Only residents in the census may vote. Find yourself in it with your document number and birth date."),
            Step.CENSUS,
        )
    if residency == Residency.CENSUS_POSTAL_CODE:
        code = normalise_postal_code(user.postal_code)
        if code and code in census_postal_codes(process=process):
            return RequirementStatus(
                "residency", title, True, _("Your postal code %(code)s is in the census.") % {"code": code}
            )
        return RequirementStatus(
            "residency",
            title,
            False,
            _("Only residents of the postal codes in the census may vote. Give your postal code."),
            Step.POSTAL_CODE,
        )
    if user.verification_method and user.verified_at:
        return RequirementStatus(
            "residency",
            title,
            True,
            _("You are verified (%(method)s).") % {"method": user.get_verification_method_display()},
        )
    return RequirementStatus(
        "residency",
        title,
        False,
        _("Declare on your honour that you live here, with your postal code."),
        Step.DECLARATION,
    )


def district_budgets_of(*, user, process, budgets=None):
    """The district budgets of `process` that match the voter's district, as the rule `budgets.vote_budget` sees
    it (eligibility.district_of: the census entry's district or postal code, else the account's postal code)."""
    budgets = budgets if budgets is not None else Budget.objects.filter(process=process).exclude(district="")
    district = district_of(user, process)
    return [budget for budget in budgets if budget.district and budget_matches_district(budget, district)]


def _district_status(user, process, residency):
    budgets = list(Budget.objects.filter(process=process).exclude(district=""))
    if not budgets:
        return None
    title = _("District")
    mine = district_budgets_of(user=user, process=process, budgets=budgets)
    if mine:
        return RequirementStatus(
            "district", title, True, _("You vote in the budget of %(district)s.") % {"district": mine[0].district}
        )
    step = {
        Residency.CENSUS_DOCUMENT: Step.CENSUS,
        Residency.CENSUS_POSTAL_CODE: Step.POSTAL_CODE,
        Residency.DECLARATION: Step.DECLARATION,
    }.get(residency, "")
    if residency == Residency.CENSUS_DOCUMENT:
        text = _("Your district comes from the census: find yourself in it first.")
    else:
        text = _("Your postal code does not match the district of any budget. Give the postal code where you live.")
    return RequirementStatus("district", title, False, text, step)


def verification_status(*, user, process):
    """[RequirementStatus] for the page "Check that I can vote", in the order a voter meets them."""
    if not user.is_authenticated:
        return [
            RequirementStatus("sign_in", _("Account"), False, _("Sign in or create an account to vote."), Step.SIGN_IN)
        ]
    voting = voting_settings_for(process)
    statuses = [RequirementStatus("sign_in", _("Account"), True, _("You are signed in."))]
    if voting.minimum_age:
        statuses.append(_age_status(user, voting.minimum_age))
    if voting.residency != Residency.NONE:
        statuses.append(_residency_status(user, process, voting.residency))
    if voting.voter_scope == VoterScope.DISTRICT:
        district = _district_status(user, process, voting.residency)
        if district is not None:
            statuses.append(district)
    return statuses


def verification_url(*, user, budget):
    """The page "Check that I can vote" when a check that page fixes (age, residency, district) stands between
    `user` and a vote in `budget`, else "". Templates show it as a link beside the refusal of budgets.vote_budget."""
    if not user.is_authenticated:
        return ""
    district_scope = voting_settings_for(budget.process).voter_scope == VoterScope.DISTRICT
    missing = (
        not eligibility.is_old_enough(user, budget)
        or not eligibility.is_resident(user, budget)
        or (district_scope and not eligibility.may_vote_in_this_budget(user, budget))
    )
    if not missing:
        return ""
    return reverse("budgets:verification", kwargs={"slug": budget.process.slug})
