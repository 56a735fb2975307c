"""A compact election: projects, budget and ballots grouped by identical content (with multiplicities).

Grouping identical ballots is what makes counting fast: a city's 70,000 approval ballots of up to five projects hold
far fewer distinct ballots, and every rule here works on groups.

Numbers are exact: costs, the budget and points are ``int`` where they are whole, ``fractions.Fraction`` otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

APPROVAL = "approval"
CHOOSE_1 = "choose-1"
CUMULATIVE = "cumulative"
ORDINAL = "ordinal"
VOTE_TYPES = (APPROVAL, CHOOSE_1, CUMULATIVE, ORDINAL)

Number = int | Fraction


def exact_number(value) -> Number:
    """An exact number from an int, a Fraction or a decimal string ("12", "12.5", "12,5"); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else value
    if isinstance(value, float):
        raise ValueError("floats are not exact: give an int, a Fraction or a string")
    text = str(value).strip().replace(",", ".")
    if not text:
        raise ValueError("empty number")
    try:
        number = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"not a number: {value!r}") from None
    return int(number) if number.denominator == 1 else number


@dataclass(frozen=True)
class Project:
    id: str
    cost: Number
    name: str = ""


@dataclass
class Profile:
    """An election ready to count.

    ``ballots`` maps a ballot to how many voters cast it. A ballot is:
      - approval / choose-1: a tuple of project ids, sorted (a set);
      - cumulative: a tuple of ``(project id, points)`` pairs, sorted by id, points > 0;
      - ordinal: a tuple of project ids in the voter's order (first = preferred).
    """

    vote_type: str
    budget: Number
    projects: dict[str, Project]
    ballots: dict[tuple, int] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        vote_type: str,
        budget,
        projects: Iterable[Project | tuple],
        ballots: Iterable,
        meta: dict | None = None,
    ) -> Profile:
        """Build a profile from raw ballots, one per voter (``add`` takes a ballot with its multiplicity).

        Approval ballots are iterables of ids; cumulative ballots are mappings or ``(id, points)`` pairs; ordinal
        ballots are sequences of ids, preferred first. ValueError names an unknown project."""
        if vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote type {vote_type!r}")
        projs: dict[str, Project] = {}
        for p in projects:
            if not isinstance(p, Project):
                p = Project(str(p[0]), exact_number(p[1]), *(p[2:3]))
            else:
                p = Project(str(p.id), exact_number(p.cost), p.name)
            if p.id in projs:
                raise ValueError(f"duplicate project {p.id!r}")
            projs[p.id] = p
        profile = cls(vote_type=vote_type, budget=exact_number(budget), projects=projs, meta=dict(meta or {}))
        counter: Counter = Counter()
        for ballot in ballots:
            counter[profile.normalise(ballot)] += 1
        profile.ballots = dict(counter)
        return profile

    def normalise(self, ballot) -> tuple:
        """The canonical (hashable) form of one ballot; ValueError naming an unknown project."""
        projects = self.projects
        if self.vote_type in (APPROVAL, CHOOSE_1):
            ids = {str(p) for p in ballot}
            for pid in ids:
                if pid not in projects:
                    raise ValueError(f"unknown project {pid!r}")
            return tuple(sorted(ids))
        if self.vote_type == CUMULATIVE:
            items = ballot.items() if hasattr(ballot, "items") else ballot
            points: dict[str, Number] = {}
            for pid, pts in items:
                pid = str(pid)
                if pid not in projects:
                    raise ValueError(f"unknown project {pid!r}")
                pts = exact_number(pts)
                if pts < 0:
                    raise ValueError(f"negative points for project {pid!r}")
                points[pid] = points.get(pid, 0) + pts
            return tuple(sorted((pid, pts) for pid, pts in points.items() if pts > 0))
        seen: list[str] = []
        for pid in ballot:
            pid = str(pid)
            if pid not in projects:
                raise ValueError(f"unknown project {pid!r}")
            if pid in seen:
                raise ValueError(f"project {pid!r} ranked twice")
            seen.append(pid)
        return tuple(seen)

    def add(self, ballot, multiplicity: int = 1) -> None:
        key = self.normalise(ballot)
        self.ballots[key] = self.ballots.get(key, 0) + multiplicity

    @property
    def num_voters(self) -> int:
        return sum(self.ballots.values())

    def project_ids(self, ballot: tuple) -> tuple[str, ...]:
        """The projects a ballot names (in its order for rankings)."""
        if self.vote_type == CUMULATIVE:
            return tuple(pid for pid, _ in ballot)
        return ballot

    def approvals(self) -> dict[str, int]:
        """How many voters name each project (with positive points, for cumulative ballots)."""
        counts = dict.fromkeys(self.projects, 0)
        for ballot, n in self.ballots.items():
            for pid in self.project_ids(ballot):
                counts[pid] += n
        return counts

    def max_ballot_length(self) -> int:
        return max((len(b) for b in self.ballots), default=0)

    def total_cost(self, project_ids: Iterable[str]) -> Number:
        return sum((self.projects[pid].cost for pid in project_ids), 0)


@dataclass
class Outcome:
    """A rule's result: the winners in selection order (for Phragmén too; pabutools sorts those by id)."""

    rule: str
    winners: list[str]
    budget: Number
    spent: Number
    voters: int
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "budget": _plain(self.budget),
            "spent": _plain(self.spent),
            "winners": list(self.winners),
            "voters": self.voters,
        }


def _plain(number: Number):
    if isinstance(number, Fraction):
        return int(number) if number.denominator == 1 else str(number)
    return number


def outcome(profile: Profile, rule: str, winners: list[str], **details) -> Outcome:
    return Outcome(
        rule=rule,
        winners=list(winners),
        budget=profile.budget,
        spent=profile.total_cost(winners),
        voters=profile.num_voters,
        details=details,
    )
