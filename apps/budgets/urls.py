from django.urls import include, path

from . import results_views, views

app_name = "budgets"

_BUDGET = "processes/<slug:slug>/vote/<int:budget_id>/"

urlpatterns = [
    path("processes/<slug:slug>/vote/", views.budget_list, name="budget_list"),
    path(_BUDGET, views.budget_detail, name="budget_detail"),
    path(_BUDGET + "projects/<int:pk>/", views.project_detail, name="project_detail"),
    path(_BUDGET + "basket/add/", views.basket_add, name="basket_add"),
    path(_BUDGET + "basket/remove/", views.basket_remove, name="basket_remove"),
    path(_BUDGET + "basket/points/", views.basket_points, name="basket_points"),
    path(_BUDGET + "basket/rank/", views.basket_rank, name="basket_rank"),
    path(_BUDGET + "review/", views.ballot_review, name="ballot_review"),
    path(_BUDGET + "confirm/", views.ballot_confirm, name="ballot_confirm"),
    path(_BUDGET + "receipt/", views.ballot_receipt, name="ballot_receipt"),
    path(_BUDGET + "results/", results_views.results, name="results"),
    path(_BUDGET + "results/ballots.pb", results_views.results_pabulib, name="results_pabulib"),
    path(_BUDGET + "results/ballots.csv", results_views.results_csv, name="results_csv"),
    # After the vote (apps/budgets/views/transparency.py): the participation figures.
    path("processes/<slug:slug>/participation/", views.participation, name="participation"),
    path(_BUDGET + "participation/", views.participation, name="budget_participation"),
    # The receipt check: a voter finds their ballot's line in the published files.
    path("processes/<slug:slug>/receipt-check/", views.receipt_check, name="receipt_check"),
    # The page "Check that I can vote" (budgets:verification), apps/budgets/verification_urls.py.
    path("", include("apps.budgets.verification_urls")),
]
