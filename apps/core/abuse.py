"""Anti-abuse, in one place: a honeypot field for forms, and a rate-limit check that services call.

- `HoneypotFormMixin` adds the one honeypot field ("website", hidden from people by CSS, filled in by bots);
  a view that finds it filled pretends success and stores nothing (`form.caught_by_honeypot`).
- `ensure_within_rate(key=..., rate=..., message=...)` counts one attempt and raises `RateLimited` (a
  ValidationError, so forms show it on top) when the limit is passed. Services call it themselves, so every
  entry point (views, htmx, future APIs) is limited the same way. The counting itself is `core.ratelimit`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import ratelimit

HONEYPOT_FIELD = "website"


def honeypot_field():
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class HoneypotFormMixin:
    """Adds the honeypot field (last, after the form's own fields)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = honeypot_field()

    @property
    def caught_by_honeypot(self):
        """True when a bot filled the honeypot (call after is_valid())."""
        return bool(getattr(self, "cleaned_data", {}).get(HONEYPOT_FIELD))


class RateLimited(ValidationError):
    """Too many attempts in the window; the message says what to do (next to `field` when given)."""

    def __init__(self, message, *, field=None):
        error = ValidationError(message, code="rate_limited")
        super().__init__({field: [error]} if field else [error])


def ensure_within_rate(*, key, rate, message, field=None):
    """Count one attempt under `key` ("comments:create:42"); raise RateLimited past `rate` ("5/60")."""
    if not ratelimit.hit(key=key, rate=rate):
        raise RateLimited(message, field=field)

