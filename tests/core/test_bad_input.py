"""Issue 7 §6: bad input gets a clear answer, never a 500 (and never after the action was saved)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from apps.comments.models import Comment
from apps.notifications.selectors import is_following
from apps.supports.models import Support
from tests.factories import CommentFactory, NotificationFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def proposal(process):
    return ProposalFactory(process=process)


@pytest.fixture
def member(client, user):
    client.force_login(user)
    return user


@pytest.mark.parametrize("bad", ["maybe", "core:home", "javascript:alert(1)", "https://evil.example/"])
def test_bad_next_on_support_and_unsupport_falls_back_after_the_action(client, member, proposal, bad):
    response = client.post(reverse("supports:support", kwargs={"pk": proposal.pk}), {"next": bad})
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert Support.objects.filter(user=member, proposal=proposal).exists()
    response = client.post(reverse("supports:unsupport", kwargs={"pk": proposal.pk}), {"next": bad})
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert not Support.objects.filter(user=member, proposal=proposal).exists()


def _follow_data(target, next_url):
    return {"content_type": ContentType.objects.get_for_model(target).pk, "object_id": target.pk, "next": next_url}


def test_bad_next_on_follow_and_unfollow_falls_back_to_the_target(client, member, proposal):
    response = client.post(reverse("notifications:follow"), _follow_data(proposal, "maybe"))
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert is_following(user=member, target=proposal)
    response = client.post(reverse("notifications:unfollow"), _follow_data(proposal, "maybe"))
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert not is_following(user=member, target=proposal)


def test_bad_next_on_read_all_and_read_one(client, member):
    notification = NotificationFactory(recipient=member)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), {"next": "maybe"})
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    response = client.post(reverse("notifications:mark_all_read"), {"next": "maybe"})
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")


def test_bad_next_on_accepting_the_terms(client, member):
    url = reverse("accounts:accept_terms")
    assert client.get(url, {"next": "maybe"}).status_code == 200
    response = client.post(f"{url}?next=maybe", {"accept_terms": "on", "next": "maybe"})
    assert response.status_code == 302
    assert response["Location"] == reverse("spaces:home")
    response = client.post(url, {"accept_terms": "on", "next": "/fr/processes/"})
    assert response["Location"] == "/fr/processes/"


def test_a_nul_in_a_nickname_is_a_404(client):
    response = client.get("/fr/u/abc%00def/")
    assert response.status_code == 404


def _create_url(target):
    content_type = ContentType.objects.get_for_model(target)
    return reverse("comments:create", kwargs={"content_type_id": content_type.pk, "object_id": target.pk})


NOT_HERE = "This reply does not belong to this discussion."


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("²", NOT_HERE),
        ("abc", NOT_HERE),
        ("1.5", NOT_HERE),
        ("-1", NOT_HERE),
        ("99999999999999999999", NOT_HERE),
        ("\x00", "Null characters are not allowed."),
    ],
)
def test_a_bad_parent_on_a_comment_post_is_a_clear_error_and_the_text_is_kept(
    client, member, proposal, english, bad, message
):
    response = client.post(_create_url(proposal), {"body": "Mon texte gardé", "opinion": "neutral", "parent": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Mon texte gardé" in html
    assert not Comment.objects.exists()


def test_a_parent_from_another_thread_is_refused(client, member, proposal, english):
    elsewhere = CommentFactory(target=ProposalFactory(process=proposal.process))
    response = client.post(
        _create_url(proposal), {"body": "Réponse", "opinion": "neutral", "parent": elsewhere.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "This reply does not belong to this discussion." in response.content.decode()
    assert not Comment.objects.filter(parent=elsewhere).exists()


@pytest.mark.parametrize("bad", ["²", "abc", "1.5"])
def test_a_bad_parent_on_the_reply_page_is_a_404(client, member, proposal, bad):
    assert client.get(_create_url(proposal), {"parent": bad}).status_code == 404


def test_the_reply_page_shows_the_parent(client, member, proposal):
    parent = CommentFactory(target=proposal, author=UserFactory(display_name="Alix Parent"))
    response = client.get(_create_url(proposal), {"parent": parent.pk})
    assert response.status_code == 200
    assert "Alix Parent" in response.content.decode()
