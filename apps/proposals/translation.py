from modeltranslation.translator import TranslationOptions, register

from .models import ProposalSettings


@register(ProposalSettings)
class ProposalSettingsTranslation(TranslationOptions):
    fields = ("proposal_title_help", "proposal_body_help")
