"""Forms of the results back-office. Thin: they shape the input; the rules live in the models' clean() and in
services.py, whose errors are shown next to their fields (core.http.form_errors_from)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.budgets.models import Budget
from apps.core.i18n import default_language_fieldname
from apps.taxonomy.models import Category

from .models import Result, ResultsSettings, ResultStatus, TimelineEntry

LANGUAGE_NAMES = dict(settings.LANGUAGES)
IMAGE_TYPES = "image/jpeg,image/png,image/webp"


def _translated(*fields):
    return [f"{name}_{code}" for name in fields for code in settings.MODELTRANSLATION_LANGUAGES]


def _label_languages(form, required, *fields):
    """“Title (French)”: one field per language, the default language's required."""
    for name in fields:
        for code in settings.MODELTRANSLATION_LANGUAGES:
            field = form.fields.get(f"{name}_{code}")
            if field is None:
                continue
            verbose = form._meta.model._meta.get_field(name).verbose_name
            field.label = f"{str(verbose).capitalize()} ({LANGUAGE_NAMES[code]})"
            field.widget.attrs["lang"] = code
    form.fields[default_language_fieldname(required)].required = True


def _textareas(name, rows=4):
    return {f"{name}_{code}": forms.Textarea(attrs={"rows": rows}) for code in settings.MODELTRANSLATION_LANGUAGES}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ResultForm(forms.ModelForm):
    new_image = forms.FileField(label=_("Add an image"), required=False, help_text=_("JPG, PNG or WebP."))
    new_image_alt = forms.CharField(label=_("Description of the added image"), required=False, max_length=200)

    class Meta:
        model = Result
        fields = [
            *_translated("title", "description"),
            "parent",
            "status",
            "progress",
            "start_date",
            "end_date",
            "cost",
            "amount_spent",
            "category",
            "district",
            "address",
            "latitude",
            "longitude",
            "external_id",
            "position",
        ]
        widgets = {**_textareas("description"), "start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, process, has_children=False, **kwargs):
        super().__init__(*args, **kwargs)
        _label_languages(self, "title", "title", "description")
        self.fields["status"].queryset = ResultStatus.objects.filter(process=process).order_by("position", "pk")
        self.fields["category"].queryset = Category.objects.filter(process=process)
        parents = Result.objects.filter(process=process, parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("position", "pk")
        self.fields["parent"].help_text = _("For a sub-result: its progress counts in the parent's.")
        self.fields["position"].required = False
        self.fields["amount_spent"].required = False
        progress = self.fields["progress"]
        progress.required = False
        progress.help_text = _("Leave it as it is to take the default progress of a newly picked status.")
        if has_children:
            progress.disabled = True
            progress.help_text = _("Rolled up from its sub-results.")
            self.fields["parent"].disabled = True
        self.fields["new_image"].widget.attrs["accept"] = IMAGE_TYPES

    def service_data(self):
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields if not self.fields[name].disabled}
        # A progress left as it was gives way to the default of a new status (Decidim's behaviour in its form).
        if "progress" not in self.changed_data or data.get("progress") is None:
            data.pop("progress", None)
        if data.get("position") is None:
            data.pop("position", None)
        if data.get("amount_spent") is None:
            data["amount_spent"] = 0
        return data

    def images(self):
        uploaded = self.cleaned_data.get("new_image")
        return [(uploaded, self.cleaned_data.get("new_image_alt", ""))] if uploaded else []


class StatusForm(forms.ModelForm):
    class Meta:
        model = ResultStatus
        fields = [*_translated("name", "description"), "key", "progress", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_languages(self, "name", "name", "description")
        self.fields["position"].required = False

    def service_data(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ResultsSettings
        fields = ["rollup"]
        widgets = {"rollup": forms.RadioSelect}


class BulkForm(forms.Form):
    results = forms.ModelMultipleChoiceField(
        label=_("Results"), queryset=Result.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one result.")},
    )
    status = forms.ModelChoiceField(
        label=_("New status"), queryset=ResultStatus.objects.none(), required=False, empty_label=_("(unchanged)")
    )
    start_date = forms.DateField(label=_("New start date"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("New end date"), required=False, widget=DateInput())

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results"].queryset = Result.objects.filter(process=process)
        self.fields["status"].queryset = ResultStatus.objects.filter(process=process).order_by("position", "pk")

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("status", "start_date", "end_date")):
            raise forms.ValidationError(_("Choose what to change: a status, a start date or an end date."))
        return cleaned

    def service_data(self):
        return {
            name: self.cleaned_data[name]
            for name in ("status", "start_date", "end_date")
            if self.cleaned_data.get(name)
        }


class FromWinnersForm(forms.Form):
    budget = forms.ModelChoiceField(
        label=_("Budget"), queryset=Budget.objects.none(), required=False, empty_label=_("Every budget")
    )
    status = forms.ModelChoiceField(
        label=_("Status of the new results"),
        queryset=ResultStatus.objects.none(),
        required=False,
        empty_label=_("The first status"),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = Budget.objects.filter(process=process).order_by("position", "pk")
        self.fields["status"].queryset = ResultStatus.objects.filter(process=process).order_by("position", "pk")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": IMAGE_TYPES}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class TimelineEntryForm(forms.ModelForm):
    photos = MultipleFileField(label=_("Photos"), required=False, help_text=_("JPG, PNG or WebP; several at once."))
    photos_alt = forms.CharField(
        label=_("Description of the photos"), required=False, max_length=200,
        help_text=_("What they show, for people who cannot see them."),
    )

    class Meta:
        model = TimelineEntry
        fields = ["date", *_translated("title", "description")]
        widgets = {**_textareas("description", 3), "date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_languages(self, "title", "title", "description")

    def service_data(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def images(self):
        alt = self.cleaned_data.get("photos_alt", "")
        return [(photo, alt) for photo in self.cleaned_data.get("photos") or []]
