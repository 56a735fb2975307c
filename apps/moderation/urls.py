"""Moderation URLs. Every view is built with its named rule (PERMISSIONS), as the back-office's own screens are
(apps/backoffice/permissions.py): a screen cannot exist without its rule. Staff screens live under /backoffice/."""

from django.urls import path

from apps.core.decorators import rule_required

from . import views

app_name = "moderation"

# URL name -> (named rule, the object the rule is asked about)
PERMISSIONS = {
    "report": ("moderation.report_content", views.report_target),
    "queue": ("moderation.view_queue", views.queue_process),
    "participants": ("moderation.view_participant_queue", None),
    "item": ("moderation.view_item", views.the_item),
    "hide": ("moderation.moderate_item", views.the_item),
    "unhide": ("moderation.moderate_item", views.the_item),
    "dismiss": ("moderation.moderate_item", views.the_item),
    "block": ("moderation.block_user", views.the_user),
    "unblock": ("moderation.unblock_user", views.the_user),
    "blocked": ("moderation.view_participant_queue", None),
}


def ruled_path(route, view, name):
    perm, get_object = PERMISSIONS[name]
    return path(route, rule_required(perm, get_object=get_object)(view), name=name)


urlpatterns = [
    ruled_path("report/<int:content_type_id>/<int:object_id>/", views.report, "report"),
    ruled_path("backoffice/moderation/process/<int:process_pk>/", views.queue, "queue"),
    ruled_path("backoffice/moderation/participants/", views.participant_queue, "participants"),
    ruled_path("backoffice/moderation/items/<int:pk>/", views.item_detail, "item"),
    ruled_path("backoffice/moderation/items/<int:pk>/hide/", views.item_hide, "hide"),
    ruled_path("backoffice/moderation/items/<int:pk>/unhide/", views.item_unhide, "unhide"),
    ruled_path("backoffice/moderation/items/<int:pk>/dismiss/", views.item_dismiss, "dismiss"),
    ruled_path("backoffice/moderation/participants/<int:user_pk>/block/", views.user_block, "block"),
    ruled_path("backoffice/moderation/participants/<int:user_pk>/unblock/", views.user_unblock, "unblock"),
    ruled_path("backoffice/moderation/blocked/", views.blocked, "blocked"),
]
