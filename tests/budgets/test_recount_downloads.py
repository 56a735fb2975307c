"""Recount by anyone: the frozen Pabulib and CSV files of a publication are downloaded under
<process-slug>-…-<budget id> names with their content type, their SHA-256 is on the results page, and the
commands shown there really recount them: the pabutools snippet, run on the downloaded file, prints the published
winners (greedy, Equal Shares with Add1, its greedy completion, no-skip, minimum score, points and rankings)."""

import hashlib
import json
import subprocess
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from apps.budgets import recount
from apps.budgets.models import Budget, CountingCompletion, CountingRule, Project
from tests.budgets.transparency_helpers import closed_election, publish

pytestmark = pytest.mark.django_db

pytest.importorskip("pabutools")


def _file_url(budget, kind):
    with translation.override("en"):
        return reverse(f"budgets:results_{kind}", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})


def _results_url(budget):
    with translation.override("en"):
        return reverse("budgets:results", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})


def test_the_files_are_downloaded_as_frozen_with_their_names_and_types(client):
    budget, _projects, _ballots, admin = closed_election()
    publication = publish(budget, admin)
    files = recount.published_files(budget, publication)

    pabulib = client.get(_file_url(budget, "pabulib"))
    assert pabulib.status_code == 200
    assert pabulib["Content-Type"] == "text/plain; charset=utf-8"
    assert pabulib["Content-Disposition"] == f'attachment; filename="{files["pabulib"].filename}"'
    assert files["pabulib"].filename.startswith(budget.process.slug) and files["pabulib"].filename.endswith(
        f"{budget.pk}.pb"
    )
    assert hashlib.sha256(pabulib.content).hexdigest() == publication.pabulib_sha256
    csv = client.get(_file_url(budget, "csv"))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Content-Disposition"] == f'attachment; filename="{files["csv"].filename}"'
    assert hashlib.sha256(csv.content).hexdigest() == publication.csv_sha256


def test_before_publication_there_is_no_file(client):
    budget, _projects, _ballots, _admin = closed_election()
    assert client.get(_file_url(budget, "pabulib")).status_code == 404
    assert recount.recount_commands(budget) is None


def test_the_results_page_shows_the_hashes_and_the_commands(client):
    budget, _projects, _ballots, admin = closed_election()
    publication = publish(budget, admin)
    page = client.get(_results_url(budget)).content.decode()
    assert publication.pabulib_sha256 in page and publication.csv_sha256 in page
    assert "pip install pabutools==1.2.3" in page
    assert "greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)" in page
    assert "python manage.py import_pabulib" in page and "python manage.py tally BUDGET_ID" in page
    assert "[&#x27;p1&#x27;, &#x27;p2&#x27;]" in page  # what the snippet prints: the published winners


ELECTIONS = [
    pytest.param(Budget.BallotKind.APPROVAL, {}, CountingRule.GREEDY, {}, id="approval-greedy"),
    pytest.param(Budget.BallotKind.APPROVAL, {}, CountingRule.MES, {}, id="approval-mes-add1"),
    pytest.param(
        Budget.BallotKind.APPROVAL,
        {},
        CountingRule.MES,
        {"completion": CountingCompletion.GREEDY},
        id="approval-mes-greedy-completion",
    ),
    pytest.param(Budget.BallotKind.APPROVAL, {}, CountingRule.GREEDY_NO_SKIP, {}, id="approval-no-skip"),
    pytest.param(
        Budget.BallotKind.APPROVAL, {}, CountingRule.GREEDY, {"min_score": Decimal("7")}, id="approval-min-score"
    ),
    pytest.param(Budget.BallotKind.APPROVAL, {}, CountingRule.PHRAGMEN, {}, id="approval-phragmen"),
    pytest.param(Budget.BallotKind.RANKED, {"max_projects": 2}, CountingRule.GREEDY, {}, id="ranked-greedy"),
    pytest.param(Budget.BallotKind.RANKED, {"max_projects": 2}, CountingRule.MES, {}, id="ranked-mes"),
    pytest.param(
        Budget.BallotKind.CUMULATIVE, {"points_total": 3}, CountingRule.GREEDY, {}, id="cumulative-greedy"
    ),
]


@pytest.mark.parametrize(("kind", "fields", "rule", "options"), ELECTIONS)
def test_the_pabutools_snippet_recounts_the_downloaded_file(client, tmp_path, kind, fields, rule, options):
    budget, _projects, _ballots, admin = closed_election(ballot_kind=kind, **fields)
    publish(budget, admin, rule=rule, **options)
    commands = recount.recount_commands(budget)
    download = client.get(_file_url(budget, "pabulib"))
    (tmp_path / commands["path"]).write_bytes(download.content)
    check = subprocess.run(
        ["sha256sum", commands["path"]], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert check.split()[0] == commands["files"]["pabulib"].sha256

    run = subprocess.run(
        [sys.executable, "-c", commands["snippet"]], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )

    assert run.returncode == 0, run.stderr
    winners = sorted(
        p.external_id for p in Project.objects.filter(budget=budget, status=Project.Status.WINNER)
    )
    assert winners, "the election has winners"
    assert run.stdout.strip() == repr(winners) == commands["expected"]


@pytest.mark.parametrize(
    ("rule", "options"),
    [
        (CountingRule.GREEDY, {}),
        (CountingRule.MES, {}),
        (CountingRule.PHRAGMEN, {}),
        (CountingRule.GREEDY_NO_SKIP, {}),
    ],
    ids=["greedy", "mes", "phragmen", "no-skip"],
)
def test_the_platform_commands_recount_the_downloaded_file(client, tmp_path, rule, options):
    budget, _projects, _ballots, admin = closed_election()
    publish(budget, admin, rule=rule, **options)
    commands = recount.recount_commands(budget)
    path = tmp_path / commands["path"]
    path.write_bytes(client.get(_file_url(budget, "pabulib")).content)

    imported = StringIO()
    call_command(*commands["import_command"].split()[2:-1], str(path), stdout=imported)
    new_id = [line.strip() for line in imported.getvalue().splitlines() if line.strip().isdigit()][-1]
    arguments = [new_id if word == "BUDGET_ID" else word for word in commands["tally_command"].split()[3:]]
    tallied = StringIO()
    call_command("tally", *arguments, stdout=tallied)

    result = json.loads(tallied.getvalue().strip().splitlines()[-1])
    winners = sorted(p.external_id for p in Project.objects.filter(budget=budget, status=Project.Status.WINNER))
    assert sorted(result["winners"]) == winners
