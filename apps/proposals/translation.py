from modeltranslation.translator import TranslationOptions, register

from .models import ProposalSettings, Review, ReviewCriterion


@register(ProposalSettings)
class ProposalSettingsTranslation(TranslationOptions):
    fields = ("proposal_title_help", "proposal_body_help")


@register(ReviewCriterion)
class ReviewCriterionTranslation(TranslationOptions):
    fields = ("label",)


@register(Review)
class ReviewTranslation(TranslationOptions):
    fields = ("public_answer",)
