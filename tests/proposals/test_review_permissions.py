"""The permission matrix of the feasibility review screens: each role, logged in as that role (never a
superuser), against every page and action; allowed, or 403 with the reason; anonymous visitors go to log in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["evaluator", "other_evaluator", "admin", "other_admin", "moderator", "citizen", "anonymous"]

REASONS = {
    "queue": "The review queue is for the evaluators of a process.",
    "assign": "Only the administrators of this process can assign proposals.",
    "answers": "Only the administrators of this process can publish answers.",
    "board": "Only the administrators of this process can see its review board.",
    "detail": "Only the evaluators assigned to this proposal and the administrators of its process can review it.",
    "note_add": "Internal notes are for the reviewers of this proposal and the administrators of its process.",
    "review_post": "Only the evaluators assigned to this proposal and the administrators of its process can review it.",
    "assign_post": "Only the administrators of this process can assign proposals.",
    "answers_post": "Only the administrators of this process can publish answers.",
}

# Who gets through (everyone else: 403 with the reason; anonymous: log-in).
ALLOWED = {
    "queue": {"evaluator", "other_evaluator", "admin", "other_admin"},
    "assign": {"admin"},
    "answers": {"admin"},
    "board": {"admin"},
    "detail": {"evaluator", "admin"},
    "note_add": {"evaluator", "admin"},
    "review_post": {"evaluator", "admin"},
    "assign_post": {"admin"},
    "answers_post": {"admin"},
}


def _request(client, team, page):
    process, proposal = team["process"], team["proposal"]
    if page == "queue":
        return client.get(reverse("review:queue"))
    if page in ("assign", "answers", "board"):
        return client.get(reverse(f"review:{page}", kwargs={"slug": process.slug}))
    if page == "detail":
        return client.get(reverse("review:detail", kwargs={"pk": proposal.pk}))
    if page == "note_add":
        return client.post(reverse("review:note_add", kwargs={"pk": proposal.pk}), {"body": "Vu."})
    if page == "review_post":
        return client.post(reverse("review:detail", kwargs={"pk": proposal.pk}), {"verdict": "", "submit": "draft"})
    if page == "assign_post":
        return client.post(
            reverse("review:assign", kwargs={"slug": process.slug}),
            {"proposals": [proposal.pk], "evaluators": [team["other_evaluator"].pk]},
        )
    if page == "answers_post":
        return client.post(reverse("review:answers", kwargs={"slug": process.slug}), {"proposals": [proposal.pk]})
    raise AssertionError(page)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(ALLOWED))
def test_matrix(client, team, english, role, page):
    if role != "anonymous":
        client.force_login(team[role])
    response = _request(client, team, page)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in ALLOWED[page]:
        assert response.status_code in (200, 302), response.content[:500]
    else:
        assert response.status_code == 403
        assert REASONS[page] in response.content.decode()


@pytest.mark.parametrize("page", ["assign", "answers", "board"])
def test_process_screens_refuse_the_admin_of_another_process_with_its_reason(client, team, english, page):
    client.force_login(team["other_admin"])
    response = client.get(reverse(f"review:{page}", kwargs={"slug": team["process"].slug}))
    assert response.status_code == 403
    # ...while their own process's screen opens.
    assert client.get(reverse(f"review:{page}", kwargs={"slug": team["other"].slug})).status_code == 200


def test_posting_assignments_and_publications_is_refused_to_an_evaluator(client, team, english):
    client.force_login(team["evaluator"])
    process = team["process"]
    response = client.post(
        reverse("review:assign", kwargs={"slug": process.slug}),
        {"proposals": [team["proposal"].pk], "evaluators": [team["other_evaluator"].pk]},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("review:answers", kwargs={"slug": process.slug}), {"proposals": [team["proposal"].pk]}
    )
    assert response.status_code == 403


def test_a_draft_has_no_review_page(client, team, english):
    from tests.factories import ProposalFactory

    draft = ProposalFactory(process=team["process"], status="draft", published_at=None, reference=None)
    client.force_login(team["admin"])
    assert client.get(reverse("review:detail", kwargs={"pk": draft.pk})).status_code == 404


def test_an_answered_proposal_shows_its_review_read_only(client, team, english):
    from apps.proposals import review_services as services
    from tests.proposals.review_helpers import feasible

    services.review_save(proposal=team["proposal"], actor=team["admin"], data=feasible(), submit="publish")
    client.force_login(team["evaluator"])
    url = reverse("review:detail", kwargs={"pk": team["proposal"].pk})
    page = client.get(url).content.decode()
    assert "no longer open to review" in page
    response = client.post(url, {"verdict": "not_feasible", "submit": "draft"})
    assert response.status_code == 403
    assert "This proposal is no longer open to review" in response.content.decode()
