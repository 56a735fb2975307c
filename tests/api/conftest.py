"""A small world for the API tests: one published process with content in every state, and one unpublished
process whose content must never show."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from apps.comments.models import Comment
from apps.events.models import Event
from apps.moderation.services import user_block
from apps.proposals.models import Proposal
from apps.spaces.models import ProcessRole
from tests.events.factories import EventFactory
from tests.factories import (
    BudgetFactory,
    CategoryFactory,
    CommentFactory,
    PhaseFactory,
    ProcessFactory,
    ProcessRoleFactory,
    ProjectFactory,
    ProposalFactory,
    ThemeFactory,
    UserFactory,
)
from tests.results.factories import ResultFactory, ResultStatusFactory


@dataclass
class ApiWorld:
    process: object
    hidden_process: object
    theme: object
    category: object
    sub_category: object
    author: object
    blocked: object
    moderator: object
    published: object
    withdrawn: object
    draft: object
    hidden: object
    blocked_proposal: object
    unpublished_process_proposal: object
    comment: object
    hidden_comment: object
    deleted_comment: object
    blocked_comment: object
    budget: object
    selected_project: object
    candidate_project: object
    result: object
    event: object
    draft_event: object
    hidden_event: object
    hidden_process_event: object

    def public_proposals(self):
        return {self.published.pk, self.withdrawn.pk}

    def secret_texts(self):
        """Titles and texts that must never reach the API."""
        return [
            self.draft.title, self.hidden.title, self.blocked_proposal.title, self.unpublished_process_proposal.title,
            self.hidden_comment.body, self.deleted_comment.body, self.blocked_comment.body,
            self.candidate_project.title, self.draft_event.title, self.hidden_event.title,
            self.hidden_process_event.title, self.hidden_process.title,
        ]


@pytest.fixture
def world(db):
    process = ProcessFactory(title="Budget des quartiers", title_en="Neighbourhood budget", title_es="Presupuesto")
    PhaseFactory(process=process, title="Propositions", title_en="Proposals")
    hidden_process = ProcessFactory(is_published=False, title="Processus pas encore publié")
    theme = ThemeFactory(process=process, title="Mobilités", title_en="Mobility")
    category = CategoryFactory(process=process, name="Nature en ville", name_en="Nature in town")
    sub_category = CategoryFactory(process=process, parent=category, name="Arbres", name_en="Trees")
    author = UserFactory(display_name="Camille Martin")
    blocked = UserFactory(display_name="Troll")
    moderator = UserFactory()
    ProcessRoleFactory(process=process, user=moderator, role=ProcessRole.Role.MODERATOR)

    def proposal(title, **kwargs):
        kwargs.setdefault("author", author)
        return ProposalFactory(process=kwargs.pop("process", process), title=title, **kwargs)

    published = proposal("Planter des arbres rue Nationale", category=sub_category, support_count=7, comment_count=1)
    withdrawn = proposal("Une piste cyclable retirée par son auteur", theme=theme, status=Proposal.Status.WITHDRAWN,
                         withdrawn_at=timezone.now())
    draft = proposal("Un brouillon que personne ne voit", status=Proposal.Status.DRAFT, published_at=None,
                     reference=None)
    hidden = proposal("Une proposition masquée par la modération", hidden_at=timezone.now(),
                      hidden_reason="Propos injurieux")
    blocked_proposal = proposal("La proposition du participant bloqué", author=blocked)
    unpublished = proposal("Une proposition d'un processus non publié", process=hidden_process)

    comment = CommentFactory(target=published, author=author, body="Bonne idée pour l'ombre en été.")
    hidden_comment = CommentFactory(target=published, author=author, body="Un commentaire masqué.")
    Comment.objects.filter(pk=hidden_comment.pk).update(hidden_at=timezone.now())
    deleted_comment = CommentFactory(target=published, author=author, body="Un commentaire supprimé.")
    Comment.objects.filter(pk=deleted_comment.pk).update(deleted_at=timezone.now())
    blocked_comment = CommentFactory(target=published, author=blocked, body="Le commentaire du participant bloqué.")

    # The moderator blocks the troll and hides everything they wrote (through moderation's service).
    user_block(actor=moderator, user=blocked, reason="Insultes répétées", hide_content=True)

    budget = BudgetFactory(process=process, title="Enveloppe de la ville", title_en="City-wide budget")
    selected_project = ProjectFactory(budget=budget, status="selected", title="Une forêt urbaine",
                                      title_en="An urban forest", category=category)
    selected_project.proposals.add(published, draft)
    candidate_project = ProjectFactory(budget=budget, status="candidate", title="Un projet pas encore retenu")
    status = ResultStatusFactory(process=process, key="works", name="Travaux", name_en="Works", progress=60)
    result = ResultFactory(process=process, title="Jardin partagé", title_en="Shared garden", status=status,
                           progress=60, district="Gare")
    result.projects.add(selected_project, candidate_project)
    event = EventFactory(process=process, author=moderator, title="Atelier vélo", title_en="Bike workshop")
    event.proposals.add(published, hidden)
    draft_event = EventFactory(process=process, author=moderator, status=Event.Status.DRAFT, published_at=None,
                               title="Un atelier en brouillon")
    hidden_event = EventFactory(process=process, author=moderator, title="Un atelier masqué",
                                hidden_at=timezone.now())
    hidden_process_event = EventFactory(process=hidden_process, title="Un atelier d'un processus non publié")
    return ApiWorld(
        process=process, hidden_process=hidden_process, theme=theme, category=category, sub_category=sub_category,
        author=author, blocked=blocked, moderator=moderator, published=published, withdrawn=withdrawn, draft=draft,
        hidden=hidden, blocked_proposal=blocked_proposal, unpublished_process_proposal=unpublished,
        comment=comment, hidden_comment=hidden_comment, deleted_comment=deleted_comment,
        blocked_comment=blocked_comment, budget=budget, selected_project=selected_project,
        candidate_project=candidate_project, result=result, event=event, draft_event=draft_event,
        hidden_event=hidden_event, hidden_process_event=hidden_process_event,
    )


@pytest.fixture
def api():
    return Client()


def ids(response):
    assert response.status_code == 200, response.content[:500]
    return [row["id"] for row in response.json()["results"]]
