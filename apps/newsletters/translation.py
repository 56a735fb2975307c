from modeltranslation.translator import TranslationOptions, register

from .models import Newsletter


@register(Newsletter)
class NewsletterTranslation(TranslationOptions):
    fields = ("subject", "body", "image_alt")
