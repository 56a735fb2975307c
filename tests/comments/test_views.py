import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.comments import services, targets
from apps.comments.models import Comment, comment_settings_for
from tests.factories import CommentFactory, ProposalFactory, UserFactory
from tests.helpers import HTMX, create_url, freeze_phase, thread_url

pytestmark = pytest.mark.django_db


def post_comment(client, target, **data):
    return client.post(create_url(target), {"body": "J'aime beaucoup cette idée", "opinion": "in_favour", **data})


def test_create_without_js_redirects_to_the_comment(client, proposal, commenter):
    client.force_login(commenter)
    response = post_comment(client, proposal)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{targets.target_url(proposal)}#comment-{comment.pk}"
    proposal.refresh_from_db()
    assert proposal.comment_count == 1


def test_create_with_htmx_returns_a_fresh_form_and_the_new_comment(client, proposal, commenter):
    client.force_login(commenter)
    response = client.post(create_url(proposal), {"body": "Super", "opinion": "neutral"}, **HTMX)
    comment = Comment.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your comment has been published." in html
    assert f'id="comment-{comment.pk}"' in html and "hx-swap-oob" in html
    # The heading's count is refreshed out of band.
    assert f'id="comments-title-proposals-proposal-{proposal.pk}" class="h4 mb-3" hx-swap-oob="true">1 comment<' in html


def test_reply_with_htmx_is_inserted_under_its_parent(client, proposal, commenter):
    parent = CommentFactory(target=proposal)
    client.force_login(commenter)
    response = client.post(create_url(proposal), {"body": "Réponse", "opinion": "neutral", "parent": parent.pk}, **HTMX)
    reply = Comment.objects.get(parent=parent)
    html = response.content.decode()
    assert f'id="replies-{parent.pk}" hx-swap-oob="true"' in html and f'id="comment-{reply.pk}"' in html
    assert 'hx-swap-oob="true">1 comment<' in html  # the factory-made parent is not counted; the reply is
    assert "Show 1 reply" not in html  # the only reply is shown, no counter needed


def test_after_a_reply_the_show_replies_counter_counts_it(client, proposal, commenter):
    """The thread said "Show 2 replies" (folded): after a third one it says "Show 3 replies", not 2."""
    parent = CommentFactory(target=proposal)
    client.force_login(commenter)
    for body in ("Réponse A", "Réponse B"):
        client.post(create_url(proposal), {"body": body, "opinion": "neutral", "parent": parent.pk})
    data = {"body": "Réponse C", "opinion": "neutral", "parent": parent.pk}
    response = client.post(create_url(proposal), data, **HTMX)
    html = response.content.decode()
    box = html[html.index(f'id="replies-{parent.pk}"'):]
    assert "Show 3 replies" in box and "Show 2 replies" not in html
    assert "Réponse C" in box


def test_reply_to_a_depth_two_comment_is_refused_with_a_message(client, proposal, commenter):
    top = CommentFactory(target=proposal)
    deep = CommentFactory(parent=CommentFactory(parent=top))
    client.force_login(commenter)
    response = client.post(create_url(proposal), {"body": "Trop profond", "opinion": "neutral", "parent": deep.pk})
    assert response.status_code == 200
    assert "limited to three levels" in response.content.decode()
    assert "Trop profond" in response.content.decode()
    assert not Comment.objects.filter(parent=deep).exists()


def test_too_long_text_shows_the_error_next_to_the_field_and_keeps_the_text(client, proposal, commenter):
    comment_settings_for(proposal.process).comment_max_length = 30
    comment_settings_for(proposal.process).save()
    client.force_login(commenter)
    text = "Un texte beaucoup trop long pour la limite fixée"
    response = client.post(create_url(proposal), {"body": text, "opinion": "against"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "at most 30 characters" in html
    assert text in html
    assert 'id="error_1_id_body"' in html or "invalid-feedback" in html
    response = client.post(create_url(proposal), {"body": text, "opinion": "against"}, **HTMX)
    html = response.content.decode()
    assert "is-invalid" in html and text in html
    assert not Comment.objects.exists()


def test_honeypot_pretends_success_and_stores_nothing(client, proposal, commenter):
    client.force_login(commenter)
    response = client.post(create_url(proposal), {"body": "Spam", "opinion": "neutral", "website": "http://x"})
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_rate_limit_on_creating_comments(client, proposal, commenter, settings):
    settings.COMMENT_RATE_LIMIT = "2/60"
    client.force_login(commenter)
    for i in range(2):
        assert client.post(create_url(proposal), {"body": f"Message {i}", "opinion": "neutral"}).status_code == 302
    response = client.post(create_url(proposal), {"body": "Encore un", "opinion": "neutral"})
    assert response.status_code == 200
    assert "several comments in a short time" in response.content.decode()
    assert "Encore un" in response.content.decode()
    assert Comment.objects.count() == 2


def test_anonymous_post_is_sent_to_sign_in(client, proposal):
    response = client.post(create_url(proposal), {"body": "Hello", "opinion": "neutral"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Comment.objects.exists()


def test_closed_phase_replaces_the_form_by_the_reason(client, proposal, commenter):
    client.force_login(commenter)
    with freeze_phase(proposal.process.phases.get(), "after"):
        html = client.get(thread_url(proposal)).content.decode()
        response = client.post(create_url(proposal), {"body": "Trop tard", "opinion": "neutral"})
    assert "Comments closed on" in html
    assert 'name="body"' not in html
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_anonymous_sees_comments_and_a_sign_in_invitation(client, proposal):
    CommentFactory(target=proposal, body="Visible par tous")
    html = client.get(thread_url(proposal)).content.decode()
    assert "Visible par tous" in html and "Sign in to comment" in html
    assert 'name="body"' not in html


def test_unregistered_or_unknown_targets_are_404(client, commenter):
    client.force_login(commenter)
    user_type = ContentType.objects.get_for_model(commenter)
    url = reverse("comments:thread", kwargs={"content_type_id": user_type.pk, "object_id": commenter.pk})
    assert client.get(url).status_code == 404
    url = reverse("comments:create", kwargs={"content_type_id": user_type.pk, "object_id": commenter.pk})
    assert client.post(url, {"body": "x", "opinion": "neutral"}).status_code == 404
    proposal_type = ContentType.objects.get_for_model(ProposalFactory._meta.model)
    url = reverse("comments:thread", kwargs={"content_type_id": proposal_type.pk, "object_id": 999999})
    assert client.get(url).status_code == 404


def test_draft_proposal_thread_is_hidden_from_others(client, process, commenter):
    draft = ProposalFactory(process=process, status="draft", published_at=None)
    client.force_login(commenter)
    assert client.get(thread_url(draft)).status_code == 404


def test_xss_payload_is_rendered_inert(client, proposal, commenter):
    CommentFactory(
        target=proposal,
        body='<script>alert("x")</script> <img src=x onerror=alert(1)> javascript:alert(1) [a](javascript:alert(1))',
    )
    html = client.get(thread_url(proposal)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html


def test_mentions_link_to_the_profile(client, proposal, commenter, other):
    comment = services.comment_create(
        user=commenter, target=proposal, body="Qu'en penses-tu @karim ?\nEt @inconnu ?", opinion="neutral"
    )
    html = client.get(thread_url(proposal)).content.decode()
    profile = reverse("accounts:profile", kwargs={"nickname": "karim"})
    assert f'<a class="comment-mention" href="{profile}">@karim</a>' in html
    assert "@inconnu" in html and "/u/inconnu/" not in html
    assert "<br>" in html
    assert list(comment.mentions.all()) == [other]


def test_replies_on_demand_with_htmx_and_without_js(client, proposal, commenter):
    parent = services.comment_create(user=commenter, target=proposal, body="Question", opinion="neutral")
    other = UserFactory()
    services.comment_create(user=other, target=proposal, body="Réponse A", opinion="neutral", parent=parent)
    html = client.get(thread_url(proposal)).content.decode()
    replies_url = reverse("comments:replies", kwargs={"pk": parent.pk})
    assert "Show 1 reply" in html and f'href="{replies_url}"' in html and "Réponse A" not in html
    partial = client.get(replies_url, **HTMX).content.decode()
    assert "Réponse A" in partial and "<html" not in partial
    page = client.get(replies_url).content.decode()
    assert "Réponse A" in page and "Question" in page and "<html" in page


def test_edit_marks_the_comment_edited(client, proposal, commenter):
    comment = services.comment_create(user=commenter, target=proposal, body="Avant", opinion="neutral")
    client.force_login(commenter)
    edit_url = reverse("comments:edit", kwargs={"pk": comment.pk})
    assert "Avant" in client.get(edit_url).content.decode()
    response = client.post(edit_url, {"body": "Après", "opinion": "against"})
    assert response.status_code == 302
    html = client.get(thread_url(proposal)).content.decode()
    assert "Après" in html and "edited on" in html
    partial = client.post(edit_url, {"body": "Encore", "opinion": "against"}, **HTMX).content.decode()
    assert "Encore" in partial and "<html" not in partial


def test_someone_else_cannot_edit(client, proposal, commenter, other):
    comment = services.comment_create(user=commenter, target=proposal, body="À moi", opinion="neutral")
    client.force_login(other)
    response = client.post(
        reverse("comments:edit", kwargs={"pk": comment.pk}), {"body": "Pas à toi", "opinion": "neutral"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "À moi"


def test_delete_shows_a_placeholder_and_keeps_replies(client, proposal, commenter, other):
    comment = services.comment_create(user=commenter, target=proposal, body="Secret", opinion="neutral")
    services.comment_create(user=other, target=proposal, body="Ma réponse", opinion="neutral", parent=comment)
    client.force_login(commenter)
    response = client.post(reverse("comments:delete", kwargs={"pk": comment.pk}))
    assert response.status_code == 302
    html = client.get(thread_url(proposal)).content.decode()
    assert "Deleted comment" in html and "Secret" not in html and "Show 1 reply" in html
    replies = client.get(reverse("comments:replies", kwargs={"pk": comment.pk}), **HTMX).content.decode()
    assert "Ma réponse" in replies


def test_vote_views(client, proposal, commenter, other):
    comment = services.comment_create(user=commenter, target=proposal, body="Votez", opinion="neutral")
    vote_url = reverse("comments:vote", kwargs={"pk": comment.pk})
    client.force_login(other)
    partial = client.post(vote_url, {"value": "1"}, **HTMX).content.decode()
    assert 'aria-pressed="true"' in partial and f'id="votes-{comment.pk}"' in partial
    assert client.post(vote_url, {"value": "-1"}).status_code == 302
    comment.refresh_from_db()
    assert (comment.upvotes, comment.downvotes) == (0, 1)
    client.force_login(commenter)
    response = client.post(vote_url, {"value": "1"}, **HTMX)
    assert response.status_code == 403
    client.logout()
    assert "/accounts/login/" in client.post(vote_url, {"value": "1"}).url


def test_the_section_partial_renders_from_thread_context(rf, proposal, commenter):
    from django.template.loader import render_to_string

    from apps.comments.selectors import thread_context

    CommentFactory(target=proposal, body="Dans la page de la proposition")
    request = rf.get("/en/")
    request.user = commenter
    html = render_to_string(
        "comments/partials/_section.html",
        {"comments": thread_context(target=proposal, user=commenter, request=request)},
        request=request,
    )
    assert 'id="comments"' in html and "Dans la page de la proposition" in html and 'name="body"' in html
