"""Newsletter e-mails: in each recipient's language, HTML and text parts, absolute links, and the one-click
unsubscribe of RFC 8058 (a signed link in the footer and in the `List-Unsubscribe` header).

A batch renders the newsletter once per language (`Renderer`), then only the recipient's unsubscribe link
changes from one message to the next."""

import html
import re

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.sites import site_domain

UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
# Stands for the recipient's own link in a rendering shared by every recipient of one language.
LINK_MARK = "https://unsubscribe.invalid/mark"


def site_url():
    return settings.SITE_URL.rstrip("/")


def unsubscribe_token(user):
    """A signed token naming the person (and the address it was sent to): no session needed to use it."""
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=UNSUBSCRIBE_SALT, compress=True)


def token_data(token):
    """(user id, e-mail address) named by a token, or None when the token was not signed by us."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"], data.get("e", "")


def unsubscribe_url(user, language):
    with translation.override(language):
        return site_url() + reverse("newsletters:unsubscribe", kwargs={"token": unsubscribe_token(user)})


def _language(user):
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _absolute_links(body):
    """Relative links of the body ("/fr/processes/...") made absolute: a mail client has no site to resolve them."""
    return re.sub(r'href="/(?!/)', f'href="{site_url()}/', body)


def html_to_text(body):
    text = re.sub(r"<br\s*/?>|</p>|</li>|</h[2-4]>|</tr>", "\n", body)
    text = re.sub(r"<li[^>]*>", "- ", text)
    text = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', r"\2 (\1)", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(line.strip() for line in text.splitlines()).strip()


class Renderer:
    """Renders one newsletter, once per language, for many recipients."""

    def __init__(self, newsletter, *, test=False):
        self.newsletter = newsletter
        self.test = test
        self._cache = {}

    def _render(self, language):
        newsletter = self.newsletter
        with translation.override(language):
            body = _absolute_links(newsletter.body)  # modeltranslation: this language, or its fallback
            image_url = ""
            if newsletter.image:
                image_url = site_url() + newsletter.image.url
            context = {
                "subject": newsletter.subject,
                "body": body,
                "image_url": image_url,
                "image_alt": newsletter.image_alt,
                "site_name": settings.SITE_NAME,
                "site_url": site_url(),
                "unsubscribe_url": LINK_MARK,
                "settings_url": site_url() + reverse("accounts:settings"),
                "test": self.test,
            }
            subject = " ".join(newsletter.subject.split())
            if self.test:
                subject = _("[Test] %(subject)s") % {"subject": subject}
            context["text_body"] = html_to_text(body)
            text = render_to_string("emails/newsletter.txt", context)
            body_html = render_to_string("emails/newsletter.html", context)
        return subject, text, body_html

    def parts(self, language):
        if language not in self._cache:
            self._cache[language] = self._render(language)
        return self._cache[language]

    def message(self, user, *, language=None):
        language = language or _language(user)
        subject, text, body_html = self.parts(language)
        link = unsubscribe_url(user, language)
        message = EmailMultiAlternatives(
            subject,
            text.replace(LINK_MARK, link),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            headers={
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"<newsletter.{site_domain(settings.SITE_URL).split(':')[0]}>",
                "Precedence": "bulk",
            },
        )
        message.attach_alternative(body_html.replace(LINK_MARK, html.escape(link)), "text/html")
        return message


def preview_html(newsletter, language):
    """The HTML part as a recipient reading `language` gets it (with a dummy unsubscribe link)."""
    return Renderer(newsletter).parts(language)[2]
