"""What never reaches the API: drafts, hidden content (by the moderators, or with a blocked participant's),
deleted comments, projects not on the ballot, draft and hidden events, anything of an unpublished process. The
same for a signed-in caller, even the author or the process's moderator: the API ignores sessions."""

import pytest
from django.test import Client

from .conftest import ids

pytestmark = pytest.mark.django_db

LISTS = ["processes", "phases", "themes", "categories", "proposals", "comments", "budgets", "projects", "results",
         "events"]


def _everything(client):
    """Every list's whole text, every language, every page."""
    texts = []
    for name in LISTS:
        for lang in ("fr", "en", "es"):
            url = f"/api/v1/{name}/?limit=100&lang={lang}"
            while url:
                response = client.get(url)
                assert response.status_code == 200, (url, response.content[:300])
                texts.append(response.content.decode())
                url = response.json()["next"]
    return "\n".join(texts)


@pytest.mark.parametrize("caller", ["anonymous", "author", "moderator", "blocked"])
def test_secret_content_never_reaches_the_lists(world, caller):
    client = Client()
    if caller != "anonymous":
        client.force_login(getattr(world, caller))
    everything = _everything(client)
    for secret in world.secret_texts():
        assert secret not in everything, secret
    # ... while what the public pages show is there.
    for shown in [world.published.title, world.withdrawn.title, world.comment.body, world.selected_project.title,
                  world.result.title, world.event.title, world.process.title]:
        assert shown in everything, shown


@pytest.mark.parametrize("caller", ["anonymous", "author", "moderator"])
def test_secret_content_has_no_detail(world, caller):
    client = Client()
    if caller != "anonymous":
        client.force_login(getattr(world, caller))
    hidden_details = [
        f"/api/v1/proposals/{world.draft.pk}/",
        f"/api/v1/proposals/{world.hidden.pk}/",
        f"/api/v1/proposals/{world.blocked_proposal.pk}/",
        f"/api/v1/proposals/{world.unpublished_process_proposal.pk}/",
        f"/api/v1/comments/{world.hidden_comment.pk}/",
        f"/api/v1/comments/{world.deleted_comment.pk}/",
        f"/api/v1/comments/{world.blocked_comment.pk}/",
        f"/api/v1/projects/{world.candidate_project.pk}/",
        f"/api/v1/events/{world.draft_event.pk}/",
        f"/api/v1/events/{world.hidden_event.pk}/",
        f"/api/v1/events/{world.hidden_process_event.pk}/",
        f"/api/v1/processes/{world.hidden_process.slug}/",
    ]
    for url in hidden_details:
        assert client.get(url).status_code == 404, url
    assert client.get(f"/api/v1/proposals/{world.published.pk}/").status_code == 200


def test_links_between_items_name_only_public_ones(world, api):
    project = api.get(f"/api/v1/projects/{world.selected_project.pk}/").json()
    assert project["proposals"] == [world.published.pk]  # not the draft
    result = api.get(f"/api/v1/results/{world.result.pk}/").json()
    assert result["projects"] == [world.selected_project.pk]  # not the candidate
    event = api.get(f"/api/v1/events/{world.event.pk}/").json()
    assert event["proposals"] == [world.published.pk]  # not the hidden one


def test_a_process_filter_on_an_unpublished_process_gives_nothing(world, api):
    slug = world.hidden_process.slug
    for name in ("proposals", "events", "phases", "categories", "themes", "budgets"):
        assert ids(api.get(f"/api/v1/{name}/", {"process": slug})) == [], name


def test_status_filter_refuses_draft(world, api):
    response = api.get("/api/v1/proposals/", {"status": "draft"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_the_session_is_ignored_even_for_the_author(world):
    client = Client()
    client.force_login(world.author)
    response = client.get("/api/v1/proposals/")
    assert world.draft.pk not in ids(response)
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in response.headers


def test_event_online_link_is_never_given(world, api):
    world.event.online_url = "https://visio.example.org/secret-room"
    world.event.save(update_fields=["online_url"])
    assert "secret-room" not in api.get(f"/api/v1/events/{world.event.pk}/").content.decode()


def test_the_api_comments_are_comment_visible_to_less_placeholders(world):
    from apps.api.selectors import ANONYMOUS, comments
    from apps.comments.selectors import comment_visible_to

    expected = comment_visible_to(ANONYMOUS).filter(hidden_at__isnull=True, deleted_at__isnull=True)
    assert set(comments().values_list("pk", flat=True)) == set(expected.values_list("pk", flat=True))
    assert set(comments().values_list("pk", flat=True)) == {world.comment.pk}
