"""Moderation screens: the report form (participants), the queue and the decisions (back-office), blocks.

Each view is guarded by its named rule in urls.py (PERMISSIONS); the services ask the same rules again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.core import content
from apps.core.content import Capability
from apps.core.http import safe_next
from apps.core.pagination import CappedPaginator
from apps.spaces.models import Process

from . import selectors, services
from .forms import BlockForm, JustificationForm, ReportForm
from .models import ModeratedItem

PAGE_SIZE = 50


def _errors(error):
    return " ".join(getattr(error, "messages", [str(error)]))


# --- objects the rules are asked about (urls.py) ---------------------------------------------------------


def report_target(request, content_type_id, object_id):
    return content.get_or_404(content_type_id=content_type_id, object_id=object_id, capability=Capability.REPORTABLE)


def queue_process(request, process_pk, **kwargs):
    return get_object_or_404(Process, pk=process_pk)


def the_item(request, pk):
    return get_object_or_404(ModeratedItem.objects.select_related("process"), pk=pk)


def the_user(request, user_pk):
    return get_object_or_404(User, pk=user_pk, deleted_at__isnull=True)


# --- participants ----------------------------------------------------------------------------------------


def report(request, content_type_id, object_id):
    target = report_target(request, content_type_id, object_id)
    entry = content.content_for(target)
    back = safe_next(request, entry.url_of(target))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                user=request.user, target=target, reason=form.cleaned_data["reason"], text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the moderators will look at your report."))
            return redirect(back)
    context = {"form": form, "target_title": entry.title_of(target), "back": back}
    return render(request, "moderation/report_form.html", context, status=400 if form.errors else 200)


# --- back-office -----------------------------------------------------------------------------------------


def _queue_page(request, *, process):
    status = request.GET.get("status")
    if status not in ModeratedItem.Status.values:
        status = ModeratedItem.Status.PENDING
    page_obj = CappedPaginator(
        selectors.queue(process=process, status=status), PAGE_SIZE, page=request.GET.get("page")
    ).get_page()
    counts = selectors.status_counts(process=process)
    return render(
        request,
        "moderation/queue.html",
        {
            "process": process,
            "status": status,
            "tabs": [(value, label, *counts[value]) for value, label in ModeratedItem.Status.choices],
            "page_obj": page_obj,
            "items": selectors.decorate(page_obj.object_list),
        },
    )


def queue(request, process_pk):
    return _queue_page(request, process=queue_process(request, process_pk))


def participant_queue(request):
    return _queue_page(request, process=None)


def item_detail(request, pk):
    item = selectors.item_detail(pk=pk)
    return render(
        request,
        "moderation/item_detail.html",
        {"item": item, "form": JustificationForm(initial={"justification": item.justification})},
    )


def _act(request, pk, action):
    item = the_item(request, pk)
    try:
        action(item)
    except ValidationError as error:
        messages.error(request, _errors(error))
    except PermissionDenied as error:
        raise error
    return redirect("moderation:item", pk=item.pk)


@require_POST
def item_hide(request, pk):
    form = JustificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this is hidden: its author will read it."))
        return redirect("moderation:item", pk=pk)

    def hide(item):
        services.item_hide(actor=request.user, item=item, justification=form.cleaned_data["justification"])
        messages.success(request, _("Hidden. Its author can read your justification."))

    return _act(request, pk, hide)


@require_POST
def item_unhide(request, pk):
    def unhide(item):
        services.item_unhide(actor=request.user, item=item)
        messages.success(request, _("The content is visible again."))

    return _act(request, pk, unhide)


@require_POST
def item_dismiss(request, pk):
    def dismiss(item):
        services.item_dismiss(actor=request.user, item=item)
        messages.success(request, _("The reports have been dismissed."))

    return _act(request, pk, dismiss)


def user_block(request, user_pk):
    participant = the_user(request, user_pk)
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_block(
                actor=request.user,
                user=participant,
                reason=form.cleaned_data["reason"],
                hide_content=form.cleaned_data["hide_content"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is blocked.") % {"name": participant.public_name})
            return redirect("moderation:blocked")
    return render(
        request,
        "moderation/block_form.html",
        {"participant": participant, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def user_unblock(request, user_pk):
    participant = the_user(request, user_pk)
    try:
        services.user_unblock(actor=request.user, user=participant)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The block on %(name)s has been lifted.") % {"name": participant.public_name})
    return redirect("moderation:blocked")


def blocked(request):
    paginator = Paginator(selectors.blocked_users(), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "moderation/blocked_list.html", {"page_obj": page_obj, "users": page_obj.object_list})
