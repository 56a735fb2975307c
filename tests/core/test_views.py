from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from apps.core import figures
from apps.spaces.phases import PhaseKind
from tests.factories import PhaseFactory, ProcessFactory, ProcessPageFactory, SitePageFactory, UserFactory

pytestmark = pytest.mark.django_db


def day(offset):
    return timezone.localdate() + timedelta(days=offset)


# ------------------------------------------------------------------ home


class TestHome:
    def test_open_processes_with_their_current_phase(self, client):
        open_process = ProcessFactory(title_fr="Budget ouvert")
        PhaseFactory(process=open_process, title_fr="Dépôt des idées", start_date=day(-3), end_date=day(7))
        ProcessFactory(title_fr="Budget terminé", start_date=day(-400), end_date=day(-300))
        ProcessFactory(title_fr="Budget à venir", start_date=day(30), end_date=day(300))
        ProcessFactory(title_fr="Budget brouillon", is_published=False)
        html = client.get("/fr/").content.decode()
        assert "Budget ouvert" in html and "Dépôt des idées" in html
        assert date_format(day(7), "j F Y") in html
        assert "Budget terminé" not in html
        assert "Budget brouillon" not in html

    def test_key_figures(self, client):
        ProcessFactory.create_batch(2)
        ProcessFactory(is_published=False)
        UserFactory.create_batch(3)
        UserFactory(is_active=False)
        response = client.get("/fr/")
        assert response.context["figures"]["processes"] == 2
        assert response.context["figures"]["participants"] == 3
        assert '<div class="fs-3 fw-bold" data-testid="figure-processes">2</div>' in response.content.decode()

    def test_extra_key_figures_registered_by_apps(self, client, monkeypatch):
        monkeypatch.setattr(figures, "_FIGURES", [])
        figures.register_key_figure("proposals submitted", lambda: 42)
        figures.register_key_figure("proposals submitted", figures._FIGURES[0][1])  # idempotent
        html = client.get("/fr/").content.decode()
        assert "42" in html and "proposals submitted" in html
        assert html.count("proposals submitted") == 1

    def test_upcoming_dates(self, client):
        process = ProcessFactory(title_fr="Budget 2026")
        PhaseFactory(process=process, kind=PhaseKind.VOTING, title_fr="Grand vote",
                     start_date=day(12), end_date=day(20))
        hidden = ProcessFactory(is_published=False)
        PhaseFactory(process=hidden, title_fr="Phase cachée", start_date=day(5), end_date=day(6))
        html = client.get("/fr/").content.decode()
        assert "Grand vote" in html and date_format(day(12), "j F Y") in html
        assert "Phase cachée" not in html

    def test_empty_home(self, client):
        response = client.get("/en/")
        assert response.status_code == 200
        assert "No process is open right now." in response.content.decode()

    def test_root_redirects_to_a_language(self, client):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == "/fr/"


# ------------------------------------------------------------------ contact

CONTACT = {
    "name": "Camille Martin",
    "email": "camille@example.org",
    "subject": "Question sur le vote",
    "message": "Bonjour, peut-on voter par courrier ?",
    "website": "",
}


@pytest.fixture
def contact_url():
    return reverse("core:contact")


@pytest.fixture
def contact_url_en():
    """The contact page in English, for tests that read its messages."""
    with translation.override("en"):
        return reverse("core:contact")


class TestContact:
    def test_form_renders_with_labels(self, client, contact_url):
        response = client.get(contact_url)
        assert response.status_code == 200
        assert_every_field_is_labelled(response.content.decode())

    def test_message_is_mailed_to_the_organisers(self, client, contact_url_en, settings,
                                                 django_capture_on_commit_callbacks):
        settings.CONTACT_EMAILS = ["mairie@example.org", "budget@example.org"]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(contact_url_en, CONTACT, follow=True)
        assert response.redirect_chain[-1][0] == contact_url_en
        assert "Thank you, your message has been sent to the organisers." in response.content.decode()
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["mairie@example.org", "budget@example.org"]
        assert message.reply_to == ["camille@example.org"]
        assert message.subject == "[Contact] Question sur le vote"
        assert "Camille Martin <camille@example.org>" in message.body
        assert "peut-on voter par courrier" in message.body

    def test_nothing_is_sent_before_the_commit(self, client, contact_url):
        client.post(contact_url, CONTACT)
        assert mail.outbox == []

    def test_honeypot_silently_drops(self, client, contact_url_en, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(contact_url_en, {**CONTACT, "website": "https://spam.example"}, follow=True)
        assert response.status_code == 200
        assert "Thank you" in response.content.decode()
        assert callbacks == []
        assert mail.outbox == []

    def test_invalid_form_shows_errors(self, client, contact_url, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(contact_url, {**CONTACT, "email": "not-an-address"})
        assert response.status_code == 200
        assert response.context["form"].errors["email"]
        assert 'aria-invalid="true"' in response.content.decode() or "is-invalid" in response.content.decode()
        assert mail.outbox == []

    def test_subject_cannot_inject_headers(self, client, contact_url, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(contact_url, {**CONTACT, "subject": "Bonjour\r\nBcc: victim@example.org"})
        assert len(mail.outbox) == 1
        assert "\n" not in mail.outbox[0].subject
        assert mail.outbox[0].bcc == []

    def test_rate_limit_per_ip(self, client, contact_url_en, settings, django_capture_on_commit_callbacks):
        settings.CONTACT_RATE_LIMIT = "3/600"
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                assert client.post(contact_url_en, CONTACT, REMOTE_ADDR="203.0.113.7").status_code == 302
            typed = {**CONTACT, "message": "Mon quatrième message, à ne pas perdre"}
            response = client.post(contact_url_en, typed, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
        html = response.content.decode()
        assert "You have sent several messages in a short time." in html
        assert "Mon quatrième message, à ne pas perdre" in html
        assert 'value="Question sur le vote"' in html
        assert len(mail.outbox) == 3
        # Someone else is not affected.
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(contact_url_en, CONTACT, REMOTE_ADDR="198.51.100.2").status_code == 302
        assert len(mail.outbox) == 4


# ------------------------------------------------------------------ error pages


class TestErrorPages:
    def test_404(self, client):
        response = client.get("/fr/processes/nowhere/")
        assert response.status_code == 404
        html = response.content.decode()
        assert 'data-testid="not-found"' in html
        assert '<html lang="fr">' in html

    def test_404_in_english(self, client):
        response = client.get("/en/nowhere/")
        assert response.status_code == 404
        assert "This page does not exist" in response.content.decode()

    @pytest.mark.urls("tests.core.urls_errors")
    def test_403_shows_the_reason(self, client):
        response = client.get("/en/test-errors/refuse/")
        assert response.status_code == 403
        html = response.content.decode()
        assert '<p data-testid="refusal">Supports open on 3 March 2026.</p>' in html
        assert "Sign in" in html  # anonymous visitors are offered to sign in

    @pytest.mark.urls("tests.core.urls_errors")
    def test_403_without_a_reason(self, client):
        response = client.get("/en/test-errors/refuse-silently/")
        assert response.status_code == 403
        assert "You are not allowed to see this page." in response.content.decode()

    @pytest.mark.urls("tests.core.urls_errors")
    def test_500(self, client):
        client.raise_request_exception = False
        # Django's default 500 handler renders the template without a request, in the active (URL) language.
        response = client.get("/en/test-errors/boom/")
        assert response.status_code == 500
        html = response.content.decode()
        assert 'data-testid="server-error"' in html
        assert '<html lang="en">' in html
        assert "Something went wrong" in html
        assert "Something broke on purpose" not in html  # no details leak

    def test_500_template_renders_without_context(self):
        # Outside a request the default language (French) is active.
        html = render_to_string("500.html")
        assert '<html lang="fr">' in html and "Une erreur s'est produite" in html


# ------------------------------------------------------------------ accessibility basics


class _FormAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = []
        self.label_for = set()
        self.html_lang = None
        self.ids = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        elif tag == "a":
            self.links.append(attrs)
        elif tag in {"input", "select", "textarea"}:
            if attrs.get("type") not in {"hidden", "submit", "button"}:
                self.fields.append(attrs)


def audit(html):
    parser = _FormAudit()
    parser.feed(html)
    return parser


def assert_every_field_is_labelled(html):
    parsed = audit(html)
    assert parsed.fields
    for field in parsed.fields:
        assert field.get("id") in parsed.label_for or field.get("aria-label"), field


@pytest.mark.parametrize("language", ["fr", "en", "es"])
def test_pages_have_lang_skip_link_and_labels(client, process, language):
    SitePageFactory(slug="faq", title_fr="FAQ", body_fr="<p>Réponses</p>", version="")
    ProcessPageFactory(process=process, slug="infos")
    urls = [
        f"/{language}/",
        f"/{language}/processes/",
        f"/{language}/processes/{process.slug}/",
        f"/{language}/processes/{process.slug}/pages/infos/",
        f"/{language}/pages/faq/",
        f"/{language}/contact/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        parsed = audit(html)
        assert parsed.html_lang == language, url
        skip = parsed.links[0]
        assert skip.get("href") == "#main" and "skip-link" in skip.get("class", ""), url
        assert "main" in parsed.ids, url
        assert_every_field_is_labelled(html)
        assert ' style="' not in html, url  # the CSP forbids inline styles
        assert "<script>" not in html, url  # ... and inline scripts


def test_focus_is_visible_and_bootstrap_is_vendored(client, process):
    html = client.get("/fr/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "https://" not in "".join(line for line in html.splitlines() if "<script" in line or "<link" in line)
    from django.contrib.staticfiles import finders

    with open(finders.find("css/pbplatform.css"), encoding="utf-8") as css:
        assert ":focus-visible" in css.read()


@pytest.mark.parametrize(
    "role,sees_link",
    [("citizen", False), ("evaluator", False), ("admin", True), ("staff", True)],
)
def test_back_office_link_only_for_people_let_in(client, process, role, sees_link):
    from tests.factories import ProcessRoleFactory

    user = UserFactory(is_staff=role == "staff")
    if role in {"evaluator", "admin"}:
        ProcessRoleFactory(process=process, user=user, role=role)
    client.force_login(user)
    html = client.get("/fr/").content.decode()
    assert (reverse("admin:index") in html) is sees_link
    assert client.get(reverse("admin:index")).status_code == (200 if sees_link else 302)
