from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("processes/<slug:slug>/tracking/", views.result_list, name="list"),
    path("processes/<slug:slug>/tracking/<int:pk>/", views.result_detail, name="detail"),
]
