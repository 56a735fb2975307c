"""Writes of machine translations: asked for when content is saved, made in the background by the provider."""

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from apps.core.background import enqueue
from apps.core.pagecache import bump_content

from . import registry
from .models import MachineTranslation
from .providers import get_provider

logger = logging.getLogger(__name__)


def text_hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


def translations_request(*, obj):
    """Queue the translation of `obj`'s texts (after the current transaction commits). Content services call it
    when a text is created or changed; nothing happens (and nothing is queried) while no provider is set."""
    if get_provider() is None or not registry.fields_of(obj):
        return
    from .tasks import translate_content  # the tasks import this module

    enqueue(translate_content, model=obj._meta.label_lower, pk=obj.pk)


def content_translate(*, obj, provider):
    """Translate what is missing or out of date for `obj`, one provider call per language (all its fields at once).

    Rows already made for the current text are kept: the provider is asked once per text and language. The first
    answer tells the text's language; the language it was written in gets a row without text and no call.
    No audit entry: this is the platform's own work on public text, not a person's action.
    """
    content_type = ContentType.objects.get_for_model(obj)
    sources = {field: (text, text_hash(text), targets) for field, (text, targets) in registry.sources(obj).items()}
    existing = {
        (row.field, row.language): row
        for row in MachineTranslation.objects.filter(content_type=content_type, object_id=obj.pk)
    }
    written_in = next(
        (
            row.source_language
            for row in existing.values()
            if row.field in sources and row.source_hash == sources[row.field][1] and row.source_language
        ),
        "",
    )
    made = 0
    for language in registry.languages():
        todo = [
            field
            for field, (_text, digest, targets) in sources.items()
            if language in targets and not ((row := existing.get((field, language))) and row.source_hash == digest)
        ]
        if not todo:
            continue
        if written_in == language:
            answers = [None] * len(todo)
        else:
            answers = provider.translate([sources[field][0] for field in todo], target=language)
            made += len(todo)
        for field, answer in zip(todo, answers, strict=True):
            source_language = answer.source_language if answer else written_in
            written_in = written_in or source_language
            same = source_language == language
            with transaction.atomic():
                MachineTranslation.objects.update_or_create(
                    content_type=content_type,
                    object_id=obj.pk,
                    field=field,
                    language=language,
                    defaults={
                        "source_language": source_language,
                        "source_hash": sources[field][1],
                        "text": "" if same or answer is None else answer.text,
                        "provider": provider.name,
                    },
                )
    if made:
        bump_content(obj)  # the cached pages of anonymous visitors offer the new translations (apps/core/pagecache.py)
    return made


def translations_erase(*, obj):
    """Forget the translations of content that is deleted or erased (its author's data)."""
    MachineTranslation.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).delete()
