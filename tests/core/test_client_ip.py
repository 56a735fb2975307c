"""Per-IP limits key on the real client, behind the reverse proxy too; forwarding headers are trusted only
when a proxy is configured."""

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from apps.core.ratelimit import client_ip
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy, as gunicorn sees it
CONTACT = {
    "name": "Camille",
    "email": "camille@example.org",
    "subject": "Question sur le vote",
    "message": "Bonjour, quand commence le vote ?",
    "website": "",
}


def request_from(remote_addr=PROXY, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)


class TestClientIp:
    def test_without_a_proxy_forwarding_headers_are_ignored(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        settings.TRUSTED_CLIENT_IP_HEADER = ""
        request = request_from("198.51.100.9", **{"X-Forwarded-For": "203.0.113.1", "X-Real-IP": "203.0.113.2"})
        assert client_ip(request) == "198.51.100.9"

    def test_one_proxy_takes_the_address_it_appended(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(request_from(**{"X-Forwarded-For": "203.0.113.5"})) == "203.0.113.5"
        # The client can put anything on the left; only the proxy's own entry counts.
        spoofed = request_from(**{"X-Forwarded-For": "1.2.3.4, 203.0.113.5"})
        assert client_ip(spoofed) == "203.0.113.5"

    def test_two_proxies(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        request = request_from(**{"X-Forwarded-For": "1.2.3.4, 203.0.113.5, 10.0.0.9"})
        assert client_ip(request) == "203.0.113.5"

    def test_request_that_bypassed_the_proxies_uses_the_peer(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip(request_from("198.51.100.9", **{"X-Forwarded-For": "203.0.113.5"})) == "198.51.100.9"
        assert client_ip(request_from("198.51.100.9")) == "198.51.100.9"

    def test_garbage_never_becomes_a_key(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(request_from(**{"X-Forwarded-For": "<script>, not-an-ip"})) == PROXY
        assert client_ip(request_from("", **{"X-Forwarded-For": "nonsense"})) == "unknown"

    def test_trusted_header(self, settings):
        settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
        settings.TRUSTED_PROXY_COUNT = 0
        request = request_from(**{"X-Real-IP": "2001:db8::1", "X-Forwarded-For": "1.2.3.4"})
        assert client_ip(request) == "2001:db8::1"
        assert client_ip(request_from(**{"X-Real-IP": "bogus"})) == PROXY

    def test_allauth_uses_the_same_answer(self, settings):
        from allauth.account.adapter import get_adapter

        settings.TRUSTED_PROXY_COUNT = 1
        request = request_from(**{"X-Forwarded-For": "1.2.3.4, 203.0.113.5"})
        assert get_adapter(request).get_client_ip(request) == "203.0.113.5"


class TestContactBehindProxy:
    def post(self, client, forwarded_for):
        return client.post(
            reverse("core:contact"), CONTACT, REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": forwarded_for}
        )

    def test_one_client_over_the_limit_does_not_block_the_others(
        self, client, settings, django_capture_on_commit_callbacks
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        settings.CONTACT_RATE_LIMIT = "2/600"
        with django_capture_on_commit_callbacks(execute=True):
            assert self.post(client, "203.0.113.7").status_code == 302
            # Changing the left part of the header does not buy a new budget.
            assert self.post(client, "9.9.9.9, 203.0.113.7").status_code == 302
            assert self.post(client, "8.8.8.8, 203.0.113.7").status_code == 200  # refused, form shown again
            assert self.post(client, "198.51.100.2").status_code == 302  # another visitor
        assert len(mail.outbox) == 3

    def test_without_proxy_setting_the_header_buys_nothing(
        self, client, settings, django_capture_on_commit_callbacks
    ):
        settings.TRUSTED_PROXY_COUNT = 0
        settings.CONTACT_RATE_LIMIT = "1/600"
        with django_capture_on_commit_callbacks(execute=True):
            assert self.post(client, "203.0.113.7").status_code == 302
            assert self.post(client, "198.51.100.2").status_code == 200
        assert len(mail.outbox) == 1


class TestLoginLimitsBehindProxy:
    def login(self, client, email, password, forwarded_for):
        return client.post(
            "/en/accounts/login/",
            {"login": email, "password": password},
            REMOTE_ADDR=PROXY,
            headers={"X-Forwarded-For": forwarded_for},
        )

    def test_an_attacker_does_not_lock_everybody_out(self, client, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,5/5m/key"}
        for n in range(4):
            self.login(client, f"attacker{n}@example.org", "wrong", "203.0.113.66")
        refused = self.login(client, "attacker9@example.org", "wrong", "203.0.113.66")
        assert "Too many failed login attempts" in refused.content.decode()
        lea = UserFactory()
        response = self.login(client, lea.email, DEFAULT_PASSWORD, "198.51.100.20")
        assert response.status_code == 302
        assert response.wsgi_request.user == lea

    def test_without_proxy_setting_forwarded_for_is_not_trusted(self, client, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,5/5m/key"}
        for n in range(4):
            self.login(client, f"attacker{n}@example.org", "wrong", f"203.0.113.{n}")
        lea = UserFactory()
        response = self.login(client, lea.email, DEFAULT_PASSWORD, "198.51.100.20")
        assert "Too many failed login attempts" in response.content.decode()
        assert not response.wsgi_request.user.is_authenticated


class TestAdminLogin:
    def test_admin_login_sends_to_the_rate_limited_form(self, client):
        response = client.get("/en/admin/login/?next=/en/admin/spaces/process/")
        assert response.status_code == 302
        assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Fadmin%2Fspaces%2Fprocess%2F"

    def test_signed_out_visit_to_the_back_office_ends_on_the_allauth_form(self, client):
        response = client.get("/en/admin/", follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0].startswith("/en/accounts/login/?next=")
        assert 'id="id_login"' in response.content.decode()

    def test_posting_credentials_to_the_admin_form_logs_nobody_in(self, client):
        staff = UserFactory(is_staff=True)
        response = client.post("/en/admin/login/", {"username": staff.email, "password": DEFAULT_PASSWORD})
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
        assert not response.wsgi_request.user.is_authenticated

    def test_foreign_next_is_dropped(self, client):
        response = client.get("/en/admin/login/?next=https://evil.example/")
        assert response["Location"] == "/en/accounts/login/?next=%2Fen%2Fadmin%2F"

    def test_admin_login_shares_the_lockout(self, client, settings):
        settings.ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,3/5m/key"}
        staff = UserFactory(is_staff=True)
        for _attempt in range(3):
            client.post("/en/accounts/login/?next=/en/admin/", {"login": staff.email, "password": "wrong"})
        response = client.post(
            "/en/accounts/login/?next=/en/admin/", {"login": staff.email, "password": DEFAULT_PASSWORD}
        )
        assert "Too many failed login attempts" in response.content.decode()
        assert not response.wsgi_request.user.is_authenticated

    def test_signed_in_staff_goes_on_and_citizen_is_refused(self, client):
        staff = UserFactory(is_staff=True)
        client.force_login(staff)
        assert client.get("/en/admin/login/?next=/en/admin/")["Location"] == "/en/admin/"
        client.force_login(UserFactory())
        response = client.get("/en/admin/login/")
        assert response.status_code == 403
        assert "does not have access to the back-office" in response.content.decode()
