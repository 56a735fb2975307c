"""The voting desk (assisted voting and paper ballots), under /backoffice/vote/. Each route is built with its named
rule (as the back-office's staff_path), so a screen cannot exist without the rule that guards it."""

from django.urls import path

from apps.core.decorators import rule_required

from . import assisted_views as views

app_name = "assisted"

PERMISSIONS_MAP = {
    "desk": ("budgets.use_voting_desk", views.process_from_url),
    # The person's budget is chosen in the form: the view asks budgets.assist_vote about it before checking.
    "check": ("budgets.use_voting_desk", views.process_from_url),
    "record": ("budgets.assist_vote", views.budget_from_url),
    "paper_mark": ("budgets.assist_vote", views.budget_from_url),
    "receipt": ("budgets.use_voting_desk", views.budget_from_url),
    "paper_entry": ("budgets.enter_paper_ballots", views.budget_from_url),
    "paper_mismatches": ("budgets.enter_paper_ballots", views.budget_from_url),
    "paper_reconcile": ("budgets.enter_paper_ballots", views.budget_from_url),
    "paper_print": ("budgets.use_voting_desk", views.budget_from_url),
}


def desk_path(route, view, name):
    perm, get_object = PERMISSIONS_MAP[name]
    return path(route, rule_required(perm, get_object=get_object)(view), name=name)


urlpatterns = [
    desk_path("backoffice/vote/<slug:slug>/", views.desk, "desk"),
    desk_path("backoffice/vote/<slug:slug>/check/", views.check, "check"),
    desk_path("backoffice/vote/<slug:slug>/budgets/<int:budget_id>/record/", views.record, "record"),
    desk_path("backoffice/vote/<slug:slug>/budgets/<int:budget_id>/paper-voter/", views.paper_mark, "paper_mark"),
    desk_path(
        "backoffice/vote/<slug:slug>/budgets/<int:budget_id>/receipts/<int:ballot_id>/", views.receipt, "receipt"
    ),
    desk_path("backoffice/vote/<slug:slug>/budgets/<int:budget_id>/paper/", views.paper_entry, "paper_entry"),
    desk_path(
        "backoffice/vote/<slug:slug>/budgets/<int:budget_id>/paper/mismatches/",
        views.paper_mismatches,
        "paper_mismatches",
    ),
    desk_path(
        "backoffice/vote/<slug:slug>/budgets/<int:budget_id>/paper/mismatches/<str:sheet>/",
        views.paper_reconcile,
        "paper_reconcile",
    ),
    desk_path("backoffice/vote/<slug:slug>/budgets/<int:budget_id>/paper/print/", views.paper_print, "paper_print"),
]
