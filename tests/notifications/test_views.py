import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.notifications import services
from apps.notifications.models import Notification
from apps.notifications.selectors import is_following
from tests.factories import NotificationFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def follow_data(target, next_url="/fr/"):
    return {
        "content_type": ContentType.objects.get_for_model(target).pk,
        "object_id": target.pk,
        "next": next_url,
    }


def test_navbar_shows_unread_count_and_mark_all_read_clears_it(client, user):
    NotificationFactory.create_batch(2, recipient=user)
    client.force_login(user)
    page = client.get("/en/").content.decode()
    assert "2 unread notifications" in page
    assert reverse("notifications:list") in page

    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    page = response.content.decode()
    assert "0 unread notifications" in page
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def _count_queries(client, path="/en/"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.get(path).content.decode()
    return page, len([q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]])


def test_navbar_counter_costs_one_query_then_is_kept_until_a_notification_arrives(client, user):
    client.force_login(user)
    client.get("/en/")  # warm caches (terms version, content types...)
    page, queries = _count_queries(client)
    assert queries == 0 and "0 unread notifications" in page  # counted by the first page, kept since
    proposal = ProposalFactory(author=UserFactory())
    services.notify_status_changed(target=proposal, actor=UserFactory())  # not for `user`: the count stays
    services.notify_content_reported(target=proposal, recipient_ids=[user.pk], url_for=lambda: "/en/")
    page, queries = _count_queries(client)
    assert queries == 1 and "1 unread notification" in page  # the new one shows at once: one COUNT query
    page, queries = _count_queries(client)
    assert queries == 0 and "1 unread notification" in page


def test_reading_a_notification_updates_the_cached_counter(client, user):
    proposal = ProposalFactory(author=UserFactory())
    services.notify_content_reported(target=proposal, recipient_ids=[user.pk], url_for=lambda: "/en/")
    services.notify_content_reported(target=proposal, recipient_ids=[user.pk], url_for=lambda: "/en/")
    client.force_login(user)
    assert "2 unread notifications" in client.get("/en/").content.decode()
    first = Notification.objects.filter(recipient=user).first()
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert "1 unread notification" in client.get("/en/").content.decode()
    client.post(reverse("notifications:mark_all_read"))
    assert "0 unread notifications" in client.get("/en/").content.decode()


def test_notification_page_lists_newest_first_and_paginates(client, user, django_assert_max_num_queries):
    for n in range(25):
        NotificationFactory(recipient=user, data={"title": f"Titre {n:02d}", "url": "/fr/", "actor_name": "Léa"})
    client.force_login(user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("Titre 24") < page.index("Titre 23")
    assert "Titre 04" not in page
    assert "Titre 04" in client.get(reverse("notifications:list") + "?page=2").content.decode()


def test_notifications_page_requires_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_opening_a_notification_marks_it_read_and_redirects(client, user):
    notification = NotificationFactory(recipient=user, data={"title": "T", "url": "/fr/processes/"})
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("/processes/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_get_on_a_notification_only_redirects_state_changes_only_on_post(client, user):
    notification = NotificationFactory(recipient=user, data={"title": "T", "url": "/fr/processes/"})
    client.force_login(user)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("/processes/")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_list_opens_notifications_with_a_post_form(client, user):
    notification = NotificationFactory(recipient=user, data={"title": "T", "url": "/fr/processes/"})
    client.force_login(user)
    html = client.get(reverse("notifications:list")).content.decode()
    open_url = reverse("notifications:open", args=[notification.pk])
    assert f'<form method="post" action="{open_url}"' in html
    assert f'href="{open_url}"' not in html


def test_cannot_open_or_read_someone_elses_notification(client, user):
    notification = NotificationFactory()
    client.force_login(user)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code == 404


def test_mark_one_read(client, user):
    notification = NotificationFactory(recipient=user)
    other = NotificationFactory(recipient=user)
    client.force_login(user)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.read_at is not None and other.read_at is None


def test_follow_and_unfollow_without_js(client, user, proposal):
    client.force_login(user)
    response = client.post(reverse("notifications:follow"), follow_data(proposal, "/fr/processes/"))
    assert response.status_code == 302 and response["Location"] == "/fr/processes/"
    assert is_following(user=user, target=proposal)
    client.post(reverse("notifications:follow"), follow_data(proposal))  # idempotent
    response = client.post(reverse("notifications:unfollow"), follow_data(proposal))
    assert response.status_code == 302
    assert not is_following(user=user, target=proposal)


def test_follow_with_htmx_returns_the_button(client, user, proposal):
    client.force_login(user)
    response = client.post(reverse("notifications:follow"), follow_data(proposal), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="follow-button"' in html
    assert reverse("notifications:unfollow") in html
    assert "csrfmiddlewaretoken" in html
    response = client.post(reverse("notifications:unfollow"), follow_data(proposal), HTTP_HX_REQUEST="true")
    assert reverse("notifications:follow") in response.content.decode()


def test_follow_rejects_unsafe_next(client, user, proposal):
    client.force_login(user)
    response = client.post(reverse("notifications:follow"), follow_data(proposal, "https://evil.example/"))
    assert "evil" not in response["Location"]


def test_anonymous_follow_redirects_to_login(client, proposal):
    response = client.post(reverse("notifications:follow"), follow_data(proposal))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not is_following(user=proposal.author, target=proposal)


def test_cannot_follow_something_not_followable_or_hidden(client, user, process):
    client.force_login(user)
    data = follow_data(process)
    assert client.post(reverse("notifications:follow"), data).status_code == 404
    draft = ProposalFactory(process=process, status="draft", published_at=None, reference=None)
    assert client.post(reverse("notifications:follow"), follow_data(draft)).status_code == 403
    assert client.post(reverse("notifications:follow"), {"content_type": "x", "object_id": 1}).status_code == 404
    assert client.get(reverse("notifications:follow")).status_code == 405


def test_follow_button_partial_renders_for_anonymous_and_signed_in(rf, user, proposal):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/fr/")
    request.user = AnonymousUser()
    html = render_to_string(
        "notifications/partials/_follow_button.html", {"target": proposal, "is_following": False}, request=request
    )
    assert reverse("account_login") in html
    request.user = UserFactory()
    html = render_to_string(
        "notifications/partials/_follow_button.html", {"target": proposal, "is_following": True}, request=request
    )
    assert reverse("notifications:unfollow") in html
    assert 'aria-pressed="true"' in html


def test_unfollow_says_nothing_about_a_draft_one_may_not_see(client, user, process):
    """The unfollow response names its target: it asks the target's view rule first."""
    draft = ProposalFactory(
        process=process, status="draft", published_at=None, reference=None, title="Un brouillon très secret"
    )
    client.force_login(user)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post(reverse("notifications:unfollow"), follow_data(draft), follow=True, **headers)
        assert response.status_code == 404
        assert "Un brouillon très secret" not in response.content.decode()


def test_the_author_may_unfollow_their_own_draft(client, process):
    draft = ProposalFactory(process=process, status="draft", published_at=None, reference=None)
    client.force_login(draft.author)
    services.follow_add(user=draft.author, target=draft)
    response = client.post(reverse("notifications:unfollow"), follow_data(draft, "/fr/processes/"))
    assert response.status_code == 302
    assert not is_following(user=draft.author, target=draft)


def test_following_a_draft_is_refused_with_the_targets_reason(client, user, process):
    draft = ProposalFactory(process=process, status="draft", published_at=None, reference=None)
    client.force_login(user)
    response = client.post(reverse("notifications:follow"), follow_data(draft))
    assert response.status_code == 403
    assert not is_following(user=user, target=draft)


def test_a_new_status_reads_in_the_language_of_the_page_not_of_the_day_it_was_made():
    from django.test import Client

    reader = UserFactory(language="fr")  # told in French; later reads the site in Spanish and English
    proposal = ProposalFactory(author=reader, status="accepted", title="Un verger au parc")
    services.notify_status_changed(target=proposal, actor=UserFactory())
    assert Notification.objects.get(recipient=reader).data["status_label"] == "Acceptée"
    client = Client()
    client.force_login(reader)
    spanish = client.get("/es" + reverse("notifications:list")[3:]).content.decode()
    assert "«Un verger au parc» tiene un nuevo estado: Aceptada" in spanish and "Acceptée" not in spanish
    english = client.get("/en" + reverse("notifications:list")[3:]).content.decode()
    assert "“Un verger au parc” has a new status: Accepted" in english
