"""Issue 12 §2: authors do not support their own proposal (and only other people's supports close its edit
window); with a per-participant limit the page says how many supports are left, and once none is left the other
buttons are disabled with the reason."""

import re
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation

from apps.core.models import AuditEntry
from apps.core.permissions import is_allowed, refusal_reason
from apps.proposals.models import Proposal
from apps.supports.models import Support, support_settings_for
from apps.supports.selectors import supports_left
from apps.supports.services import support_add, support_remove
from tests.factories import ProposalFactory, SupportFactory, UserFactory

pytestmark = pytest.mark.django_db

OWN = "You cannot support your own proposal: supports show what other people think of it."
HTMX = {"HTTP_HX_REQUEST": "true"}


def _limit(process, limit):
    settings = support_settings_for(process)
    settings.supports_per_user = limit
    settings.save()


def _en(url_name, **kwargs):
    with translation.override("en"):
        return reverse(url_name, kwargs=kwargs)


# -- Authors ---------------------------------------------------------------------------------------------------


def test_the_rule_refuses_the_author_with_a_sentence(process):
    proposal = ProposalFactory(process=process)
    assert not is_allowed("supports.add_support", proposal.author, proposal)
    with translation.override("en"):
        assert refusal_reason("supports.add_support", proposal.author, proposal) == OWN
    assert is_allowed("supports.add_support", UserFactory(), proposal)


def test_the_service_refuses_the_author_and_writes_nothing(process):
    proposal = ProposalFactory(process=process)
    with translation.override("en"), pytest.raises(PermissionDenied, match="cannot support your own proposal"):
        support_add(user=proposal.author, proposal=proposal)
    assert not Support.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).support_count == 0
    assert not AuditEntry.objects.filter(action="supports.add").exists()


def test_the_author_sees_the_sentence_instead_of_a_button(client, process):
    proposal = ProposalFactory(process=process)
    client.force_login(proposal.author)
    html = client.get(_en("proposals:detail", slug=process.slug, pk=proposal.pk)).content.decode()
    assert OWN in html
    assert 'data-testid="support-button"' not in html


def test_the_author_posting_anyway_is_refused(client, process):
    proposal = ProposalFactory(process=process)
    client.force_login(proposal.author)
    response = client.post(_en("supports:support", pk=proposal.pk), **HTMX)
    assert OWN in response.content.decode()
    assert not Support.objects.exists()


@contextmanager
def _legacy_self_supports_allowed():
    """Drop the database guard for the length of the test (its transaction brings it back): supports an author
    gave before the rule existed, which the data migration and the edit rule deal with."""
    from importlib import import_module

    class Editor:  # what the migration's function needs of a schema editor, inside the test's transaction
        def __init__(self):
            self.connection = connection

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    guard = import_module("apps.supports.migrations.0005_refuse_authors_own_support")
    guard.backwards(None, Editor())
    yield


@pytest.mark.postgres
def test_the_database_refuses_an_authors_support(process):
    proposal = ProposalFactory(process=process)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(user=proposal.author, proposal=proposal, process=process)
    # Nor can another support be moved onto the supporter's own proposal.
    own = ProposalFactory(process=process)
    support = SupportFactory(user=own.author, proposal=proposal)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.filter(pk=support.pk).update(proposal=own)


def test_only_other_peoples_supports_close_the_edit_window(process):
    proposal = ProposalFactory(process=process)
    author = proposal.author
    with _legacy_self_supports_allowed():
        # A support from before the rule leaves the author free to edit.
        SupportFactory(user=author, proposal=proposal)
        Proposal.objects.filter(pk=proposal.pk).update(support_count=1)
        proposal = Proposal.objects.get(pk=proposal.pk)
        assert is_allowed("proposals.change_proposal", author, proposal)
        support_add(user=UserFactory(), proposal=proposal)
        proposal = Proposal.objects.get(pk=proposal.pk)
        with translation.override("en"):
            assert refusal_reason("proposals.change_proposal", author, proposal) == (
                "You can no longer edit this proposal: it already has supports."
            )
        # And the author may still withdraw that old support.
        assert support_remove(user=author, proposal=proposal) is True


def test_the_migration_drops_authors_own_supports():
    from importlib import import_module

    from django.apps import apps as django_apps

    migration = import_module("apps.supports.migrations.0004_drop_authors_own_supports")
    own = ProposalFactory()
    other_supporter = UserFactory()
    with _legacy_self_supports_allowed():
        SupportFactory(user=own.author, proposal=own)
        SupportFactory(user=other_supporter, proposal=own)
        Proposal.objects.filter(pk=own.pk).update(support_count=2)
        migration.forwards(django_apps, None)
    assert list(Support.objects.values_list("user_id", flat=True)) == [other_supporter.pk]
    assert Proposal.objects.get(pk=own.pk).support_count == 1


# -- What is left ------------------------------------------------------------------------------------------------


def test_supports_left_counts_down(user, process):
    assert supports_left(user=user, process=process) is None  # no limit, nothing to show
    _limit(process, 3)
    process.refresh_from_db()
    first, second = ProposalFactory.create_batch(2, process=process)
    assert supports_left(user=user, process=process) == 3
    support_add(user=user, proposal=first)
    support_add(user=user, proposal=second)
    assert supports_left(user=user, process=process) == 1


def test_the_list_says_how_many_supports_are_left(client, user, process):
    _limit(process, 3)
    proposals = ProposalFactory.create_batch(3, process=process)
    SupportFactory(user=user, proposal=proposals[0])
    client.force_login(user)
    html = client.get(_en("proposals:list", slug=process.slug)).content.decode()
    counter = re.search(r'<p id="supports-left"[^>]*data-left="(\d+)"[^>]*>([^<]*)</p>', html)
    assert counter.group(1) == "2"
    assert counter.group(2).strip() == "2 supports left"
    # Nothing is disabled yet.
    assert " disabled>" not in html


def test_once_none_is_left_the_other_buttons_are_disabled_with_the_reason(client, user, process):
    _limit(process, 2)
    proposals = ProposalFactory.create_batch(4, process=process)
    for proposal in proposals[:2]:
        SupportFactory(user=user, proposal=proposal)
    client.force_login(user)
    html = client.get(_en("proposals:list", slug=process.slug)).content.decode()
    assert 'data-left="0"' in html
    buttons = re.findall(r'<button[^>]*data-testid="support-button"[^>]*>', html)
    assert len(buttons) == 2 and all(b.endswith(" disabled>") for b in buttons)
    assert html.count("You have used all your 2 supports.") == 2  # one per disabled button
    assert html.count('data-testid="unsupport-button"') == 2  # withdrawing stays possible


def test_the_htmx_answer_carries_the_new_count(client, user, process):
    _limit(process, 2)
    first, second = ProposalFactory.create_batch(2, process=process)
    client.force_login(user)
    html = client.post(_en("supports:support", pk=first.pk), **HTMX).content.decode()
    assert 'data-supports-left="1"' in html
    assert "1 support left" in html
    html = client.post(_en("supports:support", pk=second.pk), **HTMX).content.decode()
    assert 'data-supports-left="0"' in html
    html = client.post(_en("supports:unsupport", pk=second.pk), **HTMX).content.decode()
    assert 'data-supports-left="1"' in html
    assert re.search(r'<button[^>]*data-testid="support-button"[^>]*>', html).group(0).endswith('">')  # enabled


def test_no_counter_without_a_limit(client, user, process):
    ProposalFactory(process=process)
    client.force_login(user)
    html = client.get(_en("proposals:list", slug=process.slug)).content.decode()
    assert 'data-left=""' in html
    assert "supports left" not in html
