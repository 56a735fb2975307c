from modeltranslation.translator import TranslationOptions, register

from .models import Budget, Project


@register(Budget)
class BudgetTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "description")
