from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("processes/<slug:slug>/surveys/", views.survey_list, name="list"),
    path("processes/<slug:slug>/surveys/<int:pk>/", views.survey_detail, name="detail"),
    path("processes/<slug:slug>/surveys/<int:pk>/results/", views.survey_results, name="results"),
]
