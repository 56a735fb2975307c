import io
import json
import re
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from apps.accounts import selectors
from apps.accounts.models import User
from apps.core import personal_data as export
from apps.core.models import AuditEntry
from apps.notifications.models import NotificationPreference
from tests.accounts.test_services import answers
from tests.factories import DEFAULT_PASSWORD, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "un-mot-de-passe-solide-2026"


def signup_data(**overrides):
    data = {
        "email": "camille@example.org",
        "display_name": "Camille Durand",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        "language": "fr",
        "accept_terms": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def field_errors(html, field_id):
    """The error block crispy renders right under the field."""
    match = re.search(rf'<div id="{field_id}_error" class="invalid-feedback">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


# --- sign-up -------------------------------------------------------------------------------------------------


def test_signup_page_renders_with_our_layout(client, terms):
    response = client.get("/fr/accounts/signup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="allauth-panel' in html
    assert 'id="id_display_name"' in html and 'id="id_accept_terms"' in html
    assert 'href="/fr/pages/terms/"' in html
    # The honeypot is present but hidden by CSS (inline styles are blocked by our CSP) and kept from assistive tech.
    assert re.search(r'<div class="honeypot" aria-hidden="true">\s*<label for="id_website">', html)
    assert 'style="' not in html.split('id="id_website"')[0].rsplit("<input", 1)[-1]
    # Terms and language come after the passwords, just before the button.
    assert html.index('id="id_password2"') < html.index('id="id_accept_terms"')
    # No social log-in section when no provider is configured.
    assert "socialaccount" not in html


def test_signup_preselects_current_language(client):
    html = client.get("/es/accounts/signup/").content.decode()
    assert '<option value="es" selected>Español</option>' in html


def test_signup_creates_account_with_terms_nickname_and_language(client, terms):
    response = client.post("/fr/accounts/signup/", signup_data(language="en"))
    assert response.status_code == 302
    user = User.objects.get(email="camille@example.org")
    assert user.display_name == "Camille Durand"
    assert user.nickname == "camille_durand"
    assert user.language == "en"
    assert user.terms_version == "v1"
    assert user.terms_accepted_at is not None
    assert user.check_password(STRONG_PASSWORD)
    # Optional verification (demo/local): signed in straight away, confirmation e-mail sent.
    assert response.wsgi_request.user == user
    assert response["Location"] == "/en/"
    assert len(mail.outbox) == 1
    assert EmailAddress.objects.get(user=user).verified is False


def test_signup_nickname_collision_gets_a_suffix(client, terms):
    UserFactory(nickname="Camille_Durand")
    client.post("/fr/accounts/signup/", signup_data())
    user = User.objects.get(email="camille@example.org")
    assert user.nickname.startswith("camille_durand_")


def test_signup_without_terms_shows_error_next_to_checkbox_and_keeps_input(client, terms):
    response = client.post("/en/accounts/signup/", signup_data(accept_terms=None))
    html = response.content.decode()
    assert response.status_code == 200
    assert not User.objects.exists()
    assert field_errors(html, "id_accept_terms") == "You must accept the terms of use to create an account."
    assert 'value="camille@example.org"' in html
    assert 'value="Camille Durand"' in html


def test_signup_rejects_weak_password_next_to_field(client, terms):
    response = client.post("/en/accounts/signup/", signup_data(password1="12345678", password2="12345678"))
    assert not User.objects.exists()
    errors = field_errors(response.content.decode(), "id_password1")
    assert "too common" in errors and "entirely numeric" in errors


def test_signup_rejects_existing_email(client, user, terms):
    response = client.post("/en/accounts/signup/", signup_data(email=user.email.upper()))
    assert response.status_code == 200
    assert User.objects.count() == 1
    assert field_errors(response.content.decode(), "id_email")


def test_signup_honeypot_creates_nothing(client, terms):
    response = client.post("/fr/accounts/signup/", signup_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not User.objects.exists()
    assert len(mail.outbox) == 0


def test_mandatory_verification_requires_confirming_the_email(client, terms, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    response = client.post("/en/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not response.wsgi_request.user.is_authenticated
    user = User.objects.get(email="camille@example.org")

    # Logging in before confirming is refused (the verification page is shown again).
    response = client.post("/en/accounts/login/", {"login": user.email, "password": STRONG_PASSWORD})
    assert not response.wsgi_request.user.is_authenticated

    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)
    confirm_url = f"/en/accounts/confirm-email/{key}/"
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "allauth-panel" in page.content.decode()
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True


# --- log-in --------------------------------------------------------------------------------------------------


def test_login_page_renders_without_social_providers(client):
    response = client.get("/fr/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_login"' in html and 'type="email"' in html
    assert "Or use a third-party" not in html and "list-unstyled d-grid" not in html


def test_no_social_provider_is_installed_by_default():
    assert settings.SOCIAL_PROVIDERS == []
    assert not [app for app in settings.INSTALLED_APPS if app.startswith("allauth.socialaccount.providers.")]
    assert settings.SOCIALACCOUNT_PROVIDERS == {}


def test_login_by_email_is_case_insensitive(client, user):
    response = client.post("/fr/accounts/login/", {"login": user.email.upper(), "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user == user


def test_wrong_password_shows_error_in_the_form(client, user):
    response = client.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in html
    assert 'class="alert alert-danger"' in html


def test_login_locked_after_five_failures_even_with_right_password(client, user):
    for _attempt in range(5):
        response = client.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"})
        assert response.status_code == 200
    response = client.post("/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in html
    assert 'id="id_login"' in html  # the form is shown again, with our layout
    assert "allauth-panel" in html
    assert not response.wsgi_request.user.is_authenticated
    # Another account is not affected.
    other = UserFactory()
    response = client.post("/en/accounts/login/", {"login": other.email, "password": DEFAULT_PASSWORD})
    assert response.wsgi_request.user == other


def test_rate_limited_page_uses_our_layout(client, settings, user):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    client.post("/en/accounts/password/reset/", {"email": user.email})
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 429
    html = response.content.decode()
    assert 'data-testid="too-many-requests"' in html
    assert '<main id="main"' in html


def test_login_redirects_to_preferred_language(client):
    user = UserFactory(language="en")
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_login_translates_next_page_into_preferred_language(client, process):
    user = UserFactory(language="es")
    with translation.override("fr"):
        next_url = reverse("spaces:process_detail", kwargs={"slug": process.slug})
    response = client.post(f"/fr/accounts/login/?next={next_url}", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response["Location"] == f"/es/processes/{process.slug}/"


def test_switching_language_keeps_it_as_the_preferred_one(client):
    # A voter who switched to English got their receipt in French and landed in French at the next sign-in.
    user = UserFactory(language="fr")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/fr/processes/"})
    assert response.status_code == 302 and response["Location"] == "/en/processes/"
    user.refresh_from_db()
    assert user.language == "en"
    entry = AuditEntry.objects.get(action="accounts.set_language")
    assert entry.actor == user and entry.data == {"from": "fr", "to": "en"}
    client.logout()
    response = client.post("/fr/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response["Location"] == "/en/"
    # The same language again writes nothing; a language the site does not have changes nothing.
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/en/"})
    client.post(reverse("set_language"), {"language": "de", "next": "/en/"})
    user.refresh_from_db()
    assert user.language == "en" and AuditEntry.objects.filter(action="accounts.set_language").count() == 1


def test_switching_language_anonymously_only_sets_the_cookie(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/fr/"})
    assert response["Location"] == "/es/" and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert not AuditEntry.objects.filter(action="accounts.set_language").exists()


def test_login_ignores_unsafe_next(client, user):
    response = client.post(
        "/fr/accounts/login/?next=https://evil.example/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"] == "/fr/"


def test_deleted_account_cannot_log_in(client, user):
    email = user.email
    client.force_login(user)
    client.post("/en/me/delete/", {"password": DEFAULT_PASSWORD})
    response = client.post("/en/accounts/login/", {"login": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


# --- allauth management pages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/fr/accounts/password/reset/",
        "/fr/accounts/password/reset/done/",
        "/fr/accounts/confirm-email/",
        "/fr/accounts/confirm-email/not-a-valid-key/",
        "/fr/accounts/inactive/",
        "/fr/accounts/password/reset/key/done/",
        "/en/accounts/signup/",
        "/es/accounts/login/",
    ],
)
def test_anonymous_allauth_pages_render(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert '<main id="main"' in response.content.decode()


@pytest.mark.parametrize("url", ["/fr/accounts/email/", "/fr/accounts/password/change/", "/fr/accounts/logout/"])
def test_signed_in_allauth_pages_render_with_account_menu(member_client, url):
    response = member_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<main id="main"' in html
    if "logout" not in url:
        assert 'aria-label="Compte"' in html or 'aria-label="Account"' in html


def test_email_page_lists_addresses_with_badges(member_client, member):
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    html = member_client.get("/en/accounts/email/").content.decode()
    assert member.email in html
    assert "text-bg-success" in html


def test_password_change_shows_errors_next_to_fields(member_client, member):
    response = member_client.post(
        "/en/accounts/password/change/",
        {"oldpassword": "wrong", "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD},
    )
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "id_oldpassword") == "Please type your current password."
    response = member_client.post(
        "/en/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(STRONG_PASSWORD)


def test_password_reset_flow(client, user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    link = re.search(r"http://testserver(/en/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)


# --- account settings ----------------------------------------------------------------------------------------


def test_settings_page_renders(member_client, member):
    response = member_client.get("/en/me/settings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{member.nickname}"' in html
    assert "Erase my optional information" in html


def test_settings_requires_login(client):
    response = client.get("/fr/me/settings/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_page_that_needs_an_account_sends_to_the_login_page_in_its_own_language(client, language):
    """The redirect went to "/accounts/login/", then to the log-in page in French (the site's default): a visitor of
    the Spanish pages whose session had ended lost their language."""
    for path in (f"/{language}/me/settings/", f"/{language}/notifications/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/{language}/accounts/login/?next={path}"


def test_settings_save_profile_and_land_in_new_language(member_client, member):
    response = member_client.post(
        "/fr/me/settings/",
        {
            "profile-display_name": "Camille D.",
            "profile-nickname": "camille_d",
            "profile-language": "en",
            "profile-email_frequency": "daily",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/me/settings/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    member.refresh_from_db()
    assert (member.display_name, member.nickname, member.language) == ("Camille D.", "camille_d", "en")
    assert NotificationPreference.objects.get(user=member).email_frequency == "daily"
    page = member_client.get(response["Location"])
    assert "Your account settings have been saved." in page.content.decode()
    assert re.search(r'<option value="daily" selected>', page.content.decode())  # the field shows the choice


@pytest.mark.parametrize(
    ("nickname", "message"),
    [
        ("TAKEN_nick", "This nickname is already taken."),
        ("a b", "3 to 30 characters: letters, digits and underscores only."),
        ("ab", "3 to 30 characters: letters, digits and underscores only."),
    ],
)
def test_settings_nickname_errors_next_to_field_and_nothing_lost(member_client, member, nickname, message):
    UserFactory(nickname="taken_nick")
    old_nickname = member.nickname
    response = member_client.post(
        "/en/me/settings/",
        {
            "profile-display_name": "Something new",
            "profile-nickname": nickname,
            "profile-language": "fr",
            "profile-email_frequency": "never",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in field_errors(html, "id_profile-nickname")
    assert 'value="Something new"' in html  # what was typed is kept
    member.refresh_from_db()
    assert member.nickname == old_nickname
    assert member.display_name != "Something new"
    # The user menu still shows the saved name, not the rejected input.
    assert 'id="user-menu"' in html


def test_settings_demographics_save_and_erase(member_client, member):
    response = member_client.post(
        "/en/me/settings/optional/",
        {
            "demo-gender": "non_binary",
            "demo-birth_year": "1992",
            "demo-postal_code": "59100",
            "demo-socio_professional_category": "student",
        },
    )
    assert response.status_code == 302
    assert answers(member) == ("non_binary", 1992, "59100", "student")
    html = member_client.get("/en/me/settings/").content.decode()  # the form shows what was saved
    assert 'value="1992"' in html and 'value="59100"' in html
    assert re.search(r'<option value="student" selected>', html)
    response = member_client.post("/en/me/settings/optional/erase/", follow=True)
    assert "Your optional information has been erased." in response.content.decode()
    assert answers(member) == ("", None, "", "")


def test_settings_demographics_are_marked_optional(member_client):
    html = member_client.get("/en/me/settings/").content.decode()
    for label in ("Gender (optional)", "Birth year (optional)", "Socio-professional category (optional)"):
        assert label in html
    assert "Erase my optional information" in html


def test_settings_demographics_invalid_birth_year(member_client, member):
    response = member_client.post(
        "/en/me/settings/optional/",
        {"demo-gender": "woman", "demo-birth_year": "1850", "demo-postal_code": "59000"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a year between" in field_errors(html, "id_demo-birth_year")
    assert 'value="59000"' in html
    assert answers(member)[0] == ""


# --- terms ---------------------------------------------------------------------------------------------------


def test_terms_banner_appears_when_version_changes(member_client, member, terms, bump_terms):
    banner = "The terms of use have changed."
    assert banner not in member_client.get("/en/").content.decode()
    bump_terms(terms, "v2")
    html = member_client.get("/en/processes/").content.decode()
    assert banner in html
    assert "/en/me/terms/?next=/en/processes/" in html


def test_accept_terms_records_version_and_redirects_to_next(member_client, member, terms, bump_terms):
    bump_terms(terms, "v2")
    page = member_client.get("/en/me/terms/?next=/en/processes/")
    assert page.status_code == 200
    assert "The terms of use have changed since you accepted version v1" in page.content.decode()

    response = member_client.post("/en/me/terms/", {"accept_terms": "on", "next": "/en/processes/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/processes/"
    member.refresh_from_db()
    assert member.terms_version == "v2"
    assert member.terms_accepted_at is not None
    assert "The terms of use have changed." not in member_client.get("/en/").content.decode()


def test_accept_terms_requires_the_checkbox(member_client, member, terms, bump_terms):
    bump_terms(terms, "v2")
    response = member_client.post("/en/me/terms/", {"next": "/en/processes/"})
    assert response.status_code == 200
    assert (
        field_errors(response.content.decode(), "id_accept_terms") == "You must accept the terms of use to take part."
    )
    member.refresh_from_db()
    assert member.terms_version == "v1"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_accept_terms_ignores_unsafe_next(member_client, terms, bump_terms, next_url):
    bump_terms(terms, "v2")
    response = member_client.post("/en/me/terms/", {"accept_terms": "on", "next": next_url})
    assert response["Location"] == "/en/"


# --- profile -------------------------------------------------------------------------------------------------


def test_public_profile(client, monkeypatch, django_assert_max_num_queries):
    profile = UserFactory(display_name="Karim Benali", nickname="karim")
    monkeypatch.setattr(selectors, "_ACTIVITY_SOURCES", [])
    selectors.register_activity_source(
        lambda user: [{"date": user.date_joined, "label": "Proposed", "title": "More trees", "url": "/x/"}]
    )
    with django_assert_max_num_queries(3):
        response = client.get("/en/u/KARIM/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Karim Benali" in html and "@karim" in html
    assert "member since" in html
    assert '<a href="/x/">More trees</a>' in html
    assert profile.email not in html


def test_profile_of_deleted_or_unknown_user_is_404(client, user):
    client.force_login(user)
    nickname = user.nickname
    client.post("/en/me/delete/", {"password": DEFAULT_PASSWORD})
    assert client.get(f"/en/u/{nickname}/").status_code == 404
    user.refresh_from_db()
    assert client.get(f"/en/u/{user.nickname}/").status_code == 404
    assert client.get("/en/u/nobody/").status_code == 404


# --- export and deletion -------------------------------------------------------------------------------------


def test_export_page_and_download(member_client, member, monkeypatch):
    # Only the account's own sections here; each app tests its exporter (see test_services for the registry).
    monkeypatch.setattr(export, "_EXPORTERS", {})
    assert member_client.get("/en/me/export/").status_code == 200
    response = member_client.post("/en/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == member.email
    assert data["account"]["terms_version"] == "v1"


def test_delete_account_wrong_password_error_next_to_field(member_client, member):
    response = member_client.post("/en/me/delete/", {"password": "not-my-password"})
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "id_password") == "This password is incorrect."
    member.refresh_from_db()
    assert member.is_active and not member.is_deleted


def test_delete_account_password_attempts_are_limited(member_client, member):
    for _attempt in range(5):
        member_client.post("/en/me/delete/", {"password": "not-my-password"})
    response = member_client.post("/en/me/delete/", {"password": DEFAULT_PASSWORD})
    assert "Too many attempts" in field_errors(response.content.decode(), "id_password")
    member.refresh_from_db()
    assert not member.is_deleted


def test_delete_account_signs_out_and_keeps_proposals(member_client, member):
    proposal = ProposalFactory(author=member)
    assert member_client.get("/en/me/delete/").status_code == 200
    response = member_client.post("/en/me/delete/", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    page = member_client.get("/en/")
    assert not page.wsgi_request.user.is_authenticated
    assert "Your account has been deleted." in page.content.decode()
    proposal.refresh_from_db()
    assert proposal.author.public_name == "Deleted participant"
    member.refresh_from_db()
    assert member.is_deleted and not member.has_usable_password()


# --- admin ---------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client_(client):
    admin = User.objects.create_superuser(email="root@example.org", password=DEFAULT_PASSWORD)
    client.force_login(admin)
    return client


def test_admin_user_pages(admin_client_, user):
    assert admin_client_.get("/en/admin/accounts/user/").status_code == 200
    assert admin_client_.get("/en/admin/accounts/user/add/").status_code == 200
    assert admin_client_.get(f"/en/admin/accounts/user/{user.pk}/change/").status_code == 200


def test_admin_add_user(admin_client_):
    response = admin_client_.post(
        "/en/admin/accounts/user/add/",
        {
            "email": "new@example.org",
            "display_name": "New Agent",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="new@example.org")
    assert user.nickname == "new_agent"
    assert user.check_password(STRONG_PASSWORD)


def test_admin_change_user_nickname_case_insensitive(admin_client_, user):
    UserFactory(nickname="taken")
    response = admin_client_.get(f"/en/admin/accounts/user/{user.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"nickname": "TAKEN", "groups": [], "user_permissions": []})
    response = admin_client_.post(f"/en/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 200
    assert "This nickname is already taken." in response.content.decode()


def test_admin_change_user(admin_client_, user):
    response = admin_client_.get(f"/en/admin/accounts/user/{user.pk}/change/")
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update({"display_name": "Renamed by admin", "groups": [], "user_permissions": []})
    response = admin_client_.post(f"/en/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Renamed by admin"


def test_terms_page_has_no_banner_and_offers_to_continue(member_client, terms, bump_terms):
    bump_terms(terms, "v2")
    html = member_client.get("/en/me/terms/?next=/en/processes/").content.decode()
    assert "The terms of use have changed." not in html  # the banner
    assert 'name="next" value="/en/processes/"' in html
    member_client.post("/en/me/terms/", {"accept_terms": "on"})
    html = member_client.get("/en/me/terms/?next=/en/processes/").content.decode()
    assert "You accepted version v2 on" in html
    assert '<a class="btn btn-primary" href="/en/processes/">Continue</a>' in html


def test_honeypot_class_is_hidden_by_our_stylesheet():
    css = (settings.BASE_DIR / "static" / "css" / "pbplatform.css").read_text()
    rule = re.search(r"\.honeypot\s*\{([^}]*)\}", css).group(1)
    assert "position: absolute" in rule and "-10000px" in rule
