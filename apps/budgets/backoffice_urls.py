"""The organisers' budget screens, under /backoffice/. Each route is built with its named rule (as the
back-office's staff_path), so a screen cannot exist without the rule that guards it."""

from django.urls import path

from apps.core.decorators import rule_required

from . import backoffice_views as views
from . import results_views

app_name = "budgets_backoffice"

MANAGE = "budgets.manage_budgets"

PERMISSIONS_MAP = {
    "budgets": (MANAGE, views.process_from_url),
    "budget_create": (MANAGE, views.process_from_url),
    "budget_edit": (MANAGE, views.budget_from_url),
    "projects": (MANAGE, views.budget_from_url),
    "project_create": (MANAGE, views.budget_from_url),
    "project_edit": (MANAGE, views.project_budget_from_url),
    "project_status": (MANAGE, views.project_budget_from_url),
    "project_move": (MANAGE, views.project_budget_from_url),
    "from_proposals": (MANAGE, views.process_from_url),
    "turnout": ("budgets.view_turnout", views.process_from_url),
    "results_preview": ("budgets.publish_results", views.budget_from_url),
    "results_publish": ("budgets.publish_results", views.budget_from_url),
}


def budgets_path(route, view, name):
    perm, get_object = PERMISSIONS_MAP[name]
    return path(route, rule_required(perm, get_object=get_object)(view), name=name)


urlpatterns = [
    budgets_path("backoffice/processes/<slug:slug>/budgets/", views.budget_list, "budgets"),
    budgets_path("backoffice/processes/<slug:slug>/budgets/new/", views.budget_create, "budget_create"),
    budgets_path(
        "backoffice/processes/<slug:slug>/budgets/from-proposals/", views.projects_from_proposals, "from_proposals"
    ),
    budgets_path("backoffice/processes/<slug:slug>/turnout/", views.turnout, "turnout"),
    budgets_path("backoffice/budgets/<int:budget_id>/", views.budget_edit, "budget_edit"),
    budgets_path("backoffice/budgets/<int:budget_id>/projects/", views.project_list, "projects"),
    budgets_path("backoffice/budgets/<int:budget_id>/projects/new/", views.project_create, "project_create"),
    budgets_path("backoffice/projects/<int:pk>/", views.project_edit, "project_edit"),
    budgets_path("backoffice/projects/<int:pk>/status/", views.project_status, "project_status"),
    budgets_path("backoffice/projects/<int:pk>/move/", views.project_move, "project_move"),
    budgets_path("backoffice/budgets/<int:budget_id>/results/", results_views.results_preview, "results_preview"),
    budgets_path(
        "backoffice/budgets/<int:budget_id>/results/publish/", results_views.results_publish, "results_publish"
    ),
]
