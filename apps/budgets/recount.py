"""Recount by anyone, and the receipt check, on a budget's published files.

- ``published_files``: the frozen Pabulib and CSV texts of a budget's publication, with their SHA-256 and the names
  they are downloaded under;
- ``vote_line``: the line of the published Pabulib file whose ``voter_id`` is a receipt code's
  (``counting.receipt_voter_id``), and its projects as the file names them;
- ``recount_commands``: the exact commands that recount the file with pabutools, and with this project's own
  ``manage.py import_pabulib`` and ``tally``, and what they print for the published outcome.

Nothing here reads the ballots again: the files are those frozen when the results were published.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from .counting import project_key, receipt_voter_id, vote_type_for
from .models import CountingCompletion, CountingRule, Project, ResultPublication

PABUTOOLS_VERSION = "1.2.3"


@dataclass(frozen=True)
class PublishedFile:
    kind: str  # "pabulib" or "csv"
    sha256: str
    filename: str
    content_type: str


def publication_of(budget):
    """The budget's publication (its frozen texts deferred), or None before the results are published."""
    return ResultPublication.objects.filter(budget_id=budget.pk).defer("pabulib_text", "csv_text").first()


def file_name(budget, extension):
    """`<process-slug>-<budget id>.pb`: the name a published file is downloaded under."""
    return f"{budget.process.slug}-{budget.pk}.{extension}"


def published_files(budget, publication):
    """{"pabulib": PublishedFile, "csv": PublishedFile} of a publication (without reading the texts)."""
    return {
        "pabulib": PublishedFile(
            "pabulib", publication.pabulib_sha256, file_name(budget, "pb"), "text/plain; charset=utf-8"
        ),
        "csv": PublishedFile("csv", publication.csv_sha256, file_name(budget, "csv"), "text/csv; charset=utf-8"),
    }


def file_text(publication, kind):
    """The frozen text of a published file, as it was hashed."""
    return publication.pabulib_text if kind == "pabulib" else publication.csv_text


# -- the receipt check -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteLine:
    voter_id: str
    line: str  # as written in the file
    projects: list  # [{"key", "name", "points"}], in the file's order (a ranking's order)


def _section(lines, name):
    """(header, first row index, end index) of a section of a Pabulib file's lines."""
    start = next((i for i, line in enumerate(lines) if line.strip().upper() == name), None)
    if start is None or start + 1 >= len(lines):
        return None, 0, 0
    end = start + 2
    while end < len(lines) and lines[end].strip().upper() not in ("META", "PROJECTS", "VOTES"):
        end += 1
    return _row(lines[start + 1]), start + 2, end


def _row(line):
    return next(csv.reader(io.StringIO(line), delimiter=";"), [])


def vote_line(text, code):
    """The vote line of the ballot whose receipt code is `code` in the Pabulib `text`, or None."""
    voter_id = receipt_voter_id(code)
    marker = f"\n{voter_id};"
    at = text.find(marker)
    if at < 0:
        return None
    line = text[at + 1 : text.find("\n", at + 1) if text.find("\n", at + 1) >= 0 else len(text)].rstrip("\r")
    lines = text.splitlines()
    vote_header, _first, _end = _section(lines, "VOTES")
    project_header, first, end = _section(lines, "PROJECTS")
    if not vote_header or not project_header:
        return None
    values = dict(zip(vote_header, _row(line), strict=False))
    if values.get("voter_id") != voter_id:
        return None
    names = {}
    for project_line in lines[first:end]:
        row = dict(zip(project_header, _row(project_line), strict=False))
        names[row.get("project_id", "")] = row.get("name", "")
    keys = [key for key in (values.get("vote") or "").split(",") if key]
    points = [value for value in (values.get("points") or "").split(",") if value]
    projects = [
        {"key": key, "name": names.get(key, ""), "points": points[index] if index < len(points) else None}
        for index, key in enumerate(keys)
    ]
    return VoteLine(voter_id=voter_id, line=line, projects=projects)


# -- recount commands --------------------------------------------------------------------------------------------

_SAT = {"approval": "Cost_Sat", "choose-1": "Cost_Sat", "cumulative": "Additive_Cardinal_Sat"}


def _sat_class(vote_type):
    return _SAT.get(vote_type, "Additive_Borda_Sat")


def _mes_snippet(path, vote_type, completion):
    sat = _sat_class(vote_type)
    if completion == CountingCompletion.GREEDY:
        return f"""from pabutools.election import parse_pabulib, {sat}, Cost_Sat
from pabutools.rules import (completion_by_rule_combination, exhaustion_by_budget_increase,
                             greedy_utilitarian_welfare, method_of_equal_shares)
instance, profile = parse_pabulib("{path}")
outcome = completion_by_rule_combination(
    instance, profile.as_multiprofile(), [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
    [{{"rule": method_of_equal_shares, "rule_params": {{"sat_class": {sat}}}, "exhaustive_stop": False,
      "budget_step": profile.num_ballots()}}, {{"sat_class": Cost_Sat}}])
print(sorted(project.name for project in outcome))"""
    return f"""from pabutools.election import parse_pabulib, {sat}
from pabutools.rules import exhaustion_by_budget_increase, method_of_equal_shares
instance, profile = parse_pabulib("{path}")
outcome = exhaustion_by_budget_increase(
    instance, profile.as_multiprofile(), method_of_equal_shares, {{"sat_class": {sat}}},
    exhaustive_stop=False, budget_step=profile.num_ballots())
print(sorted(project.name for project in outcome))"""


def _greedy_snippet(path, vote_type, *, skip, min_score):
    """Greedy with its variants, which pabutools does not have: pabutools reads the file, a few lines count."""
    if vote_type == "cumulative":
        scoring = """for ballot in profile:
    for project, points in ballot.items():
        score[project] += points"""
    elif vote_type == "ordinal":
        scoring = """longest = max((len(ballot) for ballot in profile), default=0)
for ballot in profile:
    for position, project in enumerate(ballot):
        score[project] += longest - position"""
    else:
        scoring = """for ballot in profile:
    for project in ballot:
        score[project] += 1"""
    threshold = ""
    if min_score is not None:
        threshold = f"""
    if score[project] < {Decimal(min_score).normalize():f}:
        continue"""
    stop = "" if skip else """
    else:
        break  # no skipping: the count stops at the first project that does not fit"""
    return f"""from pabutools.election import parse_pabulib
instance, profile = parse_pabulib("{path}")
score = {{project: 0 for project in instance}}
{scoring}
left, winners = instance.budget_limit, []
for project in sorted(instance, key=lambda p: (0 if p.cost == 0 and score[p] > 0 else 1, -score[p], p.name)):{threshold}
    if project.cost <= left:
        winners.append(project.name)
        left -= project.cost{stop}
print(sorted(winners))"""


@dataclass(frozen=True)
class PublishedRule:
    """The rule the results were published with (the administrator may choose another than the budget's own)."""

    rule: str
    completion: str
    min_score: object  # Decimal or None
    vote_type: str


def published_rule(budget, publication=None):
    publication = publication or publication_of(budget)
    if publication is not None:
        rule, completion, min_score = publication.rule, publication.completion, publication.min_score
    else:
        rule, completion, min_score = budget.counting_rule, budget.counting_completion, budget.min_score
    return PublishedRule(
        rule=str(rule), completion=str(completion or "none"), min_score=min_score, vote_type=vote_type_for(budget)
    )


def pabutools_snippet(rule, path):
    """The Python that recounts the file at `path` with pabutools 1.2.3 for `rule` (PublishedRule); it prints the
    sorted ids of the winning projects."""
    if rule.rule == CountingRule.MES:
        return _mes_snippet(path, rule.vote_type, rule.completion)
    if rule.rule == CountingRule.PHRAGMEN:
        return f"""from pabutools.election import parse_pabulib
from pabutools.rules import sequential_phragmen
instance, profile = parse_pabulib("{path}")
print(sorted(project.name for project in sequential_phragmen(instance, profile)))"""
    if uses_pabutools_rule(rule):
        return f"""from pabutools.election import parse_pabulib, Cost_Sat
from pabutools.rules import greedy_utilitarian_welfare
instance, profile = parse_pabulib("{path}")
print(sorted(project.name for project in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)))"""
    return _greedy_snippet(
        path, rule.vote_type, skip=rule.rule != CountingRule.GREEDY_NO_SKIP, min_score=rule.min_score
    )


def uses_pabutools_rule(rule):
    """Whether pabutools has the rule itself (otherwise the snippet counts greedily in a few lines)."""
    if rule.rule in (CountingRule.MES, CountingRule.PHRAGMEN):
        return True
    return rule.rule == CountingRule.GREEDY and rule.min_score is None and rule.vote_type in ("approval", "choose-1")


def expected_output(budget):
    """What the snippets print for the published outcome: the winners' ids in the file, sorted."""
    winners = Project.objects.filter(budget_id=budget.pk, status=Project.Status.WINNER).only("pk", "external_id")
    return repr(sorted(project_key(project) for project in winners))


def _file_rule(budget):
    """The rule `manage.py tally` finds in the file once imported (its META `rule`, from the budget's own)."""
    if budget.counting_rule == CountingRule.GREEDY_NO_SKIP:
        return CountingRule.GREEDY_NO_SKIP, None
    if budget.counting_rule == CountingRule.MES:
        return CountingRule.MES, None
    if budget.counting_rule == CountingRule.GREEDY:
        return CountingRule.GREEDY, budget.min_score
    return CountingRule.GREEDY, None  # Phragmén is not a META rule Pabulib knows


def tally_arguments(budget, rule):
    """`manage.py tally`'s options for the published rule, when it is not the one the imported file names."""
    arguments = []
    if _file_rule(budget) != (rule.rule, rule.min_score):
        arguments.append(f"--rule {rule.rule}")
    if rule.rule == CountingRule.MES and rule.completion != CountingCompletion.NONE:
        arguments.append(f"--completion {rule.completion}")
    return arguments


def recount_commands(budget, publication=None):
    """Everything the "Recount it yourself" section shows: the files, their SHA-256 and the commands."""
    publication = publication or publication_of(budget)
    if publication is None:
        return None
    files = published_files(budget, publication)
    rule = published_rule(budget, publication)
    path = files["pabulib"].filename
    return {
        "files": files,
        "path": path,
        "pabutools_version": PABUTOOLS_VERSION,
        "pabutools_install": f"python3 -m pip install pabutools=={PABUTOOLS_VERSION}",
        "checksum": f"sha256sum {path}",
        "snippet": pabutools_snippet(rule, path),
        "pabutools_rule": uses_pabutools_rule(rule),
        "expected": expected_output(budget),
        "import_command": f"python manage.py import_pabulib {path}",
        "tally_command": " ".join(["python manage.py tally BUDGET_ID", *tally_arguments(budget, rule), "--json"]),
    }
