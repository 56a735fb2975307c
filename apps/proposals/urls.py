from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("processes/<slug:slug>/proposals/", views.proposal_list, name="list"),
    path("processes/<slug:slug>/proposals/new/", views.proposal_create, name="create"),
    path("processes/<slug:slug>/proposals/<int:pk>/", views.proposal_detail, name="detail"),
    path("processes/<slug:slug>/proposals/<int:pk>/embed/", views.proposal_embed, name="embed"),
    path("processes/<slug:slug>/proposals/<int:pk>/draft/<int:step>/", views.proposal_wizard, name="wizard"),
    path("processes/<slug:slug>/proposals/<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("processes/<slug:slug>/proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path("processes/<slug:slug>/proposals/<int:pk>/delete/", views.proposal_delete, name="delete"),
]
