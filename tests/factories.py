"""factory-boy factories shared by every test package. Append new factories; never rewrite others'."""

from datetime import timedelta

import factory
from django.utils import timezone

from apps.accounts.models import User
from apps.proposals.models import Proposal
from apps.spaces.models import Phase, Process, ProcessPage, ProcessRole, SitePage
from apps.spaces.phases import PhaseKind
from apps.taxonomy.models import Category, Theme

DEFAULT_PASSWORD = "correct-horse-battery-42"
DEMOGRAPHIC_FIELDS = ("gender", "birth_year", "socio_professional_category")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Participant {n}")
    nickname = factory.Sequence(lambda n: f"participant{n}")
    language = "fr"
    postal_code = "59800"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    # Optional answers live in accounts.Demographics and the e-mail frequency in notifications.NotificationPreference:
    # UserFactory(gender="woman", birth_year=1980, email_frequency="daily") stores them there.
    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        answers = {name: kwargs.pop(name) for name in DEMOGRAPHIC_FIELDS if name in kwargs}
        email_frequency = kwargs.pop("email_frequency", None)
        user = super()._create(model_class, *args, **kwargs)
        if any(value not in ("", None) for value in answers.values()):
            from apps.accounts.models import Demographics

            Demographics.objects.create(user=user, **answers)
        if email_frequency:
            from apps.notifications.models import NotificationPreference

            NotificationPreference.objects.create(user=user, email_frequency=email_frequency)
        return user


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Budget participatif {n}")
    title_en = factory.Sequence(lambda n: f"Participatory budget {n}")
    slug = factory.Sequence(lambda n: f"process-{n}")
    is_published = True
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=120))
    # Every process has its feature settings, as the admin creates them: ProcessFactory(support_settings__
    # supports_per_user=1) sets one.
    proposal_settings = factory.RelatedFactory("tests.factories.ProposalSettingsFactory", "process")
    support_settings = factory.RelatedFactory("tests.factories.SupportSettingsFactory", "process")
    comment_settings = factory.RelatedFactory("tests.factories.CommentSettingsFactory", "process")
    voting_settings = factory.RelatedFactory("tests.factories.VotingSettingsFactory", "process")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    kind = PhaseKind.PROPOSALS
    title = factory.LazyAttribute(lambda o: PhaseKind(o.kind).label)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5))


class ProcessRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessRole

    process = factory.SubFactory(ProcessFactory)
    user = factory.SubFactory(UserFactory)
    role = ProcessRole.Role.ADMIN


class ProcessPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessPage

    process = factory.SubFactory(ProcessFactory)
    slug = factory.Sequence(lambda n: f"page-{n}")
    title = factory.Sequence(lambda n: f"Page {n}")
    body = "<p>Contenu</p>"


class SitePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SitePage
        django_get_or_create = ("slug",)

    slug = SitePage.Kind.TERMS
    title = "Conditions d'utilisation"
    body = "<p>Charte</p>"
    version = "v1"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    process = factory.SubFactory(ProcessFactory)
    slug = factory.Sequence(lambda n: f"theme-{n}")
    title = factory.Sequence(lambda n: f"Thème {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Catégorie {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    process = factory.SubFactory(ProcessFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Une proposition numéro {n} pour la ville")
    body = "Installer des bancs et des arbres le long du canal."
    status = Proposal.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    reference = factory.Sequence(lambda n: f"PB-2026-{n:04d}")


class SupportFactory(factory.django.DjangoModelFactory):
    """A support row; remember that Proposal.support_count is only kept right by apps.supports.services."""

    class Meta:
        model = "supports.Support"

    user = factory.SubFactory(UserFactory)
    proposal = factory.SubFactory(ProposalFactory)
    process = factory.SelfAttribute("proposal.process")


class NotificationFactory(factory.django.DjangoModelFactory):
    """A notification row (data as the notifications services store it)."""

    class Meta:
        model = "notifications.Notification"

    recipient = factory.SubFactory(UserFactory)
    kind = "comment_on_followed"
    data = factory.Sequence(lambda n: {"title": f"Proposition {n}", "url": "/fr/", "excerpt": "", "actor_name": "Léa"})


def _content_type_for(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj)


class CommentFactory(factory.django.DjangoModelFactory):
    """A top-level comment on a proposal; pass `target=` (any registered model) and/or `parent=`."""

    class Meta:
        model = "comments.Comment"
        exclude = ("target",)

    target = factory.LazyAttribute(lambda o: o.parent.target if o.parent else ProposalFactory())
    content_type = factory.LazyAttribute(lambda o: _content_type_for(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)
    process = factory.LazyAttribute(lambda o: o.target.process)
    parent = None
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 0)
    author = factory.SubFactory(UserFactory)
    body = "Je suis d'accord avec cette proposition."
    opinion = "in_favour"


class ProposalSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "proposals.ProposalSettings"

    process = factory.SubFactory(ProcessFactory, proposal_settings=None)


class SupportSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "supports.SupportSettings"

    process = factory.SubFactory(ProcessFactory, support_settings=None)


class CommentSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comments.CommentSettings"

    process = factory.SubFactory(ProcessFactory, comment_settings=None)


class VotingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "budgets.VotingSettings"

    process = factory.SubFactory(ProcessFactory, voting_settings=None)


class BudgetFactory(factory.django.DjangoModelFactory):
    """An approval budget of €100,000 (at most 3 projects), in a published process."""

    class Meta:
        model = "budgets.Budget"

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Budget {n}")
    title_en = factory.Sequence(lambda n: f"Budget {n}")
    total_amount = 100000
    ballot_kind = "approval"
    max_projects = 3


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project selected for the vote."""

    class Meta:
        model = "budgets.Project"

    budget = factory.SubFactory(BudgetFactory)
    title = factory.Sequence(lambda n: f"Projet {n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    cost = 10000
    status = "selected"


class CensusEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "budgets.CensusEntry"

    process = factory.SubFactory(ProcessFactory)
    postal_code = "59000"
