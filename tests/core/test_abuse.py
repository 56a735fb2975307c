"""One anti-abuse place: the honeypot mixin, and rate limits that the services enforce themselves."""

import pytest
from django import forms
from django.utils import translation

from apps.comments import services as comment_services
from apps.core.abuse import HoneypotFormMixin, RateLimited, ensure_within_rate
from apps.proposals import services as proposal_services
from apps.supports import services as support_services
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


class _Form(HoneypotFormMixin, forms.Form):
    name = forms.CharField()


def test_the_honeypot_field_comes_last_and_catches_bots():
    assert list(_Form().fields) == ["name", "website"]
    form = _Form({"name": "Ana", "website": "http://spam.example"})
    assert form.is_valid() and form.caught_by_honeypot
    form = _Form({"name": "Ana", "website": ""})
    assert form.is_valid() and not form.caught_by_honeypot


def test_ensure_within_rate_raises_a_validation_error_past_the_limit():
    ensure_within_rate(key="t", rate="1/60", message="Slow down.")
    with pytest.raises(RateLimited) as error:
        ensure_within_rate(key="t", rate="1/60", message="Slow down.", field="password")
    assert error.value.message_dict == {"password": ["Slow down."]}


def test_comment_create_enforces_the_comment_rate_itself(process, settings):
    settings.COMMENT_RATE_LIMIT = "1/60"
    proposal, user = ProposalFactory(process=process), UserFactory()
    comment_services.comment_create(user=user, target=proposal, body="Un", opinion="neutral")
    with pytest.raises(RateLimited) as error:
        comment_services.comment_create(user=user, target=proposal, body="Deux", opinion="neutral")
    assert "several comments in a short time" in error.value.messages[0]


def test_draft_create_enforces_the_proposal_rate_itself(process, settings):
    settings.PROPOSAL_CREATE_RATE_LIMIT = "1/3600"
    user = UserFactory()
    data = {"title": "Des bancs le long du canal", "body": "Pour se reposer."}
    proposal_services.proposal_draft_create(process=process, author=user, data=data)
    with pytest.raises(RateLimited):
        proposal_services.proposal_draft_create(process=process, author=user, data=data)


def test_supports_enforce_the_support_rate_themselves(process, settings):
    settings.SUPPORT_RATE_LIMIT = "2/60"
    proposal, user = ProposalFactory(process=process), UserFactory()
    support_services.support_add(user=user, proposal=proposal)
    support_services.support_remove(user=user, proposal=proposal)
    with pytest.raises(RateLimited) as error:
        support_services.support_add(user=user, proposal=proposal)
    assert "supporting and withdrawing very quickly" in error.value.messages[0]
