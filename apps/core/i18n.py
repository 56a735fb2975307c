"""The per-language field names of translated models (modeltranslation), built from the settings."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def localized_fieldnames(*fields):
    """["title_fr", "title_en", "title_es", ...]: every language of MODELTRANSLATION_LANGUAGES, for each field."""
    languages = settings.MODELTRANSLATION_LANGUAGES
    return [build_localized_fieldname(field, language) for field in fields for language in languages]


def default_language_fieldname(field):
    """"title_fr": the column that is always filled (the default language is the required one)."""
    return build_localized_fieldname(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


# The languages a translated model must be filled in: the default one; the others fall back to it.
REQUIRED_LANGUAGES = (settings.MODELTRANSLATION_DEFAULT_LANGUAGE,)
