"""The newsletter screens, under /backoffice/; each route is built with its named rule."""

from django.urls import path

from apps.core.decorators import rule_required

from . import backoffice_views as views

app_name = "newsletters_backoffice"

PERMISSIONS_MAP = {
    "list": ("newsletters.view_newsletters", None),
    "create": ("newsletters.view_newsletters", None),
    "detail": ("newsletters.manage_newsletter", views.newsletter_from_url),
    "edit": ("newsletters.manage_newsletter", views.newsletter_from_url),
    "preview": ("newsletters.manage_newsletter", views.newsletter_from_url),
    "test_send": ("newsletters.manage_newsletter", views.newsletter_from_url),
    "send": ("newsletters.manage_newsletter", views.newsletter_from_url),
    "progress": ("newsletters.manage_newsletter", views.newsletter_from_url),
    "stop": ("newsletters.manage_newsletter", views.newsletter_from_url),
}


def newsletters_path(route, view, name):
    perm, get_object = PERMISSIONS_MAP[name]
    return path(route, rule_required(perm, get_object=get_object)(view), name=name)


urlpatterns = [
    newsletters_path("backoffice/newsletters/", views.newsletter_list, "list"),
    newsletters_path("backoffice/newsletters/new/", views.newsletter_create, "create"),
    newsletters_path("backoffice/newsletters/<int:pk>/", views.newsletter_detail, "detail"),
    newsletters_path("backoffice/newsletters/<int:pk>/edit/", views.newsletter_edit, "edit"),
    newsletters_path("backoffice/newsletters/<int:pk>/preview/<str:language>/", views.newsletter_preview, "preview"),
    newsletters_path("backoffice/newsletters/<int:pk>/test/", views.newsletter_test_send, "test_send"),
    newsletters_path("backoffice/newsletters/<int:pk>/send/", views.newsletter_send, "send"),
    newsletters_path("backoffice/newsletters/<int:pk>/progress/", views.newsletter_progress, "progress"),
    newsletters_path("backoffice/newsletters/<int:pk>/stop/", views.newsletter_stop, "stop"),
]
