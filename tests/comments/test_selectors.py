import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.comments import selectors, services
from apps.comments.models import Comment, CommentVote
from tests.factories import CommentFactory, ProposalFactory, UserFactory
from tests.helpers import freeze_phase, thread_url

pytestmark = pytest.mark.django_db


def test_thread_context_pages_top_level_comments_and_marks_own_votes(proposal, commenter, other):
    comments = [CommentFactory(target=proposal, author=commenter) for _ in range(25)]
    CommentFactory(parent=comments[0], author=other)
    CommentVote.objects.create(comment=comments[1], user=other, value=-1)
    context = selectors.thread_context(target=proposal, user=other)
    assert context["top_level_count"] == 25
    assert len(context["comment_list"]) == selectors.PAGE_SIZE
    votes = {c.pk: c.user_vote for c in context["comment_list"]}
    assert votes[comments[1].pk] == -1 and votes[comments[0].pk] == 0
    assert context["can_comment"] and context["refusal_reason"] is None
    page2 = selectors.thread_context(target=proposal, user=other, page=2)
    assert len(page2["comment_list"]) == 5


def test_thread_context_orders(proposal, commenter, other):
    first = CommentFactory(target=proposal)
    second = CommentFactory(target=proposal, upvotes=5)
    newest = selectors.thread_context(target=proposal, user=other, order="newest")["comment_list"]
    assert [c.pk for c in newest] == [second.pk, first.pk]
    voted = selectors.thread_context(target=proposal, user=other, order="most_voted")["comment_list"]
    assert voted[0].pk == second.pk
    oldest = selectors.thread_context(target=proposal, user=other, order="bogus")["comment_list"]
    assert oldest[0].pk == first.pk


def test_thread_context_gives_the_refusal_reason_when_closed(proposal, commenter):
    with freeze_phase(proposal.process.phases.get(), "after"):
        context = selectors.thread_context(target=proposal, user=commenter)
    assert not context["can_comment"]
    assert context["refusal_reason"].startswith("Comments closed on")
    assert context["form"] is None
    assert selectors.thread_context(target=proposal, user=AnonymousUser())["refusal_reason"] == "Sign in to comment"


def _bulk_thread(proposal, count, authors):
    content_type = ContentType.objects.get_for_model(proposal)
    Comment.objects.bulk_create(
        Comment(
            content_type=content_type,
            object_id=proposal.pk,
            process=proposal.process,
            author=authors[i % len(authors)],
            body=f"Commentaire {i} pour @{authors[0].nickname}",
            opinion="neutral",
            reply_count=1 if i % 3 == 0 else 0,
        )
        for i in range(count)
    )
    comments = list(Comment.objects.filter(object_id=proposal.pk).order_by("pk"))
    for comment in comments[::3]:
        comment.mentions.add(authors[0])
        CommentFactory(parent=comment, author=authors[1])
    return comments


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_page_of_a_thousand_comments_costs_the_same_queries_as_thirty(
    client, process, commenter, other, django_assert_max_num_queries
):
    authors = [commenter, other, UserFactory(), UserFactory()]
    small = ProposalFactory(process=process)
    big = ProposalFactory(process=process)
    for target, count in ((small, 30), (big, 1000)):
        comments = _bulk_thread(target, count, authors)
        for comment in comments[:40:2]:
            if comment.author_id != other.pk:
                CommentVote.objects.create(comment=comment, user=other, value=1)
    client.force_login(other)
    client.get(thread_url(small))  # warm the content type and terms caches
    small_queries = _page_queries(client, thread_url(small))
    print("queries per page:", small_queries)
    assert small_queries < 25
    with django_assert_max_num_queries(small_queries):
        response = client.get(thread_url(big) + "?page=7")
    assert response.status_code == 200
    assert response.content.count(b'class="comment comment-depth-0"') == selectors.PAGE_SIZE
    # The htmx list and a reply page are constant too.
    with django_assert_max_num_queries(small_queries):
        client.get(thread_url(big) + "?page=3&order=most_voted", HTTP_HX_REQUEST="true")


def test_activity_and_export(proposal, commenter):
    kept = services.comment_create(user=commenter, target=proposal, body="Visible", opinion="in_favour")
    gone = services.comment_create(user=commenter, target=proposal, body="Effacé", opinion="against")
    services.comment_delete(user=commenter, comment=gone)
    activity = selectors.activity_comments(commenter)
    assert [item["url"].endswith(f"#comment-{kept.pk}") for item in activity] == [True]
    assert activity[0]["title"] == proposal.title
    exported = selectors.export_comments(commenter)
    assert {row["id"] for row in exported} == {kept.pk, gone.pk}
    assert next(row for row in exported if row["id"] == gone.pk)["body"] == ""
    assert exported[0]["target"] == "proposals.proposal"


def test_exporter_and_activity_source_are_registered(proposal, commenter):
    from apps.accounts.selectors import public_activity
    from apps.core.personal_data import exporters

    assert "comments" in exporters()
    services.comment_create(user=commenter, target=proposal, body="Bonjour", opinion="neutral")
    assert any(item["label"] == "Commented on" for item in public_activity(user=commenter))
