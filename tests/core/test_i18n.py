from apps.core.i18n import REQUIRED_LANGUAGES, default_language_fieldname, localized_fieldnames
from apps.spaces.models import Process


def test_localized_fieldnames_follow_the_configured_languages(settings):
    assert localized_fieldnames("title") == ["title_fr", "title_en", "title_es"]
    settings.MODELTRANSLATION_LANGUAGES = ("fr", "de")
    settings.MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
    assert localized_fieldnames("title", "name") == ["title_fr", "title_de", "name_fr", "name_de"]
    assert default_language_fieldname("title") == "title_de"


def test_modeltranslation_languages_come_from_languages(settings):
    assert settings.MODELTRANSLATION_LANGUAGES == tuple(code for code, _name in settings.LANGUAGES)
    assert settings.MODELTRANSLATION_DEFAULT_LANGUAGE == settings.LANGUAGE_CODE
    assert REQUIRED_LANGUAGES == (settings.LANGUAGE_CODE,)
    # Every language gets its column: adding one to LANGUAGES is a migration away.
    columns = {field.name for field in Process._meta.get_fields()}
    assert {f"title_{code}" for code, _name in settings.LANGUAGES} <= columns
