"""The organisers' survey screens, under /backoffice/; each route is built with its named rule."""

from django.urls import path

from apps.core.decorators import rule_required

from . import backoffice_views as views

app_name = "surveys_backoffice"

PERMISSIONS_MAP = {
    "surveys": ("surveys.manage_surveys", views.process_from_url),
    "survey_create": ("surveys.manage_surveys", views.process_from_url),
    "survey_edit": ("surveys.manage_surveys", views.survey_from_url),
    "question_create": ("surveys.manage_surveys", views.survey_from_url),
    "question_edit": ("surveys.manage_surveys", views.question_from_url),
    "question_delete": ("surveys.manage_surveys", views.question_from_url),
    "results": ("surveys.manage_surveys", views.survey_from_url),
    "export": ("surveys.manage_surveys", views.survey_from_url),
}


def surveys_path(route, view, name):
    perm, get_object = PERMISSIONS_MAP[name]
    return path(route, rule_required(perm, get_object=get_object)(view), name=name)


urlpatterns = [
    surveys_path("backoffice/processes/<slug:slug>/surveys/", views.survey_list, "surveys"),
    surveys_path("backoffice/processes/<slug:slug>/surveys/new/", views.survey_create, "survey_create"),
    surveys_path("backoffice/surveys/<int:pk>/", views.survey_edit, "survey_edit"),
    surveys_path("backoffice/surveys/<int:pk>/questions/new/", views.question_create, "question_create"),
    surveys_path("backoffice/survey-questions/<int:pk>/", views.question_edit, "question_edit"),
    surveys_path("backoffice/survey-questions/<int:pk>/delete/", views.question_delete, "question_delete"),
    surveys_path("backoffice/surveys/<int:pk>/results/", views.results, "results"),
    surveys_path("backoffice/surveys/<int:pk>/answers.<str:fmt>", views.export, "export"),
]
