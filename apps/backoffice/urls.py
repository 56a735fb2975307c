from . import views
from .permissions import staff_path

app_name = "backoffice"

urlpatterns = [
    staff_path("backoffice/", views.home, "home"),
    staff_path("backoffice/audit/", views.audit_log, "audit_log"),
    staff_path("backoffice/processes/<slug:slug>/roles/", views.roles, "roles", views.process_from_url),
    staff_path("backoffice/roles/<int:pk>/remove/", views.role_remove, "role_remove", views.role_process_from_url),
    staff_path(
        "backoffice/processes/<slug:slug>/transfers/", views.transfers, "transfers", get_object=views.process_from_url
    ),
    staff_path(
        "backoffice/processes/<slug:slug>/export/<slug:key>.<str:fmt>",
        views.export_download,
        "export",
        get_object=views.process_from_url,
    ),
    staff_path(
        "backoffice/processes/<slug:slug>/import/<slug:key>/",
        views.import_upload,
        "import",
        get_object=views.process_from_url,
    ),
]
