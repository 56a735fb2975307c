"""/api/v1/: outside the language prefix (the language is a parameter or a header, not a path)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("processes", views.ProcessViewSet, basename="processes")
router.register("phases", views.PhaseViewSet, basename="phases")
router.register("themes", views.ThemeViewSet, basename="themes")
router.register("categories", views.CategoryViewSet, basename="categories")
router.register("proposals", views.ProposalViewSet, basename="proposals")
router.register("comments", views.CommentViewSet, basename="comments")
router.register("budgets", views.BudgetViewSet, basename="budgets")
router.register("projects", views.ProjectViewSet, basename="projects")
router.register("results", views.ResultViewSet, basename="results")
router.register("events", views.EventViewSet, basename="events")

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    path("", include(router.urls)),
]
