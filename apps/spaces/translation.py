from modeltranslation.translator import TranslationOptions, register

from apps.core.i18n import REQUIRED_LANGUAGES

from .models import Phase, Process, ProcessPage, SitePage


@register(Process)
class ProcessTranslation(TranslationOptions):
    fields = ("title", "subtitle", "short_description", "description")
    required_languages = REQUIRED_LANGUAGES


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = REQUIRED_LANGUAGES


@register(ProcessPage)
class ProcessPageTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = REQUIRED_LANGUAGES


@register(SitePage)
class SitePageTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = REQUIRED_LANGUAGES
