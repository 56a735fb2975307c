from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("comments/<int:content_type_id>/<int:object_id>/", views.thread, name="thread"),
    path("comments/<int:content_type_id>/<int:object_id>/new/", views.comment_create, name="create"),
    path("comments/<int:pk>/", views.comment_detail, name="detail"),
    path("comments/<int:pk>/replies/", views.comment_replies, name="replies"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="delete"),
    path("comments/<int:pk>/vote/", views.comment_vote, name="vote"),
    path("comments/mentions/", views.mention_suggestions, name="mention_suggestions"),
]
