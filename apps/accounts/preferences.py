"""Preferences that other apps keep about a user and that the account settings page edits.

The settings page's profile form shows one field per registered preference, after its own fields, and saving the
form hands each value to its app's service. accounts thus edits, exports and shows preferences it does not own
(the e-mail frequency lives in notifications) without importing their apps.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Preference:
    name: str
    formfield: Callable[[], Any]  # () -> a form field for the settings page
    value_of: Callable[[Any], Any]  # (user) -> the current value (no write)
    save: Callable[..., Any]  # (*, user, value) -> the owning app's service


_PREFERENCES = {}


def register_preference(name, *, formfield, value_of, save):
    """Called from the owning app's AppConfig.ready()."""
    _PREFERENCES[name] = Preference(name=name, formfield=formfield, value_of=value_of, save=save)


def preferences():
    return dict(_PREFERENCES)
