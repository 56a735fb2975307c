"""The Pabulib reader and writer: clear errors naming the line, round trips, and no Django in the counting."""

import subprocess
import sys
from pathlib import Path

import pytest

from apps.voting.rules import PabulibError, greedy, mes_add1, read
from apps.voting.rules.pabulib import from_profile, write

from .helpers import PABULIB, pabulib_files

GOOD = """META
key;value
description;A test
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


def test_a_good_file_reads():
    pf = read(GOOD)
    assert pf.meta["budget"] == "100"
    assert [p["project_id"] for p in pf.projects] == ["1", "2", "3"]
    assert pf.projects[1]["name"] == "Benches; many"
    assert pf.selected() == ["1", "3"]
    profile = pf.profile()
    assert profile.num_voters == 4
    assert profile.ballots == {("1", "2"): 1, ("1",): 1, ("1", "3"): 1, ("2",): 1}
    assert greedy(profile).winners == ["1", "3"]


def _error(text):
    with pytest.raises(PabulibError) as info:
        read(text.encode("utf-8") if isinstance(text, str) else text, name="bad.pb")
    return info.value


def test_truncated_file_names_the_missing_section_and_line():
    error = _error(GOOD.split("VOTES")[0])
    assert "truncated" in str(error) and "VOTES" in str(error)
    assert error.line == 13
    assert str(error).startswith("bad.pb, line 13:")


def test_truncated_votes_are_caught_by_the_announced_count():
    error = _error(GOOD.rsplit("v4;2", 1)[0])
    assert "num_votes announces 4" in str(error) and "truncated" in str(error)


def test_wrong_separators_name_the_line():
    error = _error(GOOD.replace("v3;1,3", "v3,1,3"))
    assert error.line == 18
    assert "separated by ';'" in str(error)


def test_a_comma_separated_file_is_refused_at_its_header():
    error = _error(GOOD.replace(";", ","))
    assert error.line == 2


def test_unknown_vote_type():
    error = _error(GOOD.replace("vote_type;approval", "vote_type;quadratic"))
    assert "unknown vote type 'quadratic'" in str(error)
    assert error.line == 16


def test_a_vote_for_a_project_that_does_not_exist():
    error = _error(GOOD.replace("v4;2", "v4;2,7"))
    assert error.line == 19
    assert "project 7" in str(error)


def test_a_file_that_is_not_utf8():
    data = GOOD.replace("Lights", "Lumi\u00e8res").encode("latin-1")
    error = _error(data)
    assert error.line == 13
    assert "UTF-8" in str(error)


def test_a_missing_path_is_not_read_as_text(tmp_path):
    with pytest.raises(FileNotFoundError):
        read(str(tmp_path / "missing.pb"))
    path = tmp_path / "file.pb"
    path.write_text(GOOD, encoding="utf-8")
    assert read(str(path)).meta["vote_type"] == "approval"


def test_other_malformed_files():
    assert "starts with META" in str(_error("PROJECTS\nproject_id;cost\n"))
    assert "not a number" in str(_error(GOOD.replace("3;30;1", "3;thirty;1")))
    assert "appears twice" in str(_error(GOOD.replace("3;30;1;Lights", "2;30;1;Lights")))
    cumulative = GOOD.replace("vote_type;approval", "vote_type;cumulative").replace(
        "voter_id;vote", "voter_id;vote;points"
    )
    cumulative = cumulative.replace("v1;1,2\n", "v1;1,2;3,2\n").replace("v2;1\n", "v2;1;5\n")
    cumulative = cumulative.replace("v3;1,3\n", "v3;1,3;1\n").replace("v4;2\n", "v4;2;5\n")
    error = _error(cumulative)
    assert error.line == 18 and "2 projects but 1 points" in str(error)


@pytest.mark.parametrize("path", pabulib_files(), ids=lambda p: p.name)
def test_every_shared_file_reads_and_round_trips(path):
    pf = read(path)
    profile = pf.profile()
    again = read(write(from_profile(profile)))
    assert again.profile().ballots == profile.ballots
    assert again.profile().projects == profile.projects
    assert again.budget == profile.budget
    assert greedy(again.profile()).winners == greedy(profile).winners
    # The written file is the same file when written again.
    assert write(again) == write(from_profile(again.profile()))


def test_pabutools_reads_our_files_and_finds_the_same_winners(tmp_path):
    pytest.importorskip("pabutools")
    from .helpers import pabutools_outcome

    source = PABULIB / "Poland_Gdynia_2021_Oksywie__small.pb"
    profile = read(source).profile()
    target = tmp_path / "export.pb"
    target.write_text(write(from_profile(profile, meta={"description": "export"})), encoding="utf-8")
    assert pabutools_outcome(target, "greedy") == greedy(profile).winners
    assert pabutools_outcome(target, "mes") == mes_add1(profile).winners


def test_the_counting_package_imports_no_django():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; import apps.voting.rules as r; "
        "import apps.voting.rules.greedy, apps.voting.rules.mes, apps.voting.rules.phragmen, "
        "apps.voting.rules.pabulib, apps.voting.rules.profile, apps.voting.rules.count, apps.voting.rules.explain; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_module_of_the_counting_package_names_django():
    import ast

    package = Path(__file__).resolve().parents[2] / "apps" / "voting" / "rules"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.split(".")[0] in ("django", "apps")], (path.name, names)
