from modeltranslation.translator import TranslationOptions, register

from apps.core.i18n import REQUIRED_LANGUAGES

from .models import Category, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = REQUIRED_LANGUAGES


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = REQUIRED_LANGUAGES
