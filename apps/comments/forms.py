from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from apps.core.abuse import HoneypotFormMixin

from .models import Comment, comment_settings_for

DEFAULT_MAX_LENGTH = 1000


class CommentEditForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), strip=True)
    opinion = forms.ChoiceField(
        label=_("Your opinion"), choices=Comment.Opinion.choices, widget=forms.RadioSelect, initial=None
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        max_length = comment_settings_for(process).comment_max_length if process is not None else None
        max_length = max_length or DEFAULT_MAX_LENGTH
        self.max_length = max_length
        body = self.fields["body"]
        body.max_length = max_length
        body.validators.append(MaxLengthValidator(max_length))
        body.widget.attrs.update({"maxlength": max_length, "data-max-length": max_length})
        body.help_text = _("%(count)s characters at most. Mention someone with @nickname.") % {"count": max_length}


class CommentForm(HoneypotFormMixin, CommentEditForm):
    """A new comment or reply on `target`. `parent` is the id of a comment of the same thread (or empty).

    Whether that comment may be replied to (depth, deleted) is the service's rule; the form only turns the
    posted id into a comment of this thread, so "abc", "²" or another thread's id are a clear error, not a 500.
    """

    parent = forms.ModelChoiceField(
        queryset=Comment.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This reply does not belong to this discussion.")},
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Comment.objects.select_related("author").filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        )

    def clean(self):
        data = super().clean()
        # The parent is a hidden field: its error is shown on top of the form.
        if "parent" in self._errors:
            for error in self._errors.pop("parent"):
                self.add_error(None, error)
        return data

    def initial_parent(self, value):
        """The comment a reply page (?parent=<id>) answers; None when the id is not one of this thread."""
        try:
            return self.fields["parent"].clean(value)
        except forms.ValidationError:
            return None
