"""The page "Check that I can vote" (`budgets:verification`), included by the budgets URLs."""

from django.urls import path

from . import verification_views as views

urlpatterns = [
    path("processes/<slug:slug>/vote/check/", views.verification, name="verification"),
]
