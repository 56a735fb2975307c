from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.permissions import is_allowed
from apps.spaces.models import ProcessRole

from .imports import EXTENSIONS, MAX_BYTES, check_header, read_table


class RoleAppointForm(forms.Form):
    """Find a person by e-mail address or nickname and give them a role in the process."""

    who = forms.CharField(label=_("E-mail address or nickname"), max_length=254)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, actor, process, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [(value, label) for value, label in ProcessRole.Role.choices if value != ProcessRole.Role.ADMIN]
        if is_allowed("backoffice.appoint_process_admin", actor, process):
            roles = list(ProcessRole.Role.choices)
        self.fields["role"].choices = roles

    def clean_who(self):
        who = self.cleaned_data["who"].strip().lstrip("@")
        people = get_user_model().objects.filter(is_active=True, deleted_at__isnull=True)
        user = people.filter(Q(email__iexact=who) | Q(nickname__iexact=who)).first()
        if user is None:
            raise forms.ValidationError(_("Nobody has this e-mail address or nickname."))
        return user


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in EXTENSIONS)}),
    )

    def __init__(self, *args, spec, **kwargs):
        self.spec = spec
        self.rows = []
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(max)d MB. The first line names the columns.") % {
            "max": MAX_BYTES // 1024 // 1024
        }

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # read_table and check_header raise a ValidationError with a sentence; Django puts it next to the field.
        names, self.rows = read_table(uploaded)
        check_header(self.spec, names)
        return uploaded
