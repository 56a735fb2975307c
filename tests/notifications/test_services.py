from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation

from apps.notifications import services
from apps.notifications.models import Follow, Notification
from apps.notifications.selectors import follower_ids, is_following
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_URL = "http://127.0.0.1:8000"


def kinds_of(comment):
    return {n.recipient_id: n.kind for n in Notification.objects.filter(target_id=comment.pk)}


# --- Follows -----------------------------------------------------------------------------------------------


def test_follow_add_is_idempotent(user, proposal):
    first = services.follow_add(user=user, target=proposal)
    second = services.follow_add(user=user, target=proposal)
    assert first.pk == second.pk
    assert Follow.objects.filter(user=user).count() == 1
    assert is_following(user=user, target=proposal)


def test_follow_is_unique_in_the_database(user, proposal):
    follow = services.follow_add(user=user, target=proposal)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=user, content_type=follow.content_type, object_id=proposal.pk)


def test_follow_remove(user, proposal):
    services.follow_add(user=user, target=proposal)
    services.follow_remove(user=user, target=proposal)
    services.follow_remove(user=user, target=proposal)  # no error the second time
    assert not is_following(user=user, target=proposal)


def test_only_followable_models_can_be_followed(user, process):
    with pytest.raises(ValueError):
        services.follow_add(user=user, target=process)


def test_author_follows_their_proposal_and_hears_of_status_changes(proposal):
    # The proposals app calls follow_add at publication; simulate it.
    services.follow_add(user=proposal.author, target=proposal)
    agent = UserFactory()
    services.notify_status_changed(target=proposal, actor=agent)
    notification = Notification.objects.get(recipient=proposal.author)
    assert notification.kind == Notification.Kind.STATUS_CHANGED
    assert notification.data["title"] == proposal.title
    assert not Notification.objects.filter(recipient=agent).exists()


# --- Comment notifications ---------------------------------------------------------------------------------


def test_mention_gives_one_notification_and_an_email_in_the_recipient_language(
    proposal, make_comment, django_capture_on_commit_callbacks
):
    author = UserFactory(display_name="Camille")
    mentioned = UserFactory(language="en", email_frequency="immediate", email="lea@example.org")
    services.follow_add(user=mentioned, target=proposal)  # follower AND mentioned: still one notification
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(author=author, target=proposal, body="Qu'en pensez-vous @lea ?", mentions=[mentioned])
        services.notify_comment_created(comment=comment)

    notifications = Notification.objects.filter(recipient=mentioned)
    assert [n.kind for n in notifications] == [Notification.Kind.MENTION]
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["lea@example.org"]
    assert "Camille mentioned you in a comment on" in email.subject
    with translation.override("en"):
        url = SITE_URL + comment.get_absolute_url()
    assert url in email.body
    assert "Qu'en pensez-vous @lea ?" in email.body
    html = email.alternatives[0][0]
    assert url in html
    assert notifications[0].emailed_at is not None


def test_reply_notifies_the_parent_author(proposal, make_comment):
    parent_author = UserFactory()
    replier = UserFactory()
    parent = make_comment(author=parent_author, target=proposal)
    reply = make_comment(author=replier, target=proposal, parent=parent, body="Je ne suis pas d'accord")
    services.notify_comment_created(comment=reply)
    assert kinds_of(reply)[parent_author.pk] == Notification.Kind.REPLY_TO_MY_COMMENT


def test_followers_are_notified_but_not_the_author(proposal, make_comment):
    follower = UserFactory()
    services.follow_add(user=proposal.author, target=proposal)
    services.follow_add(user=follower, target=proposal)
    comment = make_comment(author=follower, target=proposal)
    services.notify_comment_created(comment=comment)
    assert kinds_of(comment) == {proposal.author.pk: Notification.Kind.COMMENT_ON_FOLLOWED}


def test_commenting_makes_the_commenter_follow(proposal, make_comment, user):
    comment = make_comment(author=user, target=proposal)
    services.notify_comment_created(comment=comment)
    assert is_following(user=user, target=proposal)


def test_most_specific_kind_wins_and_author_never_notified(proposal, make_comment):
    parent_author = UserFactory()
    other = UserFactory()
    commenter = UserFactory()
    for person in (parent_author, other, commenter):
        services.follow_add(user=person, target=proposal)
    parent = make_comment(author=parent_author, target=proposal)
    # The commenter mentions themself and replies to the parent; `other` is only a follower.
    reply = make_comment(author=commenter, target=proposal, parent=parent, mentions=[commenter])
    services.notify_comment_created(comment=reply)
    assert kinds_of(reply) == {
        parent_author.pk: Notification.Kind.REPLY_TO_MY_COMMENT,
        other.pk: Notification.Kind.COMMENT_ON_FOLLOWED,
    }
    # Reply AND mention: mention wins, once.
    again = make_comment(author=commenter, target=proposal, parent=parent, mentions=[parent_author])
    services.notify_comment_created(comment=again)
    assert kinds_of(again)[parent_author.pk] == Notification.Kind.MENTION
    assert Notification.objects.filter(recipient=parent_author, target_id=again.pk).count() == 1


def test_inactive_and_deleted_users_are_never_notified(proposal, make_comment):
    from django.utils import timezone

    inactive = UserFactory(is_active=False)
    deleted = UserFactory(deleted_at=timezone.now())
    for person in (inactive, deleted):
        services.follow_add(user=person, target=proposal)
    comment = make_comment(author=UserFactory(), target=proposal, mentions=[inactive, deleted])
    services.notify_comment_created(comment=comment)
    assert follower_ids(target=proposal) == {comment.author_id}
    assert not Notification.objects.exists()


def test_never_users_get_in_app_notifications_but_no_email(proposal, make_comment, django_capture_on_commit_callbacks):
    quiet = UserFactory(email_frequency="never")
    daily = UserFactory(email_frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(author=UserFactory(), target=proposal, mentions=[quiet, daily])
        services.notify_comment_created(comment=comment)
    assert Notification.objects.filter(recipient=quiet).count() == 1
    assert Notification.objects.filter(recipient=daily).count() == 1
    assert mail.outbox == []


def test_immediate_email_is_not_sent_twice(proposal, make_comment, immediate_user):
    comment = make_comment(author=UserFactory(), target=proposal, mentions=[immediate_user])
    services.notify_comment_created(comment=comment)
    notification = Notification.objects.get(recipient=immediate_user)
    assert services.notification_send_email(notification=notification) is True
    assert services.notification_send_email(notification=notification) is False
    assert len(mail.outbox) == 1


def test_notifications_store_what_rendering_needs(proposal, make_comment):
    author = UserFactory(display_name="Karim")
    follower = UserFactory(language="en")
    services.follow_add(user=follower, target=proposal)
    comment = make_comment(author=author, target=proposal, body="<b>Super</b>   idée " + "x" * 400)
    services.notify_comment_created(comment=comment)
    notification = Notification.objects.get(recipient=follower)
    assert notification.data["title"] == proposal.title
    assert notification.data["actor_name"] == "Karim"
    assert notification.data["excerpt"].startswith("Super idée x")
    assert len(notification.data["excerpt"]) <= 200
    with translation.override("en"):
        assert notification.data["url"] == comment.get_absolute_url()
        assert notification.summary == f"Karim commented on “{proposal.title}”"


# --- Daily digest ------------------------------------------------------------------------------------------


def test_daily_digest_lists_notifications_once(make_comment, process):
    reader = UserFactory(language="en", email_frequency="daily")
    first, second = ProposalFactory(process=process), ProposalFactory(process=process)
    for target in (first, second):
        comment = make_comment(author=UserFactory(), target=target, mentions=[reader])
        services.notify_comment_created(comment=comment)
    assert mail.outbox == []

    assert services.digests_send_all() == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [reader.email]
    assert "2 notifications" in email.subject
    assert first.title in email.body and second.title in email.body
    assert first.title in email.alternatives[0][0]
    assert not Notification.objects.filter(recipient=reader, emailed_at__isnull=True).exists()

    assert services.digests_send_all() == 0
    assert len(mail.outbox) == 1


def test_digest_ignores_old_and_other_frequencies(make_comment, proposal):
    from datetime import timedelta

    from django.utils import timezone

    daily = UserFactory(email_frequency="daily")
    never = UserFactory(email_frequency="never")
    immediate = UserFactory(email_frequency="immediate")
    comment = make_comment(author=UserFactory(), target=proposal, mentions=[daily, never, immediate])
    services.notify_comment_created(comment=comment)
    Notification.objects.filter(recipient=daily).update(created_at=timezone.now() - timedelta(hours=25))
    assert services.digests_send_all() == 0
    assert mail.outbox == []


def test_send_digests_command(make_comment, proposal):
    from io import StringIO

    from django.core.management import call_command

    reader = UserFactory(email_frequency="daily")
    services.notify_comment_created(comment=make_comment(author=UserFactory(), target=proposal, mentions=[reader]))
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "1 digest" in out.getvalue()
    assert len(mail.outbox) == 1


def test_tasks_load_by_id(make_comment, proposal, immediate_user):
    from apps.notifications.tasks import send_daily_digests, send_notification_email

    services.notify_comment_created(
        comment=make_comment(author=UserFactory(), target=proposal, mentions=[immediate_user])
    )
    notification = Notification.objects.get(recipient=immediate_user)
    send_notification_email.delay(notification.pk)
    send_notification_email.delay(999999)  # gone: nothing happens
    assert len(mail.outbox) == 1
    assert send_daily_digests.delay().get() == 0


def test_a_failed_send_is_retried_and_sent_once(make_comment, proposal, immediate_user):
    from smtplib import SMTPServerDisconnected

    from django.core.mail import EmailMultiAlternatives

    from apps.notifications.tasks import send_notification_email

    services.notify_comment_created(
        comment=make_comment(author=UserFactory(), target=proposal, mentions=[immediate_user])
    )
    notification = Notification.objects.get(recipient=immediate_user)
    real_send = EmailMultiAlternatives.send
    attempts = []

    def flaky_send(message, *args, **kwargs):
        attempts.append(message.to)
        if len(attempts) == 1:
            raise SMTPServerDisconnected("connection lost")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", flaky_send):
        send_notification_email.apply(args=[notification.pk], throw=False)
    assert len(attempts) == 2
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_tasks_have_time_limits(settings):
    from apps.notifications.tasks import send_daily_digests

    assert settings.CELERY_TASK_TIME_LIMIT and settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert send_daily_digests.soft_time_limit < send_daily_digests.time_limit
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE


# --- Export ------------------------------------------------------------------------------------------------


def test_data_export_includes_follows_and_notifications(user, proposal, make_comment):
    from apps.accounts.services import user_export_data

    services.follow_add(user=user, target=proposal)
    services.notify_comment_created(comment=make_comment(author=UserFactory(), target=proposal))
    data = user_export_data(user=user)
    assert data["follows"] == [
        {"target_type": "proposals.proposal", "target_id": proposal.pk, "created_at": data["follows"][0]["created_at"]}
    ]
    assert data["notifications"][0]["kind"] == "comment_on_followed"
    assert data["notifications"][0]["data"]["title"] == proposal.title


def test_real_comment_service_notifies_on_commit(proposal, django_capture_on_commit_callbacks):
    """End to end through apps.comments.services.comment_create (mentions parsed from the body)."""
    from apps.comments.services import comment_create

    services.follow_add(user=proposal.author, target=proposal)
    mentioned = UserFactory(nickname="lea_m", language="en", email_frequency="immediate")
    commenter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(
            user=commenter, target=proposal, body="Bonne idée, @lea_m qu'en dis-tu ?", opinion="in_favour"
        )
    assert kinds_of(comment) == {
        proposal.author.pk: Notification.Kind.COMMENT_ON_FOLLOWED,
        mentioned.pk: Notification.Kind.MENTION,
    }
    assert is_following(user=commenter, target=proposal)
    assert [m.to for m in mail.outbox if m.to == [mentioned.email]] == [[mentioned.email]]


@pytest.mark.django_db
def test_account_deletion_erases_follows_and_notifications():
    from apps.accounts.services import user_delete_account
    from apps.notifications.models import Follow, Notification
    from apps.notifications.services import follow_add
    from tests.factories import DEFAULT_PASSWORD, NotificationFactory, ProposalFactory, UserFactory

    user = UserFactory()
    follow_add(user=user, target=ProposalFactory())
    NotificationFactory(recipient=user)
    user_delete_account(user=user, password=DEFAULT_PASSWORD)
    assert not Follow.objects.filter(user=user).exists()
    assert not Notification.objects.filter(recipient=user).exists()


def test_a_translated_title_is_told_in_each_recipients_language():
    from tests.factories import ProjectFactory

    project = ProjectFactory(title_fr="Un verger au parc", title_en="An orchard in the park")
    english, french = UserFactory(language="en"), UserFactory(language="fr")
    with translation.override("fr"):  # the agent who selects it works in French
        services.notify_status_changed(target=project, actor=UserFactory(), also_ids=[english.pk, french.pk])
    assert Notification.objects.get(recipient=english).data["title"] == "An orchard in the park"
    assert Notification.objects.get(recipient=french).data["title"] == "Un verger au parc"
    with translation.override("fr"):
        services.notify_ballot_reclassified(target=project, recipient_ids=[english.pk], url_for=lambda: "/en/")
    reclassified = Notification.objects.get(recipient=english, kind=Notification.Kind.BALLOT_RECLASSIFIED)
    with translation.override("en"):
        assert reclassified.summary.startswith("“An orchard in the park” is no longer on the ballot")
