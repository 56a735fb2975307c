"""Reads of machine translations: what a page shows beside an original text, in the reader's language."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import get_language_info

from . import registry
from .models import MachineTranslation
from .providers import get_provider
from .services import text_hash


@dataclass
class Translation:
    language: str
    source_language: str
    provider: str
    fields: dict = field(default_factory=dict)

    @property
    def source_name(self):
        try:
            return get_language_info(self.source_language)["name_translated"]
        except KeyError:
            return self.source_language

    @property
    def provider_label(self):
        return {"libretranslate": "LibreTranslate", "deepl": "DeepL"}.get(self.provider, self.provider)


def _current(obj, rows):
    """The rows that translate `obj`'s current texts (not an older version, not its own language)."""
    sources = registry.sources(obj)
    found = None
    for row in rows:
        source = sources.get(row.field)
        if source is None or row.language not in source[1] or row.is_same_language or not row.text:
            continue
        if row.source_hash != text_hash(source[0]):
            continue
        found = found or Translation(row.language, row.source_language, row.provider)
        found.fields[row.field] = row.text
    return found


def translations_for(objects, language):
    """{pk: Translation} for those of `objects` (all of one model) that have a current translation into
    `language`: one query for the lot, none while no provider is set."""
    objects = [obj for obj in objects if obj is not None]
    if not objects or get_provider() is None or not registry.fields_of(objects[0]):
        return {}
    language = language or settings.LANGUAGE_CODE
    rows = defaultdict(list)
    for row in MachineTranslation.objects.filter(
        content_type=ContentType.objects.get_for_model(objects[0]),
        object_id__in=[obj.pk for obj in objects],
        language=language,
    ):
        rows[row.object_id].append(row)
    found = {}
    for obj in objects:
        translation = _current(obj, rows.get(obj.pk, ()))
        if translation is not None:
            found[obj.pk] = translation
    return found


def translation_for(obj, language):
    return translations_for([obj], language).get(getattr(obj, "pk", None))
