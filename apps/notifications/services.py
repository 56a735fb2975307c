"""Follows and notifications.

INTERFACE CONTRACT (other apps call these; the notifications app implements them):

- follow_add(*, user, target) -> Follow          idempotent; users follow proposals (and any followable)
- follow_remove(*, user, target) -> None
- is_following(*, user, target) -> bool
- notify_comment_created(*, comment) -> None     new comment on a followed target, reply to my comment,
                                                 @mentions (comment.mentioned_users), queued on commit
- notify_status_changed(*, proposal, actor) -> None   status/answer change of a followed proposal

All are safe to call inside a service's transaction: e-mails are sent by Celery after commit.
"""


def follow_add(*, user, target):
    return None


def follow_remove(*, user, target):
    return None


def is_following(*, user, target):
    return False


def notify_comment_created(*, comment):
    return None


def notify_status_changed(*, proposal, actor):
    return None
