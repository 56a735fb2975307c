"""Participation statistics: who voted, through which channel, on which day, against the population, and the
voters' demographics in aggregate. Read by the public participation page (once the vote is closed) and by the
organisers' live turnout (apps/budgets/staff_selectors.turnout).

A constant number of queries whatever the number of budgets, days and voters: one for the budgets, two for the
confirmed ballots (per channel, per day and channel), four for the demographics (one per dimension).

Demographics are never shown group by group below `MIN_GROUP` people: every smaller group is merged into
"other / not shown", and when that would leave a single group hidden (readable by subtracting the others from the
total) or a merged line under `MIN_GROUP`, the next smallest groups join it. They are always counted over the
whole process (each person once, whichever budgets they voted in), even when one budget is asked for: two tables
over overlapping populations could otherwise be subtracted from each other to reveal a small group.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, IntegerField, Q, Value
from django.db.models.functions import Coalesce, ExtractYear, NullIf, Trim, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Demographics
from apps.spaces.phases import Feature

from .models import Ballot, Budget, Channel, Participation

MIN_GROUP = 10

# The channels every table shows, even at zero; any other (imported ballots) only when it has ballots.
USUAL_CHANNELS = (Channel.ONLINE, Channel.ASSISTED, Channel.PAPER)

# Age bands, in years reached in the year of the vote: (first age, last age or None, label).
AGE_BANDS = (
    (0, 17, _("Under 18")),
    (18, 24, _("18 to 24")),
    (25, 34, _("25 to 34")),
    (35, 49, _("35 to 49")),
    (50, 64, _("50 to 64")),
    (65, None, _("65 and over")),
)
NOT_GIVEN = _("Not given")
OTHER = _("Other / not shown")


def percent(part, whole):
    if not whole:
        return None
    return round(100 * part / whole, 1)


@dataclass
class Group:
    key: str
    label: str
    count: int
    share: float | None = None
    # The width of its bar, in steps of 5 % of the largest line (CSS classes, no style attribute under the CSP).
    bar: int = 0
    # The "other / not shown" line.
    merged: bool = False


@dataclass
class Dimension:
    """One demographic breakdown, ready for a table: the groups shown, then "other / not shown" (`other`, None
    when nothing was merged)."""

    key: str
    title: str
    groups: list = field(default_factory=list)
    other: Group | None = None
    total: int = 0

    @property
    def rows(self):
        return [*self.groups, self.other] if self.other is not None else list(self.groups)


def suppress_small_groups(groups, *, minimum=MIN_GROUP):
    """Split `groups` (Group, in display order) into those that may be shown and the merged "other" count.

    Every group under `minimum` is merged. Then, while the merged groups could still be read (a single group
    merged: the "other" line is that group; or a merged total under `minimum`), the smallest shown group joins
    them. Returns (shown groups in their order, merged count or None)."""
    hidden = {id(group) for group in groups if group.count < minimum}
    shown = [group for group in groups if id(group) not in hidden]

    def merged():
        return sum(group.count for group in groups if id(group) in hidden)

    count_hidden = len(hidden)
    while count_hidden and shown and (count_hidden == 1 or merged() < minimum):
        smallest = min(shown, key=lambda group: (group.count, groups.index(group)))
        hidden.add(id(smallest))
        shown.remove(smallest)
        count_hidden += 1
    if not hidden:
        return shown, None
    return shown, merged()


def _bar(count, largest):
    return 0 if not largest else max(1, round(20 * count / largest)) if count else 0


def _dimension(key, title, groups, total):
    shown, other = suppress_small_groups(groups)
    dimension = Dimension(key=key, title=title, groups=shown, total=total)
    if other is not None:
        dimension.other = Group(key="other", label=str(OTHER), count=other, merged=True)
    largest = max((group.count for group in dimension.rows), default=0)
    for group in dimension.rows:
        group.share = percent(group.count, total)
        group.bar = _bar(group.count, largest)
    return dimension


# -- queries -----------------------------------------------------------------------------------------------------


def _people():
    """Each person once: by account, or by census entry for people in the register without an account."""
    return Count("user_id", distinct=True) + Count("census_entry_id", distinct=True, filter=Q(user__isnull=True))


def _grouped(register, expression, output_field):
    rows = (
        register.annotate(group=Coalesce(expression, Value(None), output_field=output_field))
        .values("group")
        .annotate(n=_people())
        .order_by()
    )
    return {row["group"]: row["n"] for row in rows}


def blank_to_null(name):
    return NullIf(Trim(F(name)), Value(""))


def _reference_year(process):
    """The year of the vote (ages are reached in that year): the end of the last voting phase, or this year."""
    votes = [phase for phase in process.ordered_phases if Feature.VOTE in phase.features]
    return votes[-1].end_date.year if votes else timezone.localdate().year


def age_groups(by_year, reference_year):
    """{birth year: people} as age bands reached in `reference_year` (also used by the surveys' demographics)."""
    counts = [0] * len(AGE_BANDS)
    unknown = by_year.get(None, 0)
    for year, n in by_year.items():
        if year is None:
            continue
        age = reference_year - int(year)
        for index, (first, last, _label) in enumerate(AGE_BANDS):
            if age >= first and (last is None or age <= last):
                counts[index] += n
                break
        else:
            unknown += n
    groups = [
        Group(key=f"{first}-{last if last is not None else ''}", label=str(label), count=n)
        for (first, last, label), n in zip(AGE_BANDS, counts, strict=True)
        if n
    ]
    if unknown:
        groups.append(Group(key="unknown", label=str(NOT_GIVEN), count=unknown))
    return groups


def choice_groups(by_value, choices):
    groups = [
        Group(key=value, label=str(label), count=by_value[value]) for value, label in choices if by_value.get(value)
    ]
    known = {value for value, _label in choices}
    unknown = sum(n for value, n in by_value.items() if value not in known)
    if unknown:
        groups.append(Group(key="unknown", label=str(NOT_GIVEN), count=unknown))
    return groups


def place_groups(by_place):
    ordered = sorted(by_place.items(), key=_place_order)
    groups = [Group(key=place, label=place, count=n) for place, n in ordered if place]
    unknown = by_place.get(None, 0) + by_place.get("", 0)
    if unknown:
        groups.append(Group(key="unknown", label=str(NOT_GIVEN), count=unknown))
    return groups


def _place_order(item):
    place, n = item
    return (-n, place or "")


def demographics(*, process):
    """The voters of `process` (each person in the register once) by age band, gender, socio-professional
    category and district or postal code, small groups merged. Four queries."""
    register = Participation.objects.filter(budget__process=process)
    by_year = _grouped(
        register,
        Coalesce(
            ExtractYear("census_entry__birth_date"),
            ExtractYear("user__birth_date"),
            F("user__demographics__birth_year"),
        ),
        IntegerField(),
    )
    by_gender = _grouped(register, blank_to_null("user__demographics__gender"), CharField())
    by_category = _grouped(register, blank_to_null("user__demographics__socio_professional_category"), CharField())
    by_place = _grouped(
        register,
        Coalesce(
            blank_to_null("census_entry__district"),
            blank_to_null("census_entry__postal_code"),
            blank_to_null("user__postal_code"),
        ),
        CharField(),
    )
    total = sum(by_gender.values())
    return {
        "people": total,
        "minimum": MIN_GROUP,
        "dimensions": [
            _dimension("age", _("Age"), age_groups(by_year, _reference_year(process)), total),
            _dimension("gender", _("Gender"), choice_groups(by_gender, Demographics.Gender.choices), total),
            _dimension(
                "category",
                _("Socio-professional category"),
                choice_groups(by_category, Demographics.SocioProfessionalCategory.choices),
                total,
            ),
            _dimension("place", _("District or postal code"), place_groups(by_place), total),
        ],
    }


def ballot_counts(*, budgets):
    """For `budgets` (a list): confirmed ballots per (budget, channel) and per budget, day and channel. Two
    queries."""
    ids = [budget.pk for budget in budgets]
    confirmed = Ballot.objects.filter(budget_id__in=ids, confirmed_at__isnull=False)
    by_channel = {}
    for row in confirmed.values("budget_id", "channel").annotate(n=Count("pk")).order_by():
        by_channel[(row["budget_id"], row["channel"])] = row["n"]
    by_day = {}
    days_rows = (
        confirmed.annotate(day=TruncDate("confirmed_at", tzinfo=timezone.get_current_timezone()))
        .values("budget_id", "day", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in days_rows:
        by_day.setdefault(row["budget_id"], {}).setdefault(row["day"], {})[row["channel"]] = row["n"]
    return by_channel, by_day


def channels_in(by_channel):
    """The channels a table shows: the usual three, and any other that has ballots (imported ones)."""
    present = {channel for (_budget, channel) in by_channel}
    return [channel for channel in Channel if channel in USUAL_CHANNELS or channel.value in present]


def budget_rows(budgets, by_channel, by_day, channels):
    """Per budget: ballots per channel (with their share), the total, the turnout against the population and the
    ballots per day (per channel)."""
    rows = []
    for budget in budgets:
        counts = [by_channel.get((budget.pk, channel.value), 0) for channel in channels]
        total = sum(counts)
        days = []
        busiest = max((sum(per.values()) for per in by_day.get(budget.pk, {}).values()), default=0)
        for day, per_channel in sorted(by_day.get(budget.pk, {}).items()):
            day_counts = [per_channel.get(channel.value, 0) for channel in channels]
            day_total = sum(day_counts)
            days.append({"day": day, "counts": day_counts, "total": day_total, "bar": _bar(day_total, busiest)})
        turnout = percent(total, budget.population)
        rows.append(
            {
                "budget": budget,
                "channels": [
                    {
                        "channel": channel,
                        "label": channel.label,
                        "count": count,
                        "share": percent(count, total),
                        "bar": _bar(count, total),
                    }
                    for channel, count in zip(channels, counts, strict=True)
                ],
                "total": total,
                "population": budget.population,
                "turnout": turnout,
                "turnout_bar": _bar(min(turnout, 100), 100) if turnout is not None else 0,
                "days": days,
            }
        )
    return rows


def participation_stats(*, budget=None, process=None, with_demographics=True):
    """The participation in one budget or in every budget of a process: per budget, the confirmed ballots per
    channel (online, assisted, paper, imported), the turnout against its population and the ballots per day;
    and the demographics of the process's voters (see the module's docstring). Seven queries at most."""
    if (budget is None) == (process is None):
        raise TypeError("participation_stats() takes a budget or a process")
    if budget is not None:
        process = budget.process
        budgets = [budget]
    else:
        budgets = list(Budget.objects.filter(process=process).order_by("position", "pk"))
    by_channel, by_day = ballot_counts(budgets=budgets)
    channels = channels_in(by_channel)
    rows = budget_rows(budgets, by_channel, by_day, channels)
    totals = [sum(row["channels"][index]["count"] for row in rows) for index in range(len(channels))]
    return {
        "process": process,
        "channels": channels,
        "budgets": rows,
        "total": sum(totals),
        "channel_totals": [
            {"channel": channel, "label": channel.label, "count": count, "share": percent(count, sum(totals))}
            for channel, count in zip(channels, totals, strict=True)
        ],
        "demographics": demographics(process=process) if with_demographics else None,
    }
