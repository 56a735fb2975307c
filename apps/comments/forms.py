from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .models import Comment

DEFAULT_MAX_LENGTH = 1000


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), strip=True)
    opinion = forms.ChoiceField(
        label=_("Your opinion"), choices=Comment.Opinion.choices, widget=forms.RadioSelect, initial=None
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        max_length = getattr(process, "comment_max_length", None) or DEFAULT_MAX_LENGTH
        self.max_length = max_length
        body = self.fields["body"]
        body.max_length = max_length
        body.validators.append(MaxLengthValidator(max_length))
        body.widget.attrs.update({"maxlength": max_length, "data-max-length": max_length})
        body.help_text = _("%(count)s characters at most. Mention someone with @nickname.") % {"count": max_length}


class CommentEditForm(CommentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["parent"]
        del self.fields["website"]
