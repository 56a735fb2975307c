from modeltranslation.translator import TranslationOptions, register

from .models import Category, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = ("fr",)


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fr",)
