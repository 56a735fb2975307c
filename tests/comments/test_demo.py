import pytest

from apps.comments import demo
from apps.comments.models import Comment
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_guards_for_no_proposals(process):
    users = {key: UserFactory(nickname=key) for key in ("camille", "karim", "lea")}
    context = {"processes": {"budget": process}, "users": users}
    demo.seed(context)  # no proposals yet: nothing, no error
    assert not Comment.objects.exists()
    proposals = [ProposalFactory(process=process) for _ in range(2)]
    demo.seed(context)
    count = Comment.objects.count()
    assert count >= 6
    assert Comment.objects.filter(depth=2).exists()
    assert Comment.objects.filter(mentions=users["lea"]).exists()
    demo.seed(context)
    assert Comment.objects.count() == count
    proposals[0].refresh_from_db()
    assert proposals[0].comment_count == Comment.objects.filter(object_id=proposals[0].pk).count()
