from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apps.core.http import form_errors_from
from apps.spaces.models import Process

from .. import services
from ..merge_forms import MergeForm


def process_from_url(request, slug, **kwargs):
    return get_object_or_404(Process, slug=slug)


def merge(request, slug):
    """Merge duplicates of a process into one proposal (new or existing)."""
    process = get_object_or_404(Process, slug=slug)
    form = MergeForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.proposal_merge(
                actor=request.user,
                process=process,
                proposals=form.cleaned_data["proposals"],
                target=form.cleaned_data["target"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form_errors_from(error, form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The proposals have been merged."))
            return redirect(target.get_absolute_url())
    return render(request, "proposals/merge.html", {"process": process, "form": form})
