"""Who may vote in a budget: age, residency, the budgets open to the voter, and the other channels.

Each check is a `rules` predicate with the sentence that explains a refusal (rules.py composes them into
`budgets.vote_budget`). Lookups are cached on the user object for the request, so a page that asks the rule for
every budget does not repeat them.
"""

from datetime import date

import rules
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.prepared import RawRead

from .census import census_postal_codes, normalise_postal_code
from .models import Budget, CensusEntry, Channel, Participation, Residency, VoterScope, voting_settings_for


def _budget(obj):
    return obj if isinstance(obj, Budget) else getattr(obj, "budget", None)


def age_on(birth_date, day):
    """Full years between `birth_date` and `day` (a birthday on `day` counts)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _cache(user):
    cache = getattr(user, "_budgets_eligibility", None)
    if cache is None:
        cache = {}
        try:
            user._budgets_eligibility = cache
        except AttributeError:  # AnonymousUser has no __dict__ issues, but be safe
            pass
    return cache


def census_entry_of(user, process):
    """The census entry `user` verified against in `process`, or None."""
    if not user.is_authenticated:
        return None
    cache = _cache(user)
    key = ("census", process.pk)
    if key not in cache:
        cache[key] = CensusEntry.objects.filter(process=process, user=user).first()
    return cache[key]


def _prefetch_sql():
    census, register = CensusEntry._meta.db_table, Participation._meta.db_table
    # Participation._meta.ordering (budget_id, created_at, pk): the entry registered_elsewhere() would take.
    return (
        f'SELECT c.*, (SELECT p."id" FROM "{register}" p WHERE p."budget_id" = %s'
        f' AND (p."user_id" = %s OR p."census_entry_id" = c."id") AND NOT (p."channel" = %s)'
        f' ORDER BY p."budget_id", p."created_at", p."id" LIMIT 1) AS registered_elsewhere_pk'
        f' FROM "{census}" c WHERE c."process_id" = %s AND c."user_id" = %s ORDER BY c."id" LIMIT 1'
    )


_PREFETCH_SQL = _prefetch_sql()
_PREFETCH = RawRead(CensusEntry, _PREFETCH_SQL)


def prefetch(user, budget):
    """Read, in one query, the two lookups the vote rule makes for `user` in `budget`: their census entry in its
    process and their register entry of another channel in it (two queries when they are not in the census)."""
    if not user.is_authenticated:
        return
    cache = _cache(user)
    census_key, register_key = ("census", budget.process_id), ("register", budget.pk)
    if census_key in cache or register_key in cache:
        return
    # Every vote request asks this (and every write again under its locks): written as SQL, it costs a tenth of
    # the CPU the ORM spends building the same statement (bench/voting.py). The same query as
    #   CensusEntry.objects.filter(process_id=..., user=user).annotate(registered_elsewhere_pk=Subquery(
    #       Participation.objects.filter(budget=budget).filter(Q(user=user) | Q(census_entry=OuterRef("pk")))
    #       .exclude(channel=Channel.ONLINE).order_by(*Participation._meta.ordering).values("pk")[:1])).first()
    # (tests/budgets/test_vote_rules.py checks both give the same answers).
    entry = _PREFETCH.first([budget.pk, user.pk, str(Channel.ONLINE), budget.process_id, user.pk])
    cache[census_key] = entry
    if entry is not None:
        found = entry.registered_elsewhere_pk
        cache[register_key] = Participation.objects.filter(pk=found).first() if found else None


def forget(user):
    """Drop the cached lookups (after a verification or a vote in the same request)."""
    if hasattr(user, "_budgets_eligibility"):
        user._budgets_eligibility = {}


# -- age ---------------------------------------------------------------------------------------------------------


@rules.predicate
def is_old_enough(user, obj):
    budget = _budget(obj)
    if budget is None or not user.is_authenticated:
        return False
    minimum = voting_settings_for(budget.process).minimum_age
    if not minimum:
        return True
    return bool(user.birth_date and age_on(user.birth_date, timezone.localdate()) >= minimum)


def age_refusal(user, obj):
    minimum = voting_settings_for(_budget(obj).process).minimum_age
    if not user.birth_date:
        return _("You must be at least %(age)d to vote: give your birth date on the verification page.") % {
            "age": minimum
        }
    return _("You must be at least %(age)d to vote.") % {"age": minimum}


# -- residency ---------------------------------------------------------------------------------------------------


@rules.predicate
def is_resident(user, obj):
    budget = _budget(obj)
    if budget is None or not user.is_authenticated:
        return False
    process = budget.process
    residency = voting_settings_for(process).residency
    if residency == Residency.NONE:
        return True
    if residency == Residency.DECLARATION:
        return bool(user.verification_method and user.verified_at)
    if residency == Residency.CENSUS_DOCUMENT:
        return census_entry_of(user, process) is not None
    if residency == Residency.CENSUS_POSTAL_CODE:
        cache = _cache(user)
        key = ("postal", process.pk)
        if key not in cache:
            code = normalise_postal_code(user.postal_code)
            cache[key] = bool(code) and code in census_postal_codes(process=process)
        return cache[key]
    return False


def residency_refusal(user, obj):
    residency = voting_settings_for(_budget(obj).process).residency
    if residency == Residency.DECLARATION:
        return _("Declare on your honour that you live here, on the verification page, to vote.")
    if residency == Residency.CENSUS_DOCUMENT:
        return _("Verify your identity against the census of residents, on the verification page, to vote.")
    if user.postal_code:
        return _("Your postal code %(code)s is not in the census of this vote.") % {"code": user.postal_code}
    return _("Give your postal code on the verification page: only residents in the census can vote.")


# -- which budgets -----------------------------------------------------------------------------------------------


def district_of(user, process):
    """The voter's verified district (census) or, failing that, their postal code, lower-cased."""
    entry = census_entry_of(user, process)
    if entry is not None and entry.district:
        return entry.district.strip().lower()
    if entry is not None and entry.postal_code:
        return entry.postal_code.strip().lower()
    return user.postal_code.strip().lower()


def budget_matches_district(budget, district):
    if not district:
        return False
    return district == budget.district.strip().lower() or district in budget.postal_code_list()


def other_budget_voted(user, budget):
    """The other budget of the process this user already voted in (one-budget processes), or None."""
    cache = _cache(user)
    key = ("voted_in", budget.process_id)
    if key not in cache:
        cache[key] = list(
            Participation.objects.filter(budget__process_id=budget.process_id, user=user).values_list(
                "budget_id", flat=True
            )
        )
    others = [pk for pk in cache[key] if pk != budget.pk]
    return Budget.objects.filter(pk=others[0]).first() if others else None


@rules.predicate
def may_vote_in_this_budget(user, obj):
    budget = _budget(obj)
    if budget is None or not user.is_authenticated:
        return False
    settings = voting_settings_for(budget.process)
    if settings.voter_scope == VoterScope.ALL_BUDGETS:
        return True
    if settings.voter_scope == VoterScope.ONE_BUDGET:
        return other_budget_voted(user, budget) is None
    # District: the voter's own district, and the city-wide budget when the process allows it.
    if budget.is_city_wide:
        return settings.district_voters_also_city_wide
    return budget_matches_district(budget, district_of(user, budget.process))


def scope_refusal(user, obj):
    budget = _budget(obj)
    settings = voting_settings_for(budget.process)
    if settings.voter_scope == VoterScope.ONE_BUDGET:
        other = other_budget_voted(user, budget)
        return _("You already voted in “%(budget)s”: this vote lets you choose one budget only.") % {"budget": other}
    if budget.is_city_wide:
        return _("This vote is for the district budgets only.")
    return _("This budget is for the residents of %(district)s.") % {"district": budget.district}


# -- other channels ----------------------------------------------------------------------------------------------


def registered_elsewhere(user, budget):
    """The register entry (assisted or paper) that already counts this person in `budget`, or None."""
    cache = _cache(user)
    key = ("register", budget.pk)
    if key not in cache:
        entry = census_entry_of(user, budget.process)
        person = Q(user=user) if entry is None else Q(user=user) | Q(census_entry=entry)
        cache[key] = Participation.objects.filter(person, budget=budget).exclude(channel=Channel.ONLINE).first()
    return cache[key]


@rules.predicate
def has_not_voted_elsewhere(user, obj):
    budget = _budget(obj)
    if budget is None or not user.is_authenticated:
        return False
    return registered_elsewhere(user, budget) is None


def elsewhere_refusal(user, obj):
    participation = registered_elsewhere(user, _budget(obj))
    if participation is not None and participation.channel == Channel.PAPER:
        return _("You already voted on paper in this budget.")
    return _("You already voted in person in this budget.")


def minimum_birth_date(minimum_age, today=None):
    """The latest birth date old enough to vote today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - minimum_age)
    except ValueError:  # 29 February
        return date(today.year - minimum_age, 2, 28)
