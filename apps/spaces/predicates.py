"""Base predicates: role × phase × verification. Every app composes its rules from these."""

import rules
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.permissions import Requirement

from .models import Process, ProcessRole
from .phases import FEATURE_CLOSED, FEATURE_NEVER, FEATURE_NOT_NOW, FEATURE_OPENS
from .selectors import (
    has_verified_email,
    roles_of,
    terms_version_seen_by,
    user_administers_any_process,
    user_has_any_process_role,
)


def process_of(obj):
    if obj is None:
        return None
    if isinstance(obj, Process):
        return obj
    return getattr(obj, "process", None)


is_site_admin = rules.is_superuser


def has_process_role(role):
    @rules.predicate(name=f"has_process_role:{role}")
    def predicate(user, obj):
        process = process_of(obj)
        return bool(process and role in roles_of(user).get(process.pk, ()))

    return predicate


is_process_admin = is_site_admin | has_process_role(ProcessRole.Role.ADMIN)
is_evaluator = is_process_admin | has_process_role(ProcessRole.Role.EVALUATOR)
is_moderator = is_process_admin | has_process_role(ProcessRole.Role.MODERATOR)


@rules.predicate
def administers_any_process(user):
    return user_administers_any_process(user=user)


@rules.predicate
def has_any_process_role(user):
    """Administrator, evaluator or moderator somewhere: the people the back-office works for."""
    return user_has_any_process_role(user=user)


@rules.predicate
def is_published_process(user, obj):
    process = process_of(obj)
    return bool(process and process.is_published)


@rules.predicate
def accepted_current_terms(user):
    if not user.is_authenticated:
        return False
    current = terms_version_seen_by(user)
    return not current or user.terms_version == current


@rules.predicate
def is_eligible(user, obj):
    process = process_of(obj)
    if not user.is_authenticated or process is None:
        return False
    if process.eligibility == Process.Eligibility.VERIFIED_EMAIL:
        return has_verified_email(user)
    if process.eligibility == Process.Eligibility.POSTAL_CODE:
        return user.postal_code.strip().lower() in process.postal_code_list()
    return True


def phase_enables(feature):
    @rules.predicate(name=f"phase_enables:{feature}")
    def predicate(user, obj):
        process = process_of(obj)
        return bool(process and process.feature_enabled(feature))

    return predicate


def _date(day):
    return formats.date_format(day, "j F Y")


def phase_refusal(feature):
    """'Voting opens on 3 March 2026' / 'Voting closed on 12 May 2026' / 'This process has no vote.'"""

    def message(user, obj):
        process = process_of(obj)
        if process is None:
            return str(FEATURE_NEVER[feature])
        today = timezone.localdate()
        ordered = process.ordered_phases
        phases = [p for p in ordered if feature in p.features]
        if not phases:
            return str(FEATURE_NEVER[feature])
        pinned = process.active_phase if process.pinned_phase_id else None
        if pinned is not None:
            # An administrator chose the current phase: only speak of dates that are still ahead of it.
            position = ordered.index(pinned)
            later = [p for p in phases if ordered.index(p) > position and p.start_date > today]
            if later:
                return str(FEATURE_OPENS[feature]) % {"date": _date(later[0].start_date)}
            earlier = [p for p in phases if ordered.index(p) < position and p.end_date < today]
            if earlier and not any(ordered.index(p) > position for p in phases):
                return str(FEATURE_CLOSED[feature]) % {"date": _date(earlier[-1].end_date)}
            return str(FEATURE_NOT_NOW[feature])
        upcoming = [p for p in phases if p.start_date > today]
        if upcoming:
            return str(FEATURE_OPENS[feature]) % {"date": _date(upcoming[0].start_date)}
        return str(FEATURE_CLOSED[feature]) % {"date": _date(phases[-1].end_date)}

    return message


def _eligibility_refusal(user, obj):
    process = process_of(obj)
    if process.eligibility == Process.Eligibility.VERIFIED_EMAIL:
        return _("Confirm your e-mail address to take part.")
    if process.eligibility == Process.Eligibility.POSTAL_CODE:
        return _("Only residents of %(codes)s can take part; set your postal code in your account settings.") % {
            "codes": process.eligible_postal_codes
        }
    return _("You cannot take part in this process.")


@rules.predicate
def is_not_blocked(user):
    """Moderators block trolls (apps/moderation); a blocked account takes part in nothing."""
    return getattr(user, "blocked_at", None) is None


NOT_BLOCKED = Requirement(is_not_blocked, gettext_lazy("Your account has been blocked."))


def participation_requirements(feature, *, sign_in_message):
    """The requirements every participation shares: signed in, active account, current terms, phase, eligibility."""
    return (
        Requirement(rules.is_authenticated, sign_in_message),
        Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
        NOT_BLOCKED,
        Requirement(accepted_current_terms, gettext_lazy("Please accept the updated terms of use to take part.")),
        Requirement(phase_enables(feature), phase_refusal(feature)),
        Requirement(is_eligible, _eligibility_refusal),
    )

