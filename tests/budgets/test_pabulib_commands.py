"""The automation contract of issue 10 §2: import_pabulib, tally and export_pabulib. Round trips, bad files (a clear
error with the line, nothing created), the official winners of every real file that records them, and pabutools
on our exported files. The city-scale files of ../shared/pabulib/bench are left to bench/counting.py."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from apps.budgets.counting import profile_from_budget
from apps.budgets.models import Ballot, BallotItem, Budget, Channel, Project
from apps.spaces.models import Phase, Process
from apps.spaces.phases import Feature
from apps.voting.rules import read
from tests.voting.helpers import PABULIB, pabulib_files, pabutools_outcome

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not PABULIB.exists(), reason="../shared/pabulib is not here"),
]

GOOD = """META
key;value
description;Test town
num_projects;3
num_votes;4
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name;selected
1;60;3;Trees;1
2;50;2;"Benches; many";0
3;30;1;Lights;1
VOTES
voter_id;vote
v1;1,2
v2;1
v3;1,3
v4;2
"""


def import_files(*paths, process=None):
    out, err = io.StringIO(), io.StringIO()
    args = [str(p) for p in paths] + (["--process", process] if process else [])
    call_command("import_pabulib", *args, stdout=out, stderr=err)
    return [Budget.objects.get(pk=int(line)) for line in out.getvalue().split()]


def tally(budget, *args):
    out = io.StringIO()
    call_command("tally", str(budget.pk), *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def export(budget, path):
    call_command("export_pabulib", str(budget.pk), str(path), stderr=io.StringIO())
    return path


def write(tmp_path, text, name="town.pb"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_import_makes_a_closed_vote_with_projects_ballots_and_the_rule(tmp_path):
    (budget,) = import_files(write(tmp_path, GOOD))
    process = budget.process
    assert process.title == "Test town"
    assert not process.feature_enabled(Feature.VOTE) and process.feature_enabled(Feature.SHOW_RESULTS)
    assert Phase.objects.filter(process=process).count() == 2
    assert budget.total_amount == 100 and budget.counting_rule == "greedy" and budget.ballot_kind == "approval"
    projects = list(Project.objects.filter(budget=budget).order_by("position"))
    assert [(p.external_id, p.cost, p.title, p.status) for p in projects] == [
        ("1", 60, "Trees", "selected"),
        ("2", 50, "Benches; many", "selected"),
        ("3", 30, "Lights", "selected"),
    ]
    ballots = Ballot.objects.filter(budget=budget)
    assert ballots.count() == 4
    assert set(ballots.values_list("channel", flat=True)) == {Channel.IMPORTED}
    assert not ballots.filter(confirmed_at__isnull=True).exists()
    assert not ballots.filter(voter__isnull=False).exists() and not ballots.filter(receipt_code__isnull=False).exists()
    assert BallotItem.objects.filter(ballot__budget=budget).count() == 6
    result = tally(budget)
    assert result == {"rule": "greedy", "budget": 100, "spent": 90, "winners": ["1", "3"], "voters": 4}


def test_tally_prints_human_lines_then_json_and_takes_another_rule(tmp_path):
    (budget,) = import_files(write(tmp_path, GOOD))
    out = io.StringIO()
    call_command("tally", str(budget.pk), "--rule", "greedy-no-skip", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) > 1
    assert json.loads(lines[-1])["winners"] == ["1"]  # 2 (50) does not fit after 1 (60): stop
    out = io.StringIO()
    call_command("tally", str(budget.pk), "--rule", "mes", "--completion", "greedy", "--json", stdout=out)
    (line,) = out.getvalue().strip().splitlines()
    assert json.loads(line)["rule"].startswith("mes")
    with pytest.raises(CommandError, match="No budget"):
        call_command("tally", "999999", stdout=io.StringIO())


def test_several_files_into_an_existing_process_print_one_id_per_line(tmp_path):
    first = write(tmp_path, GOOD, "a.pb")
    second = write(
        tmp_path, GOOD.replace("rule;greedy", "rule;greedy-threshold\nmin_project_score_threshold;3"), "b.pb"
    )
    (budget,) = import_files(first)
    out = io.StringIO()
    call_command(
        "import_pabulib", str(first), str(second), "--process", budget.process.slug, stdout=out, stderr=io.StringIO()
    )
    ids = out.getvalue().split("\n")
    assert [line for line in ids if line] == [line.strip() for line in ids if line] and len(ids) == 3
    a, b = (Budget.objects.get(pk=int(pk)) for pk in ids[:2])
    assert a.process == b.process == budget.process and Process.objects.count() == 1
    assert (b.counting_rule, b.min_score) == ("greedy", 3)
    assert tally(b)["winners"] == ["1"]  # only project 1 has at least 3 votes


BAD_FILES = {
    "truncated": (GOOD.split("VOTES")[0], 13, "truncated"),
    "wrong separators": (GOOD.replace("v3;1,3", "v3,1,3"), 18, "separated by ';'"),
    "unknown vote type": (GOOD.replace("vote_type;approval", "vote_type;quadratic"), 16, "unknown vote type"),
    "unknown project": (GOOD.replace("v4;2", "v4;7"), 19, "project 7"),
    "not UTF-8": (GOOD.replace("Lights", "Lumi\u00e8res").encode("latin-1"), 13, "not UTF-8"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_names_the_file_and_line_and_creates_nothing(tmp_path, case):
    text, line, message = BAD_FILES[case]
    path = write(tmp_path, text)
    with pytest.raises(CommandError) as info:
        import_files(path)
    assert str(path) in str(info.value)
    assert f"line {line}" in str(info.value) and message in str(info.value)
    assert not Process.objects.exists() and not Budget.objects.exists() and not Ballot.objects.exists()


def test_a_file_failing_after_the_process_was_made_leaves_nothing(tmp_path):
    # The cost is read after the process and budget are created: the transaction takes them back.
    path = write(tmp_path, GOOD.replace("3;30;1;Lights;1", "3;30.555;1;Lights;1"))
    with translation.override("en"), pytest.raises(CommandError, match="two decimals"):
        import_files(path)
    assert not Process.objects.exists() and not Budget.objects.exists() and not Project.objects.exists()


def test_a_bad_file_after_a_good_one_keeps_the_good_one(tmp_path):
    good, bad = write(tmp_path, GOOD, "good.pb"), write(tmp_path, BAD_FILES["unknown project"][0], "bad.pb")
    out = io.StringIO()
    with pytest.raises(CommandError, match="bad.pb"):
        call_command("import_pabulib", str(good), str(bad), stdout=out, stderr=io.StringIO())
    (budget,) = Budget.objects.all()
    assert out.getvalue().split() == [str(budget.pk)]
    assert Ballot.objects.count() == 4


# One small file per vote type (approval, choose-1, cumulative, ordinal), with the rules pabutools runs on it in
# seconds (its MES with Add1 takes 10-40 s on some of these files: one cumulative and one ordinal file carry it).
ROUND_TRIP = {
    "Netherlands_Assen_2024.pb": ("greedy", "phragmen"),
    "Poland_Zabrze_2021_Guido.pb": ("greedy",),
    "Switzerland_Zurich_D10.pb": ("mes",),
    "Switzerland_Zurich_S5R.pb": ("mes",),
}


@pytest.mark.parametrize("name", ROUND_TRIP, ids=list(ROUND_TRIP))
def test_round_trip_and_pabutools_on_the_exported_file(tmp_path, name):
    pytest.importorskip("pabutools")
    (budget,) = import_files(PABULIB / name)
    exported = export(budget, tmp_path / "exported.pb")
    (again,) = import_files(exported)
    assert profile_from_budget(again).ballots == profile_from_budget(budget).ballots
    assert Ballot.objects.filter(budget=again).count() == Ballot.objects.filter(budget=budget).count()
    assert (again.ballot_kind, again.counting_rule, again.min_score) == (
        budget.ballot_kind,
        budget.counting_rule,
        budget.min_score,
    )
    assert tally(again) == tally(budget)
    # The file is byte-identical each time it is made.
    assert export(budget, tmp_path / "twice.pb").read_bytes() == exported.read_bytes()
    original = read(PABULIB / name)
    assert read(exported).profile().ballots == original.profile().ballots
    for rule in ROUND_TRIP[name]:
        ours = tally(budget, "--rule", rule)["winners"]
        theirs = pabutools_outcome(exported, rule)
        assert (sorted(ours) if rule == "phragmen" else ours) == theirs, rule


def test_a_phragmen_budget_exported_reimports_with_phragmen(tmp_path):
    (budget,) = import_files(write(tmp_path, GOOD))
    budget.counting_rule = "phragmen"
    budget.save(update_fields=["counting_rule"])
    exported = export(budget, tmp_path / "exported.pb")
    assert "rule;sequential-phragmen" in exported.read_text()
    (again,) = import_files(exported)
    assert again.counting_rule == "phragmen"
    assert tally(again) == tally(budget)
    assert tally(again)["rule"] == "phragmen"


OFFICIAL = [path for path in pabulib_files() if read(path).selected() is not None]


@pytest.mark.parametrize("path", OFFICIAL, ids=lambda p: p.name)
def test_official_winners_after_import_with_the_file_own_rule(path):
    official = read(path).selected()
    (budget,) = import_files(path)
    result = tally(budget)
    assert sorted(result["winners"]) == sorted(official)


def test_every_official_file_is_checked():
    assert len(OFFICIAL) >= 8
