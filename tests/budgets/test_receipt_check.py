"""The receipt check: a voter types their verification code and sees their ballot's line in the published Pabulib
file (its anonymous voter_id, its projects as the file names them, the file's SHA-256), nothing that names them.
A bad code gets a sentence next to the field; an unknown one only "not in the published files"; attempts are
limited per address; CSRF applies; before the results are published, the page says when."""

import hashlib

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from apps.budgets.counting import receipt_voter_id
from tests.budgets.adm_helpers import confirmed_ballot, voting_process
from tests.budgets.transparency_helpers import closed_election, publish
from tests.factories import BudgetFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published():
    budget, projects, ballots, admin = closed_election()
    publication = publish(budget, admin)
    return {"budget": budget, "projects": projects, "ballots": ballots, "publication": publication}


def _url(process, language="en"):
    with translation.override(language):
        return reverse("budgets:receipt_check", kwargs={"slug": process.slug})


def test_a_voter_finds_their_line_in_the_published_file(client, published):
    ballot = published["ballots"][0]  # approved p1 and p2
    response = client.post(_url(ballot.budget.process), {"code": ballot.receipt_code.lower().replace("-", " ")})

    assert response.status_code == 200
    page = response.content.decode()
    voter_id = receipt_voter_id(ballot.receipt_code)
    assert 'data-testid="receipt-found"' in page
    assert voter_id in page and f"{voter_id};p1,p2" in page
    assert "Skatepark" in page and "Bicycle racks" in page and "Street library" not in page
    publication = published["publication"]
    assert publication.pabulib_sha256 in page
    assert hashlib.sha256(publication.pabulib_text.encode()).hexdigest() == publication.pabulib_sha256
    assert f"\n{voter_id};p1,p2\n" in publication.pabulib_text
    # Nothing that says who voted, nor the code itself.
    assert "Secret Voter Name" not in page and ballot.voter.email not in page
    assert ballot.receipt_code not in page


def test_a_malformed_code_is_refused_next_to_the_field(client, published):
    process = published["budget"].process
    for bad in ("hello", "ABCD-EFGH-JK2", "0OIL-0OIL-0OIL", "ABCD-EFGH-JK23-XY"):
        page = client.post(_url(process), {"code": bad}).content.decode()
        assert "This is not a verification code" in page
        assert "is-invalid" in page and 'data-testid="receipt-found"' not in page


def test_an_unknown_code_only_says_it_is_not_in_the_files(client, published):
    process = published["budget"].process
    page = client.post(_url(process), {"code": "ABCD-EFGH-JK23"}).content.decode()
    assert "No ballot with this code is in the published files of this process." in page
    assert "is-invalid" in page and 'data-testid="receipt-found"' not in page


def test_a_code_of_another_process_is_not_found_here(client, published):
    other_budget, _projects, other_ballots, other_admin = closed_election()
    publish(other_budget, other_admin)
    page = client.post(_url(published["budget"].process), {"code": other_ballots[0].receipt_code}).content.decode()
    assert "No ballot with this code" in page


def test_the_form_needs_its_csrf_token(published):
    client = Client(enforce_csrf_checks=True)
    ballot = published["ballots"][0]
    assert client.post(_url(ballot.budget.process), {"code": ballot.receipt_code}).status_code == 403
    page = client.get(_url(ballot.budget.process)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


@override_settings(RECEIPT_CHECK_RATE_LIMIT="3/600")
def test_codes_cannot_be_tried_in_bulk(client, published):
    process = published["budget"].process
    for _ in range(3):
        assert client.post(_url(process), {"code": "ABCD-EFGH-JK23"}).status_code == 200
    ballot = published["ballots"][0]
    response = client.post(_url(process), {"code": ballot.receipt_code})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many codes checked" in page and 'data-testid="receipt-found"' not in page


def test_before_the_results_are_published_the_page_says_when(client):
    process = voting_process()
    budget = BudgetFactory(process=process)
    ballot = confirmed_ballot(budget, [ProjectFactory(budget=budget)])
    page = client.get(_url(process)).content.decode()
    assert 'data-testid="receipt-not-yet"' in page and "once the results are published" in page
    assert 'data-testid="receipt-form"' not in page
    page = client.post(_url(process), {"code": ballot.receipt_code}).content.decode()
    assert 'data-testid="receipt-found"' not in page


def test_paper_ballots_have_no_code_and_the_page_says_so(client, published):
    page = client.get(_url(published["budget"].process)).content.decode()
    assert "Paper ballots have no verification code" in page


def test_an_unpublished_process_has_no_receipt_check(client):
    budget, _projects, _ballots, _admin = closed_election()
    budget.process.is_published = False
    budget.process.save()
    assert client.get(_url(budget.process)).status_code == 404


def test_the_receipt_email_links_to_the_receipt_check():
    from apps.budgets.emails import receipt_message

    process = voting_process()
    budget = BudgetFactory(process=process)
    project = ProjectFactory(budget=budget)
    ballot = confirmed_ballot(budget, [project])
    ballot.voter.language = "en"
    message = receipt_message(ballot)
    with translation.override("en"):
        check = reverse("budgets:receipt_check", kwargs={"slug": process.slug})
    assert check in message.body
    assert "Check your ballot once the results are published:" in message.body
    html = message.alternatives[0][0]
    assert f"{check}\"" in html and "Check your ballot once the results are published." in html
