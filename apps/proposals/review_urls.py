"""The feasibility review screens, under /backoffice/review/. Each route is built with its named rule (as the
back-office's staff_path), so a screen cannot exist without the rule that guards it."""

from django.urls import path

from apps.core.decorators import rule_required

from .views import review as views

app_name = "review"

PERMISSIONS_MAP = {
    "queue": ("proposals.view_review_queue", None),
    "assign": ("proposals.assign_proposals", views.process_from_url),
    "answers": ("proposals.publish_answers", views.process_from_url),
    "board": ("proposals.view_review_board", views.process_from_url),
    "detail": ("proposals.view_review", views.proposal_from_url),
    "note_add": ("proposals.add_internal_note", views.proposal_from_url),
}


def review_path(route, view, name):
    perm, get_object = PERMISSIONS_MAP[name]
    return path(route, rule_required(perm, get_object=get_object)(view), name=name)


urlpatterns = [
    review_path("backoffice/review/", views.review_queue, "queue"),
    review_path("backoffice/review/<slug:slug>/assign/", views.review_assign, "assign"),
    review_path("backoffice/review/<slug:slug>/answers/", views.review_answers, "answers"),
    review_path("backoffice/review/<slug:slug>/board/", views.review_board, "board"),
    review_path("backoffice/review/proposals/<int:pk>/", views.review_detail, "detail"),
    review_path("backoffice/review/proposals/<int:pk>/notes/", views.review_note_add, "note_add"),
]
