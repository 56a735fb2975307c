"""One permission truth: user.has_perm, is_allowed, {% can %}, and one view decorator/mixin."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.views import View

from apps.core.decorators import RuleRequiredMixin, rule_required
from apps.core.permissions import Requirement, define, is_allowed
from apps.proposals.models import Proposal
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

is_even = rules.predicate(lambda user, obj: obj is not None and obj % 2 == 0)
define(
    "tests_core.touch_number",
    Requirement(rules.is_authenticated, "Sign in to touch numbers."),
    Requirement(is_even, "Only even numbers can be touched."),
)


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


class TestOneTruth:
    def test_superuser_gets_no_blanket_pass_on_a_rule(self, superuser):
        draft = ProposalFactory(status=Proposal.Status.DRAFT, published_at=None)
        assert is_allowed("proposals.view_proposal", superuser, draft) is False
        assert superuser.has_perm("proposals.view_proposal", draft) is False
        assert superuser.has_perm("tests_core.touch_number", 3) is False
        assert superuser.has_perm("tests_core.touch_number", 4) is True

    def test_superuser_keeps_django_model_permissions(self, superuser):
        # Names no rule owns are Django's model permissions: the admin's site configuration.
        assert superuser.has_perm("spaces.change_sitepage")
        assert superuser.has_perm("accounts.view_user")

    def test_a_granted_model_permission_cannot_override_a_rule(self):
        user = UserFactory(is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="change_proposal"))
        proposal = ProposalFactory()  # someone else's
        user = type(user).objects.get(pk=user.pk)  # fresh permission cache
        assert is_allowed("proposals.change_proposal", user, proposal) is False
        assert user.has_perm("proposals.change_proposal", proposal) is False

    def test_staff_model_permissions_still_work_for_other_names(self):
        user = UserFactory(is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="change_sitepage"))
        user = type(user).objects.get(pk=user.pk)
        assert user.has_perm("spaces.change_sitepage")
        assert not user.has_perm("spaces.delete_sitepage")

    @pytest.mark.parametrize("number", [3, 4])
    def test_anonymous_and_citizens_agree(self, number):
        for user in (AnonymousUser(), UserFactory()):
            expected = is_allowed("tests_core.touch_number", user, number)
            assert user.has_perm("tests_core.touch_number", number) is expected

    def test_can_tag(self):
        template = Template(
            '{% load pb %}{% can "tests_core.touch_number" user n as ok %}'
            '{% why_not "tests_core.touch_number" user n %}[{{ ok }}]'
        )
        user = UserFactory()
        assert template.render(Context({"user": user, "n": 4})) == "[True]"
        assert template.render(Context({"user": user, "n": 3})) == "Only even numbers can be touched.[False]"


def _number(request, number):
    return number


@rule_required("tests_core.touch_number", get_object=_number)
def touch(request, number):
    return HttpResponse(f"touched {number}")


class TouchView(RuleRequiredMixin, View):
    permission_required = "tests_core.touch_number"

    def get_permission_object(self):
        return self.kwargs["number"]

    def get(self, request, number):
        return HttpResponse(f"touched {number}")


@pytest.mark.parametrize("view", [touch, TouchView.as_view()], ids=["decorator", "mixin"])
class TestRuleRequired:
    def _get(self, view, user, number):
        request = RequestFactory().get(f"/fr/numbers/{number}/")
        request.user = user
        return view(request, number=number)

    def test_allowed(self, view):
        assert self._get(view, UserFactory(), 4).content == b"touched 4"

    def test_signed_in_refusal_is_a_403_with_the_reason(self, view):
        with pytest.raises(PermissionDenied) as refused:
            self._get(view, UserFactory(), 3)
        assert str(refused.value) == "Only even numbers can be touched."

    def test_anonymous_is_sent_to_log_in_and_back(self, view):
        with translation.override("fr"):
            response = self._get(view, AnonymousUser(), 4)
        assert response.status_code == 302
        assert response["Location"].startswith("/fr/accounts/login/?next=")
        assert "numbers/4" in response["Location"]
