"""Wizard and edit forms: one ModelForm per screen. They shape the input only.

The rules live once, elsewhere: title length, description length, coordinates both-or-neither and the
category's process in `Proposal.clean()` (which a ModelForm runs); category-or-theme, the attachment count
and the upload checks in the services. The forms only give labels, help texts and widget hints.
"""

from copy import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.abuse import HoneypotFormMixin
from apps.taxonomy.models import Category, Theme

from .models import Proposal, proposal_settings_for

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.docx,.odt"
IDEA_FIELDS = ["title", "body"]
DETAIL_FIELDS = ["category", "theme", "address", "latitude", "longitude"]
LABELS = {
    "title": _("Title"),
    "body": _("Description"),
    "category": _("Category"),
    "theme": _("Theme"),
    "address": _("Address or place"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
}


class _ProposalForm(forms.ModelForm):
    """A form on a proposal of `process`: idea fields and/or detail fields, as the subclass's Meta says."""

    class Meta:
        model = Proposal
        fields = []
        labels = LABELS

    def __init__(self, *args, process, instance=None, **kwargs):
        self.process = process
        # The form validates a copy: the caller's proposal changes only through the service.
        instance = copy(instance) if instance is not None else Proposal(process=process)
        super().__init__(*args, instance=instance, **kwargs)
        if "title" in self.fields:
            self._shape_idea_fields()
        if "category" in self.fields:
            self._shape_detail_fields()

    def _shape_idea_fields(self):
        settings = proposal_settings_for(self.process)
        title = self.fields["title"]
        title.help_text = settings.proposal_title_help or _(
            "Between 15 and 150 characters: say what you propose, briefly."
        )
        title.widget.attrs.update({"maxlength": title.max_length, "minlength": Proposal.TITLE_MIN_LENGTH})
        body = self.fields["body"]
        body.help_text = settings.proposal_body_help or _(
            "Describe your idea: what, where, for whom. Plain text; leave a blank line between paragraphs."
        )
        body.widget.attrs["rows"] = 9
        if settings.proposal_body_max_length:  # a hint for the browser and the character counter
            body.widget.attrs["maxlength"] = settings.proposal_body_max_length

    def _shape_detail_fields(self):
        process = self.process
        categories = list(
            Category.objects.filter(process=process)
            .select_related("parent")
            .order_by("parent__position", "parent_id", "position", "pk")
        )
        themes = list(Theme.objects.filter(process=process).order_by("position", "pk"))
        self.has_categories, self.has_themes = bool(categories), bool(themes)
        self._taxonomy_choices("category", categories, _("— Choose a category —"))
        self._taxonomy_choices("theme", themes, _("— Choose a theme —"))
        # A process with categories only (or themes only) shows just that field.
        if categories and not themes:
            self.fields["theme"].widget = forms.HiddenInput()
        elif themes and not categories:
            self.fields["category"].widget = forms.HiddenInput()
        self.fields["address"].help_text = _("Optional: where would it happen? A street, a park, a school…")
        # Residents place the point on the map (click or tap, drag the marker, or pick an address suggestion):
        # the coordinates travel in hidden fields, never shown as numbers (their range is the model's validators).
        for name in ("latitude", "longitude"):
            self.fields[name].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if "category" in self.fields:
            # The service enforces this rule; asking it here lists its error with the others at once.
            errors = Proposal.category_or_theme_errors(
                has_categories=self.has_categories,
                has_themes=self.has_themes,
                category=data.get("category"),
                theme=data.get("theme"),
            )
            if errors:
                raise forms.ValidationError(errors)
        return data

    def _taxonomy_choices(self, name, objects, empty_label):
        # The choices are the rows already read (the page shows them), so rendering asks nothing more;
        # the queryset still validates what is posted.
        field = self.fields[name]
        field.queryset = field.queryset.model.objects.filter(process=self.process)
        field.empty_label = empty_label
        field.choices = [("", empty_label), *((obj.pk, str(obj)) for obj in objects)]


class IdeaForm(_ProposalForm):
    """Step 1 of a draft: the idea itself."""

    class Meta(_ProposalForm.Meta):
        fields = IDEA_FIELDS


class NewIdeaForm(HoneypotFormMixin, IdeaForm):
    """Step 1 of a new proposal: the idea, and the honeypot (bots start proposals, they do not continue drafts)."""


class DetailsForm(_ProposalForm):
    """Step 3: category or theme, place, and an optional file (which the service checks and stores)."""

    attachment = forms.FileField(
        label=_("Add a photo or a document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    attachment_title = forms.CharField(label=_("Title of the file (optional)"), max_length=150, required=False)

    class Meta(_ProposalForm.Meta):
        fields = DETAIL_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        settings = proposal_settings_for(self.process)
        self.fields["attachment"].help_text = _(
            "Images (JPG, PNG, WebP) or documents (PDF, DOCX, ODT), up to %(mb)s MB each, %(n)s files at most."
        ) % {"mb": settings.attachment_max_mb, "n": settings.attachments_per_proposal}

    def attachment_data(self):
        """The service's keyword arguments for the optional upload."""
        return {
            "attachment": self.cleaned_data.get("attachment") or None,
            "attachment_title": self.cleaned_data.get("attachment_title", ""),
        }


class ProposalEditForm(DetailsForm):
    """Editing a published proposal: the fields of steps 1 and 3."""

    class Meta(_ProposalForm.Meta):
        fields = IDEA_FIELDS + DETAIL_FIELDS


class AttachmentRemoveForm(forms.Form):
    """Which file of `proposal` to remove: an id that is not one of its files is a clear error, not a 500."""

    attachment = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": _("This file is no longer attached to the proposal."),
            "invalid_choice": _("This file is no longer attached to the proposal."),
        },
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].queryset = proposal.attachments.all()


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"), required=True)
