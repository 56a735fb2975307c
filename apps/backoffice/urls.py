from . import views
from .permissions import staff_path

app_name = "backoffice"

urlpatterns = [
    staff_path("backoffice/", views.home, "home"),
]
