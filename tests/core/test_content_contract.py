"""The participatory-content contract (apps/core/content.py), checked for EVERY registered content type.

The main check: a content type's `visible_to(user)` queryset and its `<app>.view_<model>` rule give the same
answer, for an anonymous visitor, the author, another citizen and staff of the process (a process
administrator and a moderator, never a superuser), on draft, published, withdrawn and hidden (by moderation)
items, in a published and an unpublished process. A new content type must add its builder below (the first
test fails until it does).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from apps.comments.models import Comment
from apps.core import content
from apps.core.content import Capability, StatusPipeline
from apps.core.permissions import is_allowed
from apps.proposals.models import Proposal
from apps.spaces.models import ProcessRole
from tests.factories import (
    BudgetFactory,
    PhaseFactory,
    ProcessFactory,
    ProcessRoleFactory,
    ProjectFactory,
    ProposalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STATES = ("draft", "published", "withdrawn", "hidden")


def _proposal(*, process, author, state):
    published = None if state == "draft" else timezone.now()
    return ProposalFactory(
        process=process,
        author=author,
        status="published" if state == "hidden" else state,
        published_at=published,
        withdrawn_at=timezone.now() if state == "withdrawn" else None,
        hidden_at=timezone.now() if state == "hidden" else None,
        reference=None,
    )


def _comment(*, process, author, state):
    """A comment by `author` on a proposal of theirs in `state` (rows written directly: rules are not the point)."""
    target = _proposal(process=process, author=author, state=state)
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        process=process,
        author=author,
        body="Un commentaire",
        opinion=Comment.Opinion.NEUTRAL,
    )


def _project(*, process, author, state):
    """A budget project (the organisers' content: no author of its own); the states stand for its statuses: not yet
    selected, on the ballot, not chosen by the vote, chosen."""
    status = {"draft": "candidate", "published": "selected", "withdrawn": "not_winner", "hidden": "winner"}[state]
    return ProjectFactory(budget=BudgetFactory(process=process), status=status)


def _profile(*, process, author, state):
    """A participant's profile (reportable); it has no states and belongs to no process."""
    return UserFactory()


def _result(*, process, author, state):
    """A result (the organisers' content: no author, no state of its own): the states stand for its progress."""
    from tests.results.factories import ResultFactory

    progress = {"draft": 0, "published": 30, "withdrawn": 60, "hidden": 100}[state]
    return ResultFactory(process=process, progress=progress)


def _event(*, process, author, state):
    """An event organised by `author`; the states stand for a draft, a published, a cancelled and a hidden event."""
    from tests.events.factories import EventFactory

    status = {"draft": "draft", "published": "published", "withdrawn": "cancelled", "hidden": "published"}[state]
    return EventFactory(
        process=process,
        author=author,
        status=status,
        published_at=None if status == "draft" else timezone.now(),
        hidden_at=timezone.now() if state == "hidden" else None,
    )


BUILDERS = {
    "proposals.proposal": _proposal,
    "comments.comment": _comment,
    "accounts.user": _profile,
    "budgets.project": _project,
    "results.result": _result,
    "events.event": _event,
}


def test_every_registered_content_type_is_covered_here():
    assert {entry.label for entry in content.registered()} == set(BUILDERS)


def _viewers(process, author):
    admin = UserFactory()
    ProcessRoleFactory(process=process, user=admin, role=ProcessRole.Role.ADMIN)
    moderator = UserFactory()
    ProcessRoleFactory(process=process, user=moderator, role=ProcessRole.Role.MODERATOR)
    return {
        "anonymous": AnonymousUser(),
        "author": author,
        "other citizen": UserFactory(),
        "process admin": admin,
        "moderator": moderator,
    }


@pytest.mark.parametrize("label", sorted(BUILDERS))
@pytest.mark.parametrize("process_published", [True, False])
def test_visible_to_and_the_view_rule_agree(label, process_published):
    entry = next(e for e in content.registered() if e.label == label)
    process = ProcessFactory(is_published=process_published)
    PhaseFactory(process=process)
    author = UserFactory()
    items = {state: BUILDERS[label](process=process, author=author, state=state) for state in STATES}
    disagreements = []
    for name, user in _viewers(process, author).items():
        visible_ids = set(entry.visible_to(user).values_list("pk", flat=True))
        in_process_ids = set(entry.visible_to(user, process).values_list("pk", flat=True))
        for state, item in items.items():
            fresh = entry.queryset().get(pk=item.pk)
            by_rule = is_allowed(entry.view_perm, user, fresh)
            answers = (item.pk in visible_ids, item.pk in in_process_ids, by_rule, content.is_visible(user, fresh))
            if len(set(answers)) != 1:
                disagreements.append((name, state, answers))
    assert not disagreements


def test_what_each_viewer_sees_of_a_proposal():
    """The agreed answer itself, for proposals: drafts only to their author, never to staff; hidden ones to their
    author and the process's staff."""
    process = ProcessFactory()
    author = UserFactory()
    items = {state: _proposal(process=process, author=author, state=state) for state in STATES}
    viewers = _viewers(process, author)
    seen = {
        name: {state for state, item in items.items() if content.is_visible(user, item)}
        for name, user in viewers.items()
    }
    assert seen["author"] == {"draft", "published", "withdrawn", "hidden"}
    for name in ("process admin", "moderator"):
        assert seen[name] == {"published", "withdrawn", "hidden"}, name
    for name in ("anonymous", "other citizen"):
        assert seen[name] == {"published", "withdrawn"}, name


def test_commentable_and_followable_types_name_their_rules():
    for entry in content.registered(Capability.COMMENTABLE):
        assert entry.comment_perm, entry.label
    # accounts.view_user is Django's model permission, which the admin asks for site staff: a rule of that name
    # would take it over; the profile's rule is named after what it guards.
    named_otherwise = {"accounts.user": "accounts.view_profile"}
    for entry in content.registered():
        app_label, model_name = entry.label.split(".")
        assert entry.view_perm == named_otherwise.get(entry.label, f"{app_label}.view_{model_name}")
        if entry.comment_perm:
            assert entry.comment_perm == f"{app_label}.comment_{model_name}"


def test_lookups():
    proposal_entry = content.content_for(Proposal)
    assert proposal_entry is content.content_for(ProposalFactory())
    assert proposal_entry in content.registered(Capability.FOLLOWABLE)
    assert content.content_for(Comment) not in content.registered(Capability.COMMENTABLE)
    assert content.content_for(ProcessFactory()) is None
    assert content.content_for(UserFactory()) in content.registered(Capability.REPORTABLE)


def test_a_model_registers_once():
    with pytest.raises(ImproperlyConfigured):
        content.register_content(
            Proposal, process=None, url=None, title=None, visible_to=None, view_perm="proposals.view_proposal"
        )


def test_get_visible_or_404(process):
    author = UserFactory()
    draft = _proposal(process=process, author=author, state="draft")
    content_type_id = ContentType.objects.get_for_model(Proposal).pk
    kwargs = {"content_type_id": content_type_id, "object_id": draft.pk, "capability": Capability.COMMENTABLE}
    assert content.get_visible_or_404(user=author, **kwargs) == draft
    with pytest.raises(Http404):
        content.get_visible_or_404(user=UserFactory(), **kwargs)
    with pytest.raises(Http404):  # not a capability of comments
        comment = _comment(process=process, author=author, state="published")
        content.get_visible_or_404(
            content_type_id=ContentType.objects.get_for_model(Comment).pk,
            object_id=comment.pk,
            user=author,
            capability=Capability.COMMENTABLE,
        )
    for bad in ({"content_type_id": "x"}, {"object_id": "nope"}, {"object_id": 10**30}):
        with pytest.raises(Http404):
            content.get_visible_or_404(user=author, **{**kwargs, **bad})


def test_status_pipeline_refuses_what_its_table_does_not_allow():
    pipeline = StatusPipeline(
        {Proposal.Status.DRAFT: (Proposal.Status.PUBLISHED,), Proposal.Status.PUBLISHED: ()},
        choices=Proposal.Status,
    )
    assert pipeline.can("draft", "published")
    assert not pipeline.can("published", "draft")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        pipeline.check("published", "draft")
    assert refused.value.message_dict == {"status": ["This cannot go from Published to Draft."]}
