from django import forms
from django.utils.translation import gettext_lazy as _

from .abuse import HoneypotFormMixin


class ContactForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("Your e-mail address"))
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
