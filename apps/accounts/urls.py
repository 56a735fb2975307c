from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("me/settings/", views.settings_view, name="settings"),
    path("me/settings/optional/", views.demographics_update, name="demographics"),
    path("me/settings/optional/erase/", views.demographics_erase, name="erase_demographics"),
    path("me/terms/", views.accept_terms, name="accept_terms"),
    path("me/export/", views.export_data, name="export"),
    path("me/delete/", views.delete_account, name="delete"),
    path("u/<str:nickname>/", views.profile_detail, name="profile"),
]
