"""The receipt e-mailed after a ballot is confirmed, in the voter's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _


def receipt_message(ballot, *, changed=False):
    voter = ballot.voter
    budget = ballot.budget
    site = settings.SITE_URL.rstrip("/")
    with translation.override(voter.language or settings.LANGUAGE_CODE):
        try:
            url = site + reverse("budgets:budget_detail", kwargs={"slug": budget.process.slug, "budget_id": budget.pk})
        except NoReverseMatch:
            url = site + budget.process.get_absolute_url()
        # Where the voter checks, once the results are published, that their ballot is in the published file.
        check_url = site + reverse("budgets:receipt_check", kwargs={"slug": budget.process.slug})
        context = {
            "budget_title": budget.title,
            "code": ballot.receipt_code,
            "changed": changed,
            "may_change": not budget.ballot_is_final,
            "url": url,
            "check_url": check_url,
            "site_name": settings.SITE_NAME,
            "site_url": site,
        }
        subject = _("[%(site)s] Your ballot: verification code %(code)s") % {
            "site": settings.SITE_NAME,
            "code": ballot.receipt_code,
        }
        text = render_to_string("emails/ballot_receipt.txt", context)
        html = render_to_string("emails/ballot_receipt.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, settings.DEFAULT_FROM_EMAIL, [voter.email])
    message.attach_alternative(html, "text/html")
    return message
