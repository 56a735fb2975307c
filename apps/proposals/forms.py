from django import forms
from django.utils.translation import gettext_lazy as _

from apps.taxonomy.models import Category, Theme

from .models import Proposal, proposal_settings_for
from .uploads import validate_upload

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.docx,.odt"


def _idea_fields(form, process):
    settings = proposal_settings_for(process)
    form.fields["title"] = forms.CharField(
        label=_("Title"),
        min_length=Proposal.TITLE_MIN_LENGTH,
        max_length=150,
        help_text=settings.proposal_title_help or _("Between 15 and 150 characters: say what you propose, briefly."),
        widget=forms.TextInput(attrs={"maxlength": 150, "minlength": Proposal.TITLE_MIN_LENGTH}),
    )
    maximum = settings.proposal_body_max_length
    form.fields["body"] = forms.CharField(
        label=_("Description"),
        max_length=maximum or None,
        help_text=settings.proposal_body_help
        or _("Describe your idea: what, where, for whom. Plain text; leave a blank line between paragraphs."),
        widget=forms.Textarea(attrs={"rows": 9, **({"maxlength": maximum} if maximum else {})}),
    )


def _detail_fields(form, process):
    settings = proposal_settings_for(process)
    categories = Category.objects.filter(process=process).select_related("parent").order_by(
        "parent__position", "parent_id", "position", "pk"
    )
    themes = Theme.objects.filter(process=process).order_by("position", "pk")
    form.fields["category"] = forms.ModelChoiceField(
        label=_("Category"), queryset=categories, required=False, empty_label=_("— Choose a category —")
    )
    form.fields["theme"] = forms.ModelChoiceField(
        label=_("Theme"), queryset=themes, required=False, empty_label=_("— Choose a theme —")
    )
    form.fields["address"] = forms.CharField(
        label=_("Address or place"),
        max_length=255,
        required=False,
        help_text=_("Optional: where would it happen? A street, a park, a school…"),
    )
    coordinate = {"max_digits": 9, "decimal_places": 6, "required": False}
    form.fields["latitude"] = forms.DecimalField(
        label=_("Latitude"), min_value=-90, max_value=90, widget=forms.NumberInput(attrs={"step": "any"}), **coordinate
    )
    form.fields["longitude"] = forms.DecimalField(
        label=_("Longitude"), min_value=-180, max_value=180, widget=forms.NumberInput(attrs={"step": "any"}),
        **coordinate,
    )
    form.fields["attachment"] = forms.FileField(
        label=_("Add a photo or a document"),
        required=False,
        help_text=_("Images (JPG, PNG, WebP) or documents (PDF, DOCX, ODT), up to %(mb)s MB each, %(n)s files at most.")
        % {"mb": settings.attachment_max_mb, "n": settings.attachments_per_proposal},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    form.fields["attachment_title"] = forms.CharField(
        label=_("Title of the file (optional)"), max_length=150, required=False
    )


class _ProcessForm(forms.Form):
    def __init__(self, *args, process, proposal=None, **kwargs):
        self.process = process
        self.proposal = proposal
        super().__init__(*args, **kwargs)


class IdeaForm(_ProcessForm):
    """Step 1: the idea itself."""

    # Honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        website = self.fields.pop("website")
        _idea_fields(self, self.process)
        self.fields["website"] = website


class DetailsMixin:
    def _has_taxonomy(self):
        return bool(self.category_count or self.theme_count)

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        if not uploaded:
            return None
        settings = proposal_settings_for(self.process)
        validate_upload(uploaded, max_bytes=settings.attachment_max_mb * 1024 * 1024)
        if self.proposal is not None and self.proposal.pk:
            if self.proposal.attachments.count() >= settings.attachments_per_proposal:
                raise forms.ValidationError(
                    _("You can attach at most %(n)d files. Remove one before adding another.")
                    % {"n": settings.attachments_per_proposal}
                )
        return uploaded

    def clean(self):
        data = super().clean()
        if self._has_taxonomy() and not data.get("category") and not data.get("theme"):
            if self.category_count:
                self.add_error("category", _("Choose a category or a theme."))
            else:
                self.add_error("theme", _("Choose a category or a theme."))
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not self.has_error("latitude"):
            self.add_error("latitude", _("Give both the latitude and the longitude, or neither."))
        return data


class DetailsForm(DetailsMixin, _ProcessForm):
    """Step 3: category or theme, place, attachments."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _detail_fields(self, self.process)
        _drop_empty_taxonomy(self)


class ProposalEditForm(DetailsMixin, _ProcessForm):
    """Editing a published proposal: the fields of steps 1 and 3."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _idea_fields(self, self.process)
        _detail_fields(self, self.process)
        _drop_empty_taxonomy(self)


def _drop_empty_taxonomy(form):
    # A process with categories only (or themes only) shows just that field.
    category_count = form.category_count = form.fields["category"].queryset.count()
    theme_count = form.theme_count = form.fields["theme"].queryset.count()
    if category_count and not theme_count:
        form.fields["theme"].widget = forms.HiddenInput()
    elif theme_count and not category_count:
        form.fields["category"].widget = forms.HiddenInput()


def initial_from(proposal):
    return {
        "title": proposal.title,
        "body": proposal.body,
        "category": proposal.category_id,
        "theme": proposal.theme_id,
        "address": proposal.address,
        "latitude": proposal.latitude,
        "longitude": proposal.longitude,
    }


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"), required=True)
