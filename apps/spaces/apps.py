from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "apps.spaces"
    label = "spaces"
    verbose_name = _("Spaces")

    def ready(self):
        from apps.core.personal_data import register_eraser

        from .personal_data import erase_process_roles

        register_eraser("process_roles", erase_process_roles)

        from apps.core.pagecache import register_page

        # Public pages anonymous visitors get from the page cache (apps/core/pagecache.py).
        register_page("spaces:home")
        register_page("spaces:process_list")
        register_page("spaces:process_detail", process_kwarg="slug")
        register_page("spaces:process_page", process_kwarg="slug")
        register_page("spaces:site_page")
