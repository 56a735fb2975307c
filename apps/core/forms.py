from django import forms
from django.utils.translation import gettext_lazy as _

from .abuse import HoneypotFormMixin


class ContactForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("Your e-mail address"))
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)


class TranslatedFieldsFormMixin:
    """Back-office forms show translated fields one tab per language (static/js/translation_tabs.js), as the
    admin does: the fields `<name>_<lang>` of a translated field get modeltranslation's widget classes.

    A ModelForm finds its translated fields from modeltranslation's registry; a plain form lists them in
    `translated_fields`."""

    translated_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings
        from modeltranslation.translator import NotRegistered, translator

        names = set(self.translated_fields)
        model = getattr(getattr(self, "_meta", None), "model", None)
        if model is not None:
            try:
                names |= set(translator.get_options_for_model(model).fields)
            except NotRegistered:
                pass
        languages = [code for code, _name in settings.LANGUAGES]
        for name in names:
            for language in languages:
                field = self.fields.get(f"{name}_{language}")
                if field is None:
                    continue
                classes = field.widget.attrs.get("class", "").split()
                classes += ["mt", f"mt-field-{name}-{language}"]
                if language == settings.LANGUAGE_CODE:
                    classes.append("mt-default")
                field.widget.attrs["class"] = " ".join(c for c in classes if c)
