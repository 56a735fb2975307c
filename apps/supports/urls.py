from django.urls import path

from . import views

app_name = "supports"

urlpatterns = [
    path("proposals/<int:pk>/support/", views.support, name="support"),
    path("proposals/<int:pk>/unsupport/", views.unsupport, name="unsupport"),
]
