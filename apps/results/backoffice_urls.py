"""The results screens under /backoffice/. Each route is built with its named rule (as the back-office's
staff_path), so a screen cannot exist without the rule that guards it."""

from django.urls import path

from apps.core.decorators import rule_required

from . import backoffice_views as views
from .services import MANAGE

app_name = "results_backoffice"

PERMISSIONS_MAP = {
    "results": (MANAGE, views.process_from_url),
    "result_create": (MANAGE, views.process_from_url),
    "from_winners": (MANAGE, views.process_from_url),
    "statuses": (MANAGE, views.process_from_url),
    "settings": (MANAGE, views.process_from_url),
    "result_edit": (MANAGE, views.result_process_from_url),
    "entry_add": (MANAGE, views.result_process_from_url),
    "status_edit": (MANAGE, views.status_process_from_url),
    "result_delete": (MANAGE, views.result_process_from_url),
    "entry_delete": (MANAGE, views.entry_process_from_url),
}


def results_path(route, view, name):
    perm, get_object = PERMISSIONS_MAP[name]
    return path(route, rule_required(perm, get_object=get_object)(view), name=name)


urlpatterns = [
    results_path("backoffice/processes/<slug:slug>/results/", views.result_list, "results"),
    results_path("backoffice/processes/<slug:slug>/results/new/", views.result_create, "result_create"),
    results_path("backoffice/processes/<slug:slug>/results/from-winners/", views.from_winners, "from_winners"),
    results_path("backoffice/processes/<slug:slug>/results/statuses/", views.statuses, "statuses"),
    results_path("backoffice/processes/<slug:slug>/results/settings/", views.settings_edit, "settings"),
    results_path("backoffice/results/<int:pk>/", views.result_edit, "result_edit"),
    results_path("backoffice/results/<int:pk>/timeline/", views.timeline, "entry_add"),
    results_path("backoffice/results/statuses/<int:pk>/", views.status_edit, "status_edit"),
    results_path("backoffice/results/<int:pk>/delete/", views.result_delete, "result_delete"),
    results_path("backoffice/results/timeline/<int:pk>/delete/", views.entry_delete, "entry_delete"),
]
