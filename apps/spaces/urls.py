from django.urls import path

from . import views

app_name = "spaces"

urlpatterns = [
    path("", views.home, name="home"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/<slug:slug>/", views.process_detail, name="process_detail"),
    path("processes/<slug:slug>/pages/<slug:page_slug>/", views.process_page, name="process_page"),
    path("pages/<slug:slug>/", views.site_page, name="site_page"),
]
