from modeltranslation.translator import TranslationOptions, register

from .models import Phase, Process, ProcessPage, SitePage


@register(Process)
class ProcessTranslation(TranslationOptions):
    fields = ("title", "subtitle", "short_description", "description")
    required_languages = ("fr",)


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("fr",)


@register(ProcessPage)
class ProcessPageTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("fr",)


@register(SitePage)
class SitePageTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("fr",)
