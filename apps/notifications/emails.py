"""Rendering of notification e-mails, always in the recipient's language, with absolute links."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext


def site_url():
    return settings.SITE_URL.rstrip("/")


def absolute(url):
    if url and url.startswith("/"):
        return site_url() + url
    return url or site_url() + "/"


def _language(user):
    return user.language or settings.LANGUAGE_CODE


def _item(notification):
    return {
        "summary": notification.summary,
        "url": absolute(notification.url),
        "excerpt": notification.excerpt,
        "kind": notification.kind,
        "created_at": notification.created_at,
    }


def _context(user, items):
    return {
        "recipient": user,
        "items": items,
        "site_name": settings.SITE_NAME,
        "site_url": site_url(),
        "notifications_url": absolute(reverse("notifications:list")),
        "settings_url": absolute(reverse("accounts:settings")),
    }


def _message(user, subject, template, context):
    subject = " ".join(subject.split())  # one line, whatever the titles contain
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    return message


def notification_message(notification):
    user = notification.recipient
    with translation.override(_language(user)):
        item = _item(notification)
        context = _context(user, [item])
        context["item"] = item
        subject = f"[{context['site_name']}] {item['summary']}"
        return _message(user, subject, "notification", context)


def digest_message(user, notifications):
    with translation.override(_language(user)):
        items = [_item(n) for n in notifications]
        context = _context(user, items)
        count = len(items)
        subject = ngettext(
            "[%(site)s] Your daily summary: %(count)s notification",
            "[%(site)s] Your daily summary: %(count)s notifications",
            count,
        ) % {"site": context["site_name"], "count": count}
        context["intro"] = gettext("Here is what happened on the things you follow since yesterday.")
        return _message(user, subject, "digest", context)
