from modeltranslation.translator import TranslationOptions, register

from .models import Result, ResultStatus, TimelineEntry


@register(ResultStatus)
class ResultStatusTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Result)
class ResultTranslation(TranslationOptions):
    fields = ("title", "description")


@register(TimelineEntry)
class TimelineEntryTranslation(TranslationOptions):
    fields = ("title", "description")
