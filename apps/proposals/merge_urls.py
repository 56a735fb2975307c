"""The merge screen, under /backoffice/. Each route is built with its named rule (as the back-office's
staff_path), so a screen cannot exist without the rule that guards it."""

from django.urls import path

from apps.core.decorators import rule_required

from .views import merge as views

app_name = "merge"

PERMISSIONS_MAP = {
    "merge": ("proposals.merge_proposals", views.process_from_url),
}


def merge_path(route, view, name):
    perm, get_object = PERMISSIONS_MAP[name]
    return path(route, rule_required(perm, get_object=get_object)(view), name=name)


urlpatterns = [
    merge_path("backoffice/processes/<slug:slug>/merge/", views.merge, "merge"),
]
