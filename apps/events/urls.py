from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.site_agenda, name="agenda"),
    path("events.ics", views.site_feed, name="site_feed"),
    path("processes/<slug:slug>/events/", views.process_events, name="list"),
    path("processes/<slug:slug>/events.ics", views.process_feed, name="process_feed"),
    path("processes/<slug:slug>/events/new/", views.event_create, name="create"),
    path("processes/<slug:slug>/events/<int:pk>/", views.event_detail, name="detail"),
    path("processes/<slug:slug>/events/<int:pk>/event.ics", views.event_ics, name="ics"),
    path("processes/<slug:slug>/events/<int:pk>/edit/", views.event_edit, name="edit"),
    path("processes/<slug:slug>/events/<int:pk>/publish/", views.event_publish, name="publish"),
    path("processes/<slug:slug>/events/<int:pk>/delete/", views.event_delete, name="delete"),
    path("processes/<slug:slug>/events/<int:pk>/register/", views.event_register, name="register"),
    path("processes/<slug:slug>/events/<int:pk>/leave/", views.event_leave, name="leave"),
    path("processes/<slug:slug>/events/<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("processes/<slug:slug>/events/<int:pk>/close/", views.event_close, name="close"),
]
