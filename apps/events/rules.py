"""Who may create, see, join, register for, manage and close events; each refusal with its sentence.

The object is an event, or the process (creating an event, the back-office screens)."""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.core.permissions import Requirement, define
from apps.spaces.phases import Feature
from apps.spaces.predicates import (
    NOT_BLOCKED,
    accepted_current_terms,
    is_eligible,
    is_moderator,
    is_process_admin,
    is_published_process,
    participation_requirements,
    process_of,
)

from .models import Event, Registration, event_settings_for


def _event(obj):
    return obj if isinstance(obj, Event) else None


def _event_predicate(test):
    @rules.predicate(name=test.__name__)
    def predicate(user, obj):
        event = _event(obj)
        return bool(event is not None and test(user, event))

    return predicate


@_event_predicate
def is_organiser(user, event):
    return user.is_authenticated and event.author_id == user.pk


@_event_predicate
def is_draft(user, event):
    return event.status == Event.Status.DRAFT


@_event_predicate
def is_published(user, event):
    return event.status == Event.Status.PUBLISHED


@_event_predicate
def is_hidden(user, event):
    return event.hidden_at is not None


@_event_predicate
def has_ended(user, event):
    return event.end_at <= timezone.now()


@_event_predicate
def has_started(user, event):
    return event.start_at <= timezone.now()


@_event_predicate
def registers_here(user, event):
    return event.registration_type == Event.RegistrationType.HERE


@_event_predicate
def online_link_is_open(user, event):
    now = timezone.now()
    return bool(event.online_url) and event.online_link_opens_at <= now < event.end_at


def registration_of(user, event):
    """The user's registration row for `event` (or None). Lists fill `event._pb_registrations` in one query
    (selectors.with_viewer_registration); otherwise it is asked once per (user, event) pair."""
    if not user.is_authenticated:
        return None
    cache = event.__dict__.setdefault("_pb_registrations", {})
    if user.pk not in cache:
        cache[user.pk] = Registration.objects.filter(event=event, user=user).first()
    return cache[user.pk]


@_event_predicate
def is_registered(user, event):
    registration = registration_of(user, event)
    return registration is not None and registration.status == Registration.Status.CONFIRMED


@_event_predicate
def is_on_waiting_list(user, event):
    registration = registration_of(user, event)
    return registration is not None and registration.status == Registration.Status.WAITING


@rules.predicate
def participants_may_create(user, obj):
    process = process_of(obj)
    return bool(process is not None and event_settings_for(process).participants_may_create)


# -- seeing: the object side of selectors.event_visible_to (the content contract test keeps them in agreement) ------

can_view_event = (
    ((is_draft & (is_organiser | is_process_admin)) | (~is_draft & (is_published_process | is_process_admin)))
    & (~is_hidden | is_organiser | is_moderator)
)

HIDDEN = gettext_lazy("This event has been hidden by the moderators.")

define(
    "events.view_event",
    Requirement(~is_draft | is_organiser | is_process_admin, gettext_lazy("This event is not published yet.")),
    Requirement(
        is_draft | is_published_process | is_process_admin, gettext_lazy("This process is not published yet.")
    ),
    Requirement(~is_hidden | is_organiser | is_moderator, HIDDEN),
)

# -- creating (the object is the process) --------------------------------------------------------------------------

define(
    "events.add_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to create an event.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    NOT_BLOCKED,
    Requirement(is_published_process | is_process_admin, gettext_lazy("This process is not published yet.")),
    Requirement(
        is_process_admin | participants_may_create,
        gettext_lazy("Only the organisers of this process can create events."),
    ),
    Requirement(
        is_process_admin | accepted_current_terms,
        gettext_lazy("Please accept the updated terms of use to take part."),
    ),
    Requirement(is_process_admin | is_eligible, gettext_lazy("You cannot take part in this process.")),
)

MANAGE_REFUSAL = gettext_lazy("Only the organiser of this event and the administrators of its process can do this.")

define(
    "events.change_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to edit this event.")),
    Requirement(is_organiser | is_process_admin, MANAGE_REFUSAL),
    Requirement(~is_hidden | is_process_admin, gettext_lazy("This event has been hidden by the moderators.")),
    Requirement(is_draft | is_published, gettext_lazy("A cancelled event can no longer be edited.")),
    Requirement(~has_ended, gettext_lazy("This event is over: close it with its report instead.")),
)
define(
    "events.publish_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to publish this event.")),
    Requirement(is_organiser | is_process_admin, MANAGE_REFUSAL),
    Requirement(is_draft, gettext_lazy("This event is already published.")),
)
define(
    "events.delete_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to delete this draft.")),
    Requirement(is_organiser | is_process_admin, MANAGE_REFUSAL),
    Requirement(is_draft, gettext_lazy("A published event cannot be deleted; you can cancel it instead.")),
)
define(
    "events.cancel_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to cancel this event.")),
    Requirement(is_organiser | is_process_admin, MANAGE_REFUSAL),
    Requirement(is_published, gettext_lazy("Only a published event can be cancelled.")),
    Requirement(~has_ended, gettext_lazy("This event is over: it can no longer be cancelled.")),
)
define(
    "events.close_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to close this event.")),
    Requirement(is_organiser | is_process_admin, MANAGE_REFUSAL),
    Requirement(is_published, gettext_lazy("Only a published event can be closed.")),
    Requirement(has_ended, gettext_lazy("An event can be closed only after it ends.")),
)
# New official proposals attributed to the meeting: the organisers of the process only (a participant who
# organised the event links existing proposals).
define(
    "events.create_event_proposals",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to close this event.")),
    Requirement(
        is_process_admin, gettext_lazy("Only the administrators of this process can create official proposals.")
    ),
)
# The registrations list and its export hold people's e-mail addresses: the process's administrators only.
define(
    "events.manage_registrations",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in with your agent account.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    Requirement(
        is_process_admin, gettext_lazy("Only the administrators of this process can see the registrations.")
    ),
)
# The back-office screen of a process's events (object: the process).
define(
    "events.manage_events",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in with your agent account.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    Requirement(is_process_admin, gettext_lazy("Only the administrators of this process can manage its events.")),
)

# -- taking part -----------------------------------------------------------------------------------------------------

define(
    "events.register_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to register.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    NOT_BLOCKED,
    Requirement(accepted_current_terms, gettext_lazy("Please accept the updated terms of use to take part.")),
    Requirement(registers_here, gettext_lazy("This event takes no registration on this site.")),
    Requirement(is_published, gettext_lazy("This event is not open for registration.")),
    Requirement(~is_hidden, gettext_lazy("This event has been hidden by the moderators.")),
    Requirement(~has_started, gettext_lazy("Registration closed when the event started.")),
    Requirement(~is_registered & ~is_on_waiting_list, gettext_lazy("You are already registered.")),
)
define(
    "events.leave_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to cancel your registration.")),
    Requirement(is_registered | is_on_waiting_list, gettext_lazy("You are not registered for this event.")),
    Requirement(~has_started, gettext_lazy("The event has started: the registration can no longer be cancelled.")),
)
# The online link: registered people (when registration is on this site; signed-in participants otherwise), from
# shortly before the start to the end; the organiser and the process's administrators always.
define(
    "events.join_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to get the link.")),
    Requirement(
        is_organiser | is_process_admin | ~registers_here | is_registered,
        gettext_lazy("The link is given to registered people only."),
    ),
    Requirement(
        is_organiser | is_process_admin | online_link_is_open,
        gettext_lazy("The link will appear here shortly before the start."),
    ),
)

# Asked by comments.add_comment and notifications.follow_target for an event.
define(
    "events.comment_event",
    *participation_requirements(Feature.COMMENT, sign_in_message=gettext_lazy("Sign in to comment")),
    Requirement(can_view_event & ~is_draft, gettext_lazy("Comments open once this is published.")),
)
define(
    "events.follow_event",
    Requirement(rules.is_authenticated, gettext_lazy("Sign in to follow.")),
    Requirement(rules.is_active, gettext_lazy("Your account is inactive.")),
    NOT_BLOCKED,
    Requirement(can_view_event, gettext_lazy("You cannot follow this.")),
)
