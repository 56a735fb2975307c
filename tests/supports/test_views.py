import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.proposals.models import Proposal
from apps.supports.models import Support, support_settings_for
from tests.factories import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def support_url(proposal):
    return reverse("supports:support", kwargs={"pk": proposal.pk})


def unsupport_url(proposal):
    return reverse("supports:unsupport", kwargs={"pk": proposal.pk})


def en(url_of, *args, **kwargs):
    """The English (/en/...) address, for tests that assert the English wording of a page."""
    with translation.override("en"):
        return url_of(*args, **kwargs)


def test_urls_are_language_prefixed(proposal):
    assert support_url(proposal) == f"/fr/proposals/{proposal.pk}/support/"
    assert unsupport_url(proposal) == f"/fr/proposals/{proposal.pk}/unsupport/"


def test_support_without_javascript_redirects_back_with_a_message(client, user, proposal, process):
    client.force_login(user)
    back = en(process.get_absolute_url)
    response = client.post(en(support_url, proposal), {"next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    assert Proposal.objects.get(pk=proposal.pk).support_count == 1
    page = client.get(back)
    assert "Thank you, your support has been recorded." in page.content.decode()


def test_unsafe_next_is_ignored(client, user, proposal):
    client.force_login(user)
    response = client.post(support_url(proposal), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_support_with_htmx_returns_the_partial(client, user, proposal):
    client.force_login(user)
    response = client.post(en(support_url, proposal), {"next": "/en/somewhere/"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "1 support<" in html
    assert "Withdraw my support" in html
    assert f'hx-post="{en(unsupport_url, proposal)}"' in html
    assert 'value="/en/somewhere/"' in html  # keeps the page's address for the no-JS form
    assert "Thank you, your support has been recorded." in html


def test_unsupport_with_htmx(client, user, proposal):
    client.force_login(user)
    client.post(en(support_url, proposal), **HTMX)
    response = client.post(en(unsupport_url, proposal), **HTMX)
    html = response.content.decode()
    assert "0 supports" in html
    assert 'data-testid="support-button"' in html
    assert not Support.objects.exists()


def test_unsupport_without_javascript(client, user, proposal, process):
    client.force_login(user)
    client.post(en(support_url, proposal))
    response = client.post(en(unsupport_url, proposal), {"next": en(process.get_absolute_url)}, follow=True)
    assert "Your support has been withdrawn." in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).support_count == 0


def test_anonymous_is_sent_to_sign_in_then_back(client, proposal, process):
    back = en(process.get_absolute_url)
    response = client.post(en(support_url, proposal), {"next": back})
    assert response.status_code == 302
    assert response["Location"] == f"{en(reverse, 'account_login')}?next={back.replace('/', '%2F')}"
    assert "Sign in to support" in client.get(response["Location"]).content.decode()
    assert not Support.objects.exists()


def test_anonymous_on_a_withdrawn_proposal_gets_a_403_page_with_the_reason(client, process):
    withdrawn = ProposalFactory(process=process, status=Proposal.Status.WITHDRAWN)
    response = client.post(en(support_url, withdrawn))
    assert response.status_code == 403
    assert "Withdrawn proposals cannot be supported." in response.content.decode()


def test_anonymous_htmx_sees_the_reason_in_the_button_area(client, proposal):
    response = client.post(en(support_url, proposal), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sign in to support" in html
    assert en(reverse, "account_login") in html
    assert html.count("Sign in to support") == 1  # not repeated as an error line


def test_refusal_reason_is_visible_with_htmx(client, user, process):
    support_settings_for(process).supports_per_user = 1
    support_settings_for(process).save()
    SupportFactory(user=user, proposal=ProposalFactory(process=process))
    other = ProposalFactory(process=process)
    client.force_login(user)
    response = client.post(en(support_url, other), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("You have used your only support.") == 1  # next to the button, not repeated as an error
    # The button stays, disabled, described by the reason: withdrawing a support enables it again.
    button = re.search(r'<button[^>]*data-testid="support-button"[^>]*>', html).group(0)
    assert 'aria-describedby="support-limit-' in button and button.endswith(" disabled>")


def test_refusal_reason_is_visible_without_javascript(client, user, process):
    withdrawn = ProposalFactory(process=process, status=Proposal.Status.WITHDRAWN)
    client.force_login(user)
    response = client.post(en(support_url, withdrawn))
    assert response.status_code == 403
    assert "Withdrawn proposals cannot be supported." in response.content.decode()


def test_get_is_not_allowed(client, user, proposal):
    client.force_login(user)
    assert client.get(support_url(proposal)).status_code == 405


def test_csrf_is_required(user, proposal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(support_url(proposal)).status_code == 403
    assert not Support.objects.exists()


def test_draft_and_unknown_proposals_are_404(client, user, process):
    draft = ProposalFactory(process=process, status=Proposal.Status.DRAFT, published_at=None)
    client.force_login(user)
    assert client.post(support_url(draft)).status_code == 404
    assert client.post(reverse("supports:support", kwargs={"pk": 999999})).status_code == 404


def test_proposal_of_an_unpublished_process_is_404(client, user, proposal, process):
    process.is_published = False
    process.save()
    client.force_login(user)
    assert client.post(support_url(proposal)).status_code == 404


def test_rate_limit(client, user, proposal, settings):
    settings.SUPPORT_RATE_LIMIT = "3/60"
    client.force_login(user)
    for url in (support_url, unsupport_url, support_url):
        assert client.post(en(url, proposal), **HTMX).status_code == 200
    response = client.post(en(unsupport_url, proposal), **HTMX)
    assert "Please wait a minute" in response.content.decode()
    assert Support.objects.count() == 1  # the fourth request changed nothing
    response = client.post(en(unsupport_url, proposal))
    assert response.status_code == 429
    assert "Please wait a minute" in response.content.decode()


def test_htmx_without_next_keeps_the_current_page(client, user, proposal):
    client.force_login(user)
    response = client.post(
        support_url(proposal), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/fr/here/"
    )
    assert 'value="http://testserver/fr/here/"' in response.content.decode()
    response = client.post(unsupport_url(proposal), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="https://evil.example/")
    assert "evil" not in response.content.decode()
