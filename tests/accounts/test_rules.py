import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from apps.core.permissions import define, refusal_reason
from apps.spaces.phases import Feature
from apps.spaces.predicates import participation_requirements
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PARTICIPATE = "tests.participate"

# A test-only participation permission, composed like the real ones.
define(PARTICIPATE, *participation_requirements(Feature.CREATE_PROPOSALS, sign_in_message="Sign in to take part."))

ACCEPT_TERMS = "Please accept the updated terms of use to take part."


def test_member_who_accepted_current_terms_may_participate(member, process):
    assert refusal_reason(PARTICIPATE, member, process) is None
    assert member.has_perm(PARTICIPATE, process)


def test_new_terms_version_blocks_participation_until_accepted(member, process, terms, bump_terms):
    from apps.accounts.services import user_accept_terms

    bump_terms(terms, "v2")
    with translation.override("en"):
        assert refusal_reason(PARTICIPATE, member, process) == ACCEPT_TERMS
    assert not member.has_perm(PARTICIPATE, process)

    user_accept_terms(user=member)
    assert refusal_reason(PARTICIPATE, member, process) is None


def test_user_who_never_accepted_terms_is_refused(process, terms):
    user = UserFactory(terms_version="")
    with translation.override("en"):
        assert refusal_reason(PARTICIPATE, user, process) == ACCEPT_TERMS


def test_without_terms_page_nobody_is_asked_to_accept(process):
    user = UserFactory(terms_version="")
    assert refusal_reason(PARTICIPATE, user, process) is None


def test_anonymous_and_inactive_users_get_their_own_reasons(process, member):
    with translation.override("en"):
        assert refusal_reason(PARTICIPATE, AnonymousUser(), process) == "Sign in to take part."
    member.is_active = False
    with translation.override("en"):
        assert refusal_reason(PARTICIPATE, member, process) == "Your account is inactive."
