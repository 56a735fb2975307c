"""Pabulib files (https://pabulib.org/format): read and write, with no Django.

A file has three sections, each a ``;``-separated table whose first row names the columns:

    META        key;value            (budget, vote_type, num_projects, num_votes, rule, ...)
    PROJECTS    project_id;cost;...  (name, votes, score, selected, ...)
    VOTES       voter_id;vote;...    (vote: ids separated by commas; points for cumulative ballots)

``read`` checks the file and raises ``PabulibError`` naming the line for a malformed one (bad encoding, a missing or
truncated section, a row with the wrong number of fields, an unknown vote type, a vote for a project that does not
exist, a number that is not one). ``write`` produces a file that ``read`` and pabutools both accept.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .profile import CUMULATIVE, ORDINAL, VOTE_TYPES, Number, Profile, Project, exact_number

SECTIONS = ("meta", "projects", "votes")


class PabulibError(ValueError):
    """A malformed Pabulib file. ``line`` is the 1-based line number the problem is on (None for the whole file)."""

    def __init__(self, message: str, line: int | None = None, source: str | None = None):
        self.message = message
        self.line = line
        self.source = source
        where = []
        if source:
            where.append(str(source))
        if line is not None:
            where.append(f"line {line}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@dataclass
class PabulibFile:
    meta: dict[str, str] = field(default_factory=dict)
    project_columns: list[str] = field(default_factory=lambda: ["project_id", "cost"])
    projects: list[dict[str, str]] = field(default_factory=list)
    vote_columns: list[str] = field(default_factory=lambda: ["voter_id", "vote"])
    votes: list[dict[str, str]] = field(default_factory=list)
    # Line number of each vote row, parallel to ``votes`` (for error messages when building the profile).
    vote_lines: list[int] = field(default_factory=list, repr=False)
    # Each distinct (vote, points) text read, with its ballot in the profile's canonical form.
    _keys: dict[tuple, tuple] = field(default_factory=dict, repr=False)

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "")

    @property
    def budget(self) -> Number:
        return exact_number(self.meta["budget"])

    def selected(self) -> list[str] | None:
        """The official winners (the ``selected`` column), or None if the file does not record them."""
        if "selected" not in self.project_columns:
            return None
        return [p["project_id"] for p in self.projects if p.get("selected", "").strip() in ("1", "1.0", "True")]

    def profile(self) -> Profile:
        """The election to count (ballots grouped by content)."""
        vote_type = self.vote_type
        projects = {}
        for row in self.projects:
            projects[row["project_id"]] = Project(row["project_id"], exact_number(row["cost"]), row.get("name", ""))
        profile = Profile(vote_type=vote_type, budget=self.budget, projects=projects, meta=dict(self.meta))
        ballots: dict[tuple, int] = {}
        keys = self._keys
        raw = Counter((v.get("vote", ""), v.get("points")) for v in self.votes)
        for signature, n in raw.items():
            key = keys.get(signature)
            if key is None:
                key = keys[signature] = _ballot_key(signature, vote_type, profile.projects)
            ballots[key] = ballots.get(key, 0) + n
        profile.ballots = ballots
        return profile


def _split(text: str) -> list[str]:
    if " " in text or "\t" in text:
        return [part.strip() for part in text.split(",") if part.strip()]
    return [part for part in text.split(",") if part]


def read(source, *, name: str | None = None) -> PabulibFile:
    """Read a Pabulib file from a path (``Path`` or a one-line string naming a file), bytes or text.

    Raises ``PabulibError`` (with the line) if the file is malformed."""
    text_given = isinstance(source, str) and ("\n" in source or source.lstrip("\ufeff \t").upper().startswith("META"))
    if isinstance(source, Path) or (isinstance(source, str) and not text_given):
        path = Path(source)
        name = name or path.name
        data = path.read_bytes()
    else:
        data = source
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise PabulibError("the file is not UTF-8 text", line, name) from None
    else:
        text = data
    return parse(text, name=name)


def parse(text: str, *, name: str | None = None) -> PabulibFile:
    """Parse and check the text of a Pabulib file."""

    def fail(message: str, line: int | None) -> PabulibError:
        return PabulibError(message, line, name)

    result = PabulibFile(project_columns=[], vote_columns=[])
    reader = csv.reader(io.StringIO(text), delimiter=";")
    section = None
    header: list[str] = []
    seen_sections: list[str] = []
    project_ids: set[str] = set()
    keys = result._keys
    last_line = 0
    try:
        for row in reader:
            line = reader.line_num
            last_line = line
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            first = row[0].strip()
            if len(row) == 1 and first.lower() in SECTIONS:
                new = first.lower()
                expected = SECTIONS[len(seen_sections)] if len(seen_sections) < 3 else None
                if not seen_sections and new != "meta":
                    raise fail("a Pabulib file starts with META", line)
                if new != expected:
                    where = expected.upper() if expected else "the end of the file"
                    raise fail(f"section {first} out of place (expected {where})", line)
                seen_sections.append(new)
                section = new
                try:
                    header_row = next(reader)
                except StopIteration:
                    raise fail(f"the file ends right after {first}: the header row is missing", line) from None
                header = [h.strip() for h in header_row]
                hline = reader.line_num
                if len(header) < 2:
                    raise fail(f"the {first} header has {len(header)} field; fields must be separated by ';'", hline)
                if section == "meta" and header[:2] != ["key", "value"]:
                    raise fail("the META header must be 'key;value'", hline)
                if section == "projects":
                    for col in ("project_id", "cost"):
                        if col not in header:
                            raise fail(f"the PROJECTS header has no '{col}' column", hline)
                    result.project_columns = header
                if section == "votes":
                    if "vote" not in header:
                        raise fail("the VOTES header has no 'vote' column", hline)
                    result.vote_columns = header
                continue
            if section is None:
                raise fail("a Pabulib file starts with META", line)
            if len(row) != len(header):
                sep = "" if len(row) > 1 else " (fields must be separated by ';')"
                raise fail(f"expected {len(header)} fields, found {len(row)}{sep}", line)
            if section == "meta":
                key = row[0].strip()
                if key in result.meta:
                    raise fail(f"META key '{key}' appears twice", line)
                result.meta[key] = row[1].strip()
                continue
            values = dict(zip(header, map(str.strip, row), strict=True))
            if section == "projects":
                pid = values["project_id"]
                if not pid:
                    raise fail("empty project_id", line)
                if pid in project_ids:
                    raise fail(f"project {pid} appears twice", line)
                try:
                    cost = exact_number(values["cost"])
                except ValueError:
                    raise fail(f"the cost of project {pid} is not a number: {values['cost']!r}", line) from None
                if cost < 0:
                    raise fail(f"the cost of project {pid} is negative", line)
                project_ids.add(pid)
                result.projects.append(values)
            else:
                # Many voters cast the same ballot: check each distinct one once.
                signature = (values["vote"], values.get("points"))
                if signature not in keys:
                    keys[signature] = _check_vote(values, result.meta.get("vote_type", ""), project_ids, fail, line)
                result.votes.append(values)
                result.vote_lines.append(line)
    except csv.Error as exc:
        raise fail(f"unreadable row: {exc}", reader.line_num) from None

    if len(seen_sections) < 3:
        missing = ", ".join(s.upper() for s in SECTIONS[len(seen_sections) :])
        raise fail(f"the file is truncated: no {missing} section", last_line or 1)
    meta = result.meta
    for key in ("budget", "vote_type"):
        if key not in meta:
            raise fail(f"META has no '{key}'", None)
    try:
        budget = exact_number(meta["budget"])
    except ValueError:
        raise fail(f"the budget is not a number: {meta['budget']!r}", None) from None
    if budget < 0:
        raise fail("the budget is negative", None)
    for key, actual, what in (
        ("num_projects", len(result.projects), "projects"),
        ("num_votes", len(result.votes), "votes"),
    ):
        if key in meta:
            try:
                announced = int(meta[key])
            except ValueError:
                raise fail(f"META {key} is not a whole number: {meta[key]!r}", None) from None
            if announced != actual:
                raise fail(
                    f"META {key} announces {announced} {what} but the file holds {actual}"
                    + (" (truncated?)" if actual < announced else ""),
                    last_line,
                )
    return result


def _check_vote(values: dict, vote_type: str, project_ids, fail, line: int) -> tuple:
    """Check one vote row; return its ballot in the profile's canonical form (see ``Profile``)."""
    if vote_type not in VOTE_TYPES:
        raise fail(f"unknown vote type {vote_type!r} (expected one of {', '.join(VOTE_TYPES)})", line)
    ids = _split(values["vote"])
    for pid in ids:
        if pid not in project_ids:
            raise fail(f"a vote for project {pid}, which is not in PROJECTS", line)
    if vote_type == ORDINAL:
        if len(set(ids)) != len(ids):
            raise fail("a ranking names the same project twice", line)
        return tuple(ids)
    if vote_type != CUMULATIVE:
        return tuple(sorted(set(ids)))
    if "points" not in values:
        raise fail("cumulative votes need a 'points' column", line)
    points = _split(values["points"])
    if len(points) != len(ids):
        raise fail(f"{len(ids)} projects but {len(points)} points", line)
    merged: dict[str, Number] = {}
    for pid, pts in zip(ids, points, strict=True):
        try:
            number = exact_number(pts)
        except ValueError:
            number = -1
        if number < 0:
            raise fail(f"points must be numbers of at least 0, found {pts!r}", line)
        merged[pid] = merged.get(pid, 0) + number
    return tuple(sorted((pid, pts) for pid, pts in merged.items() if pts > 0))


def _ballot_key(signature: tuple, vote_type: str, projects) -> tuple:
    def fail(message, line):
        return PabulibError(message, line)

    values = {"vote": signature[0]}
    if signature[1] is not None:
        values["points"] = signature[1]
    return _check_vote(values, vote_type, projects, fail, None)


def write(pf: PabulibFile) -> str:
    """The text of a Pabulib file (``\\n`` line ends, ``;`` separators, quoting only where a field needs it)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in pf.meta.items():
        writer.writerow([key, value])
    out.write("PROJECTS\n")
    writer.writerow(pf.project_columns)
    for row in pf.projects:
        writer.writerow([_field(row.get(col, "")) for col in pf.project_columns])
    out.write("VOTES\n")
    writer.writerow(pf.vote_columns)
    for row in pf.votes:
        writer.writerow([_field(row.get(col, "")) for col in pf.vote_columns])
    return out.getvalue()


def _field(value) -> str:
    # A field must not hold a line break (Pabulib readers split on lines) nor look like a section name.
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text


def from_profile(profile: Profile, *, meta: dict | None = None, names: dict[str, str] | None = None) -> PabulibFile:
    """A Pabulib file for a profile: one VOTES row per voter (anonymous ids 1, 2, ...), ballots in a stable order."""
    base = {"description": "", "num_projects": "", "num_votes": "", "budget": "", "vote_type": profile.vote_type}
    base.update(profile.meta)
    base.update(meta or {})
    base["num_projects"] = str(len(profile.projects))
    base["num_votes"] = str(profile.num_voters)
    base["budget"] = _number_text(profile.budget)
    base["vote_type"] = profile.vote_type
    names = names or {}
    projects = [
        {"project_id": p.id, "cost": _number_text(p.cost), "name": names.get(p.id, p.name)}
        for p in profile.projects.values()
    ]
    cumulative = profile.vote_type == CUMULATIVE
    columns = ["voter_id", "vote", "points"] if cumulative else ["voter_id", "vote"]
    votes = []
    voter = 0
    for ballot in sorted(profile.ballots, key=repr):
        for _ in range(profile.ballots[ballot]):
            voter += 1
            if cumulative:
                row = {
                    "voter_id": str(voter),
                    "vote": ",".join(pid for pid, _ in ballot),
                    "points": ",".join(_number_text(pts) for _, pts in ballot),
                }
            else:
                row = {"voter_id": str(voter), "vote": ",".join(ballot)}
            votes.append(row)
    return PabulibFile(
        meta=base,
        project_columns=["project_id", "cost", "name"],
        projects=projects,
        vote_columns=columns,
        votes=votes,
    )


def _number_text(number: Number) -> str:
    number = exact_number(number)
    if isinstance(number, int):
        return str(number)
    # Pabulib numbers are decimals; a fraction with another denominator cannot be written exactly.
    num, den = number.numerator, number.denominator
    d = den
    for prime in (2, 5):
        while d % prime == 0:
            d //= prime
    if d != 1:
        raise ValueError(f"{number} has no exact decimal form")
    digits = 0
    while (num * 10**digits) % den:
        digits += 1
    value = num * 10**digits // den
    sign = "-" if value < 0 else ""
    text = str(abs(value)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"
