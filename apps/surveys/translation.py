from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Question, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "scale_min_label", "scale_max_label", "matrix_rows", "matrix_columns")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("text",)
