from django.urls import path

from . import views

app_name = "newsletters"

urlpatterns = [
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
