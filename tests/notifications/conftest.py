import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import ProposalFactory, UserFactory


@pytest.fixture
def proposal(db, process):
    return ProposalFactory(process=process)


@pytest.fixture
def make_comment(db):
    """Build a comment row directly (the comments service adds permission checks we don't test here)."""
    from apps.comments.models import Comment

    def make(*, author, target, body="Bonne idée !", parent=None, mentions=()):
        comment = Comment.objects.create(
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            process=target.process,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            author=author,
            body=body,
            opinion=Comment.Opinion.NEUTRAL,
        )
        comment.mentions.set(mentions)
        return comment

    return make


@pytest.fixture
def immediate_user(db):
    return UserFactory(language="en", email_frequency="immediate")
