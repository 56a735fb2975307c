from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "apps.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from apps.core.files import register_private_files
        from apps.core.personal_data import register_eraser, register_exporter

        from .selectors import answer_file_access
        from .services import responses_erase, responses_export

        register_exporter("surveys", responses_export)
        register_eraser("surveys", responses_erase)
        # Files given in answers: the process's administrators only (apps/core/files.py).
        register_private_files("surveys", answer_file_access)

        from apps.core.pagecache import register_page

        # Public pages anonymous visitors get from the page cache; the builder's services bump the process.
        register_page("surveys:list", process_kwarg="slug")
        register_page("surveys:detail", process_kwarg="slug")
