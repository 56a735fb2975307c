"""What residents write that may be machine-translated: model label → fields.

Plain fields hold one text in the language its author wrote it in. Fields registered with modeltranslation
(events' and results' descriptions) hold one column per language: only the languages whose column is empty are
machine-translated, from the first filled column (the default language first).
"""

from django.conf import settings
from modeltranslation.translator import NotRegistered, translator

from apps.core.sanitize import html_to_text

TRANSLATABLE = {
    "proposals.proposal": ("title", "body"),
    "comments.comment": ("body",),
    "events.event": ("description",),
    "results.result": ("description",),
}


# Sanitised HTML: translated as plain text (paragraphs kept as blank lines), shown with line breaks.
RICH_TEXT = {("events.event", "description"), ("results.result", "description")}


def plain_text(html):
    return html_to_text(html, paragraphs=True)  # "l'été", not "l&#x27;été", sent to the translator


def fields_of(obj):
    return TRANSLATABLE.get(obj._meta.label_lower, ())


def languages():
    """The site's languages, the default one last: a text is most likely written in it, and the provider's first
    answer says which language the text is in (so a translation into its own language is never asked for)."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [code for code in codes if code != settings.LANGUAGE_CODE] + [settings.LANGUAGE_CODE]


def _translated_fields(model):
    try:
        return translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}


def sources(obj):
    """{field: (text, languages to translate it into)} for the fields of `obj` that have text."""
    translated = _translated_fields(type(obj))
    found = {}
    for field in fields_of(obj):
        if field in translated:
            columns = {code: getattr(obj, f"{field}_{code.replace('-', '_')}", "") or "" for code in languages()}
            filled = [code for code in [settings.LANGUAGE_CODE, *languages()] if columns[code].strip()]
            if not filled:
                continue
            text = columns[filled[0]]
            targets = [code for code in languages() if not columns[code].strip()]
        else:
            text = getattr(obj, field, "") or ""
            targets = languages()
        if (obj._meta.label_lower, field) in RICH_TEXT:
            text = plain_text(text)
        if text.strip() and targets:
            found[field] = (text, targets)
    return found
