from django.urls import path

from . import views

app_name = "taxonomy"

urlpatterns = [
    path("processes/<slug:slug>/themes/<slug:theme_slug>/", views.theme_detail, name="theme_detail"),
]
