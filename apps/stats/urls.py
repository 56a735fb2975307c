from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("statistics/", views.site_statistics, name="site"),
    path("processes/<slug:slug>/statistics/", views.process_statistics, name="process"),
    path("processes/<slug:slug>/open-data/", views.open_data, name="open_data"),
    path("processes/<slug:slug>/open-data.zip", views.open_data_download, name="open_data_zip"),
]
