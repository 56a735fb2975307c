from django.utils.translation import gettext_lazy

from apps.core.permissions import Requirement, define
from apps.spaces.predicates import is_published_process

# The statistics and the open data of a process: what anybody may see of it, so only for published processes
# (what is inside is what an anonymous visitor may see, whoever asks: registry.anonymous()).
define("stats.view_statistics", Requirement(is_published_process, gettext_lazy("This process is not published yet.")))
define(
    "stats.download_open_data", Requirement(is_published_process, gettext_lazy("This process is not published yet."))
)
