"""Forms of the newsletter screens: they shape the input; the rules live in the model's clean() and the services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.forms import TranslatedFieldsFormMixin

from .models import Newsletter
from .selectors import administered_processes, district_choices, is_site_newsletter_admin

LANGUAGE_NAMES = dict(settings.LANGUAGES)
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
TRANSLATED = ("subject", "body", "image_alt")


class NewsletterForm(TranslatedFieldsFormMixin, forms.ModelForm):
    image = forms.FileField(
        label=_("Image"), required=False,
        help_text=_("Optional, shown above the text (JPG, PNG or WebP; its metadata is removed)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    district = forms.ChoiceField(label=_("District"), required=False)

    class Meta:
        model = Newsletter
        fields = [*(f"{name}_{code}" for name in TRANSLATED for code in LANGUAGES), "segment", "process", "district"]
        widgets = {f"body_{code}": forms.Textarea(attrs={"rows": 10}) for code in LANGUAGES}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TRANSLATED:
            for code in LANGUAGES:
                field = self.fields[f"{name}_{code}"]
                verbose = Newsletter._meta.get_field(name).verbose_name
                field.label = f"{str(verbose).capitalize()} ({LANGUAGE_NAMES[code]})"
                field.widget.attrs["lang"] = code
                field.required = code == settings.LANGUAGE_CODE and name in ("subject", "body")
        self.fields["body_" + settings.LANGUAGE_CODE].help_text = _(
            "Paragraphs, headings, lists, links and tables are kept; anything else is removed. Empty languages "
            "fall back to French."
        )
        self.fields["process"].queryset = administered_processes(user=user).order_by("title")
        self.fields["segment"].widget = forms.RadioSelect(choices=Newsletter.Segment.choices)
        if not is_site_newsletter_admin(user):
            # Process administrators write to the participants of their processes only.
            self.fields["segment"].widget = forms.HiddenInput()
            self.fields["segment"].initial = Newsletter.Segment.PROCESS
            del self.fields["district"]
        else:
            self.fields["district"].choices = [("", "—"), *((name, name) for name in district_choices())]

    def service_data(self):
        data = dict(self.cleaned_data)
        image = data.pop("image", None)
        if image is False:
            data["image_clear"] = True
        data.setdefault("district", "")
        return data, (image or None)


class TestSendForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
