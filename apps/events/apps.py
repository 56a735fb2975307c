from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "apps.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from apps.core.content import Capability, register_content
        from apps.core.personal_data import register_eraser, register_exporter

        from .models import Event
        from .pipeline import PIPELINE
        from .selectors import event_search, event_search_highlight, event_visible_to
        from .services import event_set_hidden, registrations_erase, registrations_export

        # An event is participatory content (apps/core/content.py): comments, follows and reports work through it.
        register_content(
            Event,
            process=lambda event: event.process,
            url=lambda event: event.get_absolute_url(),
            title=lambda event: event.title,
            author=lambda event: event.author_id,
            visible_to=event_visible_to,
            search=event_search,
            search_highlight=event_search_highlight,
            view_perm="events.view_event",
            comment_perm="events.comment_event",
            follow_perm="events.follow_event",
            capabilities={Capability.COMMENTABLE, Capability.FOLLOWABLE, Capability.REPORTABLE, Capability.SEARCHABLE},
            pipeline=PIPELINE,
            select_related=("process",),
            set_hidden=event_set_hidden,
            by_author=lambda user_id: Event.objects.exclude(status=Event.Status.DRAFT).filter(author_id=user_id),
        )
        register_exporter("event_registrations", registrations_export)
        register_eraser("event_registrations", registrations_erase)

        from apps.core.pagecache import register_page

        # Public pages anonymous visitors get from the page cache (apps/core/pagecache.py).
        register_page("events:agenda")
        register_page("events:list", process_kwarg="slug")
        register_page("events:detail", process_kwarg="slug")
