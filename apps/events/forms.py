"""Forms of the event screens: they shape the input; the rules live in the model's clean() and the services,
whose errors come back next to their fields (core.http.form_errors_from)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.forms import TranslatedFieldsFormMixin
from apps.proposals.models import Proposal
from apps.taxonomy.models import Category, Theme

from .models import Event

LANGUAGE_NAMES = dict(settings.LANGUAGES)
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]
NEW_PROPOSAL_ROWS = 3


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


COMMON_FIELDS = [
    "kind", "start_at", "end_at", "place_name", "address", "latitude", "longitude", "online_url", "category",
    "theme", "registration_type", "registration_url", "seats",
]


class _EventFormBase(forms.ModelForm):
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https",
        help_text=_("Shown only to registered people, shortly before the start."),
    )
    registration_url = forms.URLField(label=_("Registration link"), required=False, assume_scheme="https")
    start_at = forms.DateTimeField(label=_("Start"), input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput())
    end_at = forms.DateTimeField(label=_("End"), input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput())

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["category"].queryset = Category.objects.filter(process=process)
        self.fields["theme"].queryset = Theme.objects.filter(process=process)
        if not self.fields["category"].queryset.exists():
            del self.fields["category"]
        if not self.fields["theme"].queryset.exists():
            del self.fields["theme"]
        # Nobody types coordinates: the map's marker fills them (as in the proposal wizard).
        self.fields["latitude"].widget = forms.HiddenInput()
        self.fields["longitude"].widget = forms.HiddenInput()
        self.fields["kind"].widget = forms.RadioSelect(choices=Event.Kind.choices)
        self.fields["registration_type"].widget = forms.RadioSelect(choices=Event.RegistrationType.choices)

    def service_data(self):
        return dict(self.cleaned_data)


class ParticipantEventForm(_EventFormBase):
    """A participant writes in their own language (stored for that language; see services._apply)."""

    class Meta:
        model = Event
        fields = ["title", "description", "location_hints", "registration_question", *COMMON_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "location_hints": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["description"].required = True


def _translated(*names):
    return [f"{name}_{code}" for name in names for code in LANGUAGES]


class OrganiserEventForm(TranslatedFieldsFormMixin, _EventFormBase):
    """The process's administrators: every translated field, one tab per language."""

    class Meta:
        model = Event
        fields = [*_translated("title", "description", "location_hints", "registration_question"), *COMMON_FIELDS]
        widgets = {
            **{f"description_{code}": forms.Textarea(attrs={"rows": 5}) for code in LANGUAGES},
            **{f"location_hints_{code}": forms.Textarea(attrs={"rows": 2}) for code in LANGUAGES},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title", "description", "location_hints", "registration_question"):
            for code in LANGUAGES:
                field = self.fields[f"{name}_{code}"]
                verbose = Event._meta.get_field(name).verbose_name
                field.label = f"{str(verbose).capitalize()} ({LANGUAGE_NAMES[code]})"
                field.widget.attrs["lang"] = code
                field.required = code == settings.LANGUAGE_CODE and name in ("title", "description")


class RegistrationForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), required=False, max_length=1000, widget=forms.Textarea(
        attrs={"rows": 2}
    ))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        if event.registration_question:
            self.fields["answer"].label = event.registration_question
        else:
            self.fields["answer"].widget = forms.HiddenInput()


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the event's page and sent to the people registered."),
    )


class CloseForm(forms.Form):
    closing_report = forms.CharField(
        label=_("Report"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was said and decided. Simple HTML is kept (paragraphs, lists, links); the rest is removed."),
    )
    attendees_count = forms.IntegerField(label=_("Number of attendees"), min_value=0, max_value=100000)
    attending_organisations = forms.CharField(
        label=_("Organisations present"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One per line, or separated by commas."),
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals that came out of the meeting"), required=False, queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event, may_create_proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = (
            Proposal.objects.shown().filter(process=event.process).exclude(status=Proposal.Status.MERGED)
            .order_by("-published_at", "-pk")
        )
        self.may_create_proposals = may_create_proposals
        if may_create_proposals:
            for index in range(NEW_PROPOSAL_ROWS):
                self.fields[f"new_{index}_title"] = forms.CharField(
                    label=_("New proposal %(n)d: title") % {"n": index + 1}, required=False, max_length=150
                )
                self.fields[f"new_{index}_body"] = forms.CharField(
                    label=_("New proposal %(n)d: description") % {"n": index + 1}, required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def new_proposal_fields(self):
        return [(self[f"new_{i}_title"], self[f"new_{i}_body"]) for i in range(NEW_PROPOSAL_ROWS)] if (
            self.may_create_proposals
        ) else []

    def new_proposals(self):
        if not self.may_create_proposals:
            return []
        return [
            {"title": self.cleaned_data.get(f"new_{i}_title", ""), "body": self.cleaned_data.get(f"new_{i}_body", "")}
            for i in range(NEW_PROPOSAL_ROWS)
        ]
