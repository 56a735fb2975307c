"""The organisers' event screens, under /backoffice/; each route is built with its named rule."""

from django.urls import path

from apps.core.decorators import rule_required

from . import backoffice_views as views

app_name = "events_backoffice"

PERMISSIONS_MAP = {
    "events": ("events.manage_events", views.process_from_url),
    "registrations": ("events.manage_registrations", views.event_from_url),
    "registrations_export": ("events.manage_registrations", views.event_from_url),
}


def events_path(route, view, name):
    perm, get_object = PERMISSIONS_MAP[name]
    return path(route, rule_required(perm, get_object=get_object)(view), name=name)


urlpatterns = [
    events_path("backoffice/processes/<slug:slug>/events/", views.event_list, "events"),
    events_path("backoffice/events/<int:pk>/registrations/", views.registrations, "registrations"),
    events_path(
        "backoffice/events/<int:pk>/registrations.<str:fmt>", views.registrations_export, "registrations_export"
    ),
]
