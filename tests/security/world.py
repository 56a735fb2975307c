"""A small but complete world for the fuzz and the authorisation matrix: one published process in its proposals
phase, every role, proposals in every status, a comment, a notification, an attachment on a draft."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.comments.models import Comment
from apps.proposals.attachments import attachment_add
from apps.proposals.models import Proposal
from apps.spaces.models import ProcessRole
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    NotificationFactory,
    PhaseFactory,
    ProcessFactory,
    ProcessPageFactory,
    ProcessRoleFactory,
    ProposalFactory,
    SitePageFactory,
    ThemeFactory,
    UserFactory,
)


@dataclass
class World:
    process: object
    theme: object
    page: object
    author: object
    other: object
    admin: object
    moderator: object
    evaluator: object
    draft: object
    published: object
    withdrawn: object
    others_published: object
    comment: object
    own_comment: object
    hidden_comment: object
    notification: object
    attachment: object


def participant(**kwargs):
    user = UserFactory(terms_version="v1", terms_accepted_at=timezone.now(), language="en", **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def build_world():
    SitePageFactory(version="v1")
    process = ProcessFactory()
    PhaseFactory(process=process)
    theme = ThemeFactory(process=process)
    CategoryFactory(process=process)
    page = ProcessPageFactory(process=process)
    author, other = participant(), participant()
    staff = {}
    for role in (ProcessRole.Role.ADMIN, ProcessRole.Role.MODERATOR, ProcessRole.Role.EVALUATOR):
        staff[role] = participant()
        ProcessRoleFactory(process=process, user=staff[role], role=role)
    draft = ProposalFactory(
        process=process, author=author, status=Proposal.Status.DRAFT, published_at=None, reference=None, wizard_step=4
    )
    published = ProposalFactory(process=process, author=author, theme=theme)
    withdrawn = ProposalFactory(
        process=process, author=author, status=Proposal.Status.WITHDRAWN, withdrawn_at=timezone.now()
    )
    others_published = ProposalFactory(process=process, author=other, theme=theme)
    comment = CommentFactory(target=others_published, author=other)
    own_comment = CommentFactory(target=others_published, author=author)
    hidden_comment = CommentFactory(target=others_published, author=other, hidden_at=timezone.now())
    Comment.objects.filter(pk=hidden_comment.pk).update(hidden_at=timezone.now())
    notification = NotificationFactory(recipient=author)
    attachment = attachment_add(
        proposal=draft, uploaded_file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"), user=author
    )
    return World(
        process=process,
        theme=theme,
        page=page,
        author=author,
        other=other,
        admin=staff[ProcessRole.Role.ADMIN],
        moderator=staff[ProcessRole.Role.MODERATOR],
        evaluator=staff[ProcessRole.Role.EVALUATOR],
        draft=draft,
        published=published,
        withdrawn=withdrawn,
        others_published=others_published,
        comment=comment,
        own_comment=own_comment,
        hidden_comment=hidden_comment,
        notification=notification,
        attachment=attachment,
    )
