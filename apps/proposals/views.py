import secrets
from urllib.parse import quote

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt

from apps.core import ratelimit
from apps.core.permissions import refusal_reason
from apps.spaces.views import visible_process_or_404

from . import selectors, services
from .attachments import attachment_add, attachment_remove
from .filters import ProposalFilterSet
from .forms import ConfirmForm, DetailsForm, IdeaForm, ProposalEditForm, initial_from
from .models import Proposal, ProposalAttachment, proposal_settings_for

PAGE_SIZE = 20
WIZARD_STEPS = (
    (1, gettext_lazy("Your idea")),
    (2, gettext_lazy("Similar proposals")),
    (3, gettext_lazy("Details")),
    (4, gettext_lazy("Preview and publish")),
)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _visible_proposal(request, process, pk):
    try:
        proposal = selectors.proposal_detail(process=process, pk=pk, user=request.user)
    except Proposal.DoesNotExist as missing:
        raise Http404 from missing
    if refusal_reason("proposals.view_proposal", request.user, proposal):
        raise Http404
    return proposal


def _ensure(perm, user, obj):
    reason = refusal_reason(perm, user, obj)
    if reason:
        raise PermissionDenied(reason)


ORDER_COOKIE = "pb_order"
ORDER_COOKIE_SALT = "proposals.order"


def _visitor_key(request):
    """(key, is_new) identifying an anonymous visitor for the random order.

    Kept in a signed cookie rather than a session: a crawler without cookies would otherwise add one
    session row per visit.
    """
    key = request.get_signed_cookie(ORDER_COOKIE, default=None, salt=ORDER_COOKIE_SALT, max_age=2 * 24 * 3600)
    if key:
        return key, False
    return secrets.token_urlsafe(12), True


def _remember_visitor_key(response, key):
    response.set_signed_cookie(
        ORDER_COOKIE,
        key,
        salt=ORDER_COOKIE_SALT,
        max_age=2 * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# --- list, detail, embed ----------------------------------------------------------------------------------------


def proposal_list(request, slug):
    process = visible_process_or_404(request, slug)
    filterset = ProposalFilterSet(
        request.GET or None,
        queryset=selectors.proposal_list_base(process=process, user=request.user),
        process=process,
        user=request.user,
    )
    sort = request.GET.get("order")
    if sort not in selectors.Sort.values:
        sort = selectors.Sort.RANDOM
    view_mode = "map" if request.GET.get("view") == "map" else "list"
    visitor_key, new_visitor = None, False
    context = {
        "process": process,
        "filter": filterset,
        "sort": sort,
        "sort_choices": selectors.Sort.choices,
        "view_mode": view_mode,
        "drafts": list(selectors.drafts_of(user=request.user, process=process)[:5]),
    }
    if view_mode == "map":
        points = selectors.map_points(filterset.qs)
        for point in points:
            point["url"] = reverse("proposals:detail", kwargs={"slug": process.slug, "pk": point["id"]})
        context["map_points"] = points
    else:
        seed = 0
        if sort == selectors.Sort.RANDOM:
            if not request.user.is_authenticated:
                visitor_key, new_visitor = _visitor_key(request)
            seed = selectors.visitor_seed(user=request.user, visitor_key=visitor_key)
        paginator = Paginator(selectors.order_proposals(filterset.qs, sort=sort, seed=seed), PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        proposals = list(page_obj.object_list)
        for proposal in proposals:
            proposal.process = process
        context.update(
            {
                "page_obj": page_obj,
                "proposals": proposals,
                "paginator": paginator,
                "page_range": list(paginator.get_elided_page_range(page_obj.number)),
            }
        )
    response = render(request, "proposals/proposal_list.html", context)
    if new_visitor:
        _remember_visitor_key(response, visitor_key)
    return response


def _share_links(url, title):
    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        ("email", _("E-mail"), f"mailto:?subject={t}&body={u}"),
        ("x", "X (Twitter)", f"https://twitter.com/intent/tweet?url={u}&text={t}"),
        ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("linkedin", "LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ("whatsapp", "WhatsApp", f"https://wa.me/?text={t}%20{u}"),
    ]


def proposal_detail(request, slug, pk):
    process = visible_process_or_404(request, slug)
    proposal = _visible_proposal(request, process, pk)
    if proposal.status == Proposal.Status.DRAFT:
        return redirect("proposals:wizard", slug=process.slug, pk=proposal.pk, step=proposal.wizard_step)
    absolute_url = request.build_absolute_uri(proposal.get_absolute_url())
    embed_url = request.build_absolute_uri(reverse("proposals:embed", kwargs={"slug": process.slug, "pk": pk}))
    context = {
        "process": process,
        "proposal": proposal,
        "attachments": proposal.attachment_list,
        "images": [a for a in proposal.attachment_list if a.is_image],
        "documents": [a for a in proposal.attachment_list if not a.is_image],
        "absolute_url": absolute_url,
        "share_links": _share_links(absolute_url, proposal.title),
        "embed_snippet": f'<iframe src="{embed_url}" width="400" height="320" loading="lazy" '
        f'title="{escape(proposal.title)}"></iframe>',
        "map_point": (
            {"lat": float(proposal.latitude), "lng": float(proposal.longitude), "title": proposal.title}
            if proposal.is_geolocated
            else None
        ),
        "target": proposal,
    }
    return render(request, "proposals/proposal_detail.html", context)


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def proposal_embed(request, slug, pk):
    process = visible_process_or_404(request, slug)
    proposal = _visible_proposal(request, process, pk)
    if proposal.status == Proposal.Status.DRAFT:
        raise Http404
    return render(request, "proposals/proposal_embed.html", {"process": process, "proposal": proposal})


# --- the creation wizard ---------------------------------------------------------------------------------------


def _wizard_context(process, proposal, step, **extra):
    return {
        "process": process,
        "proposal_settings": proposal_settings_for(process),
        "proposal": proposal,
        "step": step,
        "steps": WIZARD_STEPS,
        **extra,
    }


@login_required
def proposal_create(request, slug):
    """Step 1 for a new proposal; saves a draft and moves on."""
    process = visible_process_or_404(request, slug)
    _ensure("proposals.add_proposal", request.user, process)
    form = IdeaForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            # A bot filled the honeypot: pretend all went well, save nothing.
            messages.success(request, _("Your draft has been saved."))
            return redirect(process.get_absolute_url())
        rate = settings.PROPOSAL_CREATE_RATE_LIMIT
        if not ratelimit.hit(key=f"proposals:create:{request.user.pk}", rate=rate):
            form.add_error(None, _("You have started many proposals in a short time. Please try again later."))
        else:
            try:
                proposal = services.proposal_draft_create(process=process, author=request.user, data=form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your draft has been saved. You can come back to it at any time."))
                return redirect("proposals:wizard", slug=process.slug, pk=proposal.pk, step=2)
    drafts = list(selectors.drafts_of(user=request.user, process=process))
    return render(
        request, "proposals/proposal_wizard_idea.html", _wizard_context(process, None, 1, form=form, drafts=drafts)
    )


def _remove_attachment(request, proposal):
    attachment = get_object_or_404(ProposalAttachment, pk=request.POST.get("attachment"), proposal=proposal)
    try:
        attachment_remove(attachment=attachment, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The file has been removed."))


def _upload_attachment(request, form, proposal):
    uploaded = form.cleaned_data.get("attachment")
    if not uploaded:
        return False
    try:
        attachment_add(
            proposal=proposal, uploaded_file=uploaded, user=request.user, title=form.cleaned_data["attachment_title"]
        )
    except ValidationError as error:
        form.add_error("attachment", error.messages)
    except PermissionDenied as error:
        form.add_error("attachment", str(error))
    return True


@login_required
def proposal_wizard(request, slug, pk, step):
    process = visible_process_or_404(request, slug)
    proposal = get_object_or_404(
        Proposal.objects.select_related("category__parent", "theme"),
        pk=pk,
        process=process,
        author=request.user,
        status=Proposal.Status.DRAFT,
    )
    proposal.process = process
    if step < 1 or step > proposal.wizard_step:
        return redirect("proposals:wizard", slug=process.slug, pk=proposal.pk, step=proposal.wizard_step)
    handler = {1: _step_idea, 2: _step_similar, 3: _step_details, 4: _step_preview}[step]
    return handler(request, process, proposal)


def _next(process, proposal, step):
    return redirect("proposals:wizard", slug=process.slug, pk=proposal.pk, step=step)


def _step_idea(request, process, proposal):
    form = IdeaForm(request.POST or None, process=process, initial=initial_from(proposal))
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_draft_update(proposal=proposal, user=request.user, data=form.cleaned_data, step=1)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _next(process, proposal, 2)
    return render(request, "proposals/proposal_wizard_idea.html", _wizard_context(process, proposal, 1, form=form))


def _step_similar(request, process, proposal):
    if request.method == "POST":
        services.proposal_draft_update(proposal=proposal, user=request.user, data={}, step=2)
        return _next(process, proposal, 3)
    similar = selectors.similar_proposals(proposal=proposal, user=request.user)
    for item in similar:
        item.process = process
    return render(
        request, "proposals/proposal_wizard_similar.html", _wizard_context(process, proposal, 2, similar=similar)
    )


def _step_details(request, process, proposal):
    action = request.POST.get("action", "next")
    if request.method == "POST" and action == "remove":
        _remove_attachment(request, proposal)
        return _next(process, proposal, 3)
    form = DetailsForm(
        request.POST or None, request.FILES or None, process=process, proposal=proposal, initial=initial_from(proposal)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_draft_update(proposal=proposal, user=request.user, data=form.cleaned_data, step=3)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            uploaded = _upload_attachment(request, form, proposal)
            if not form.errors:
                if uploaded:
                    messages.success(request, _("The file has been added."))
                if action == "upload":
                    return _next(process, proposal, 3)
                return _next(process, proposal, 4)
    return render(
        request,
        "proposals/proposal_wizard_details.html",
        _wizard_context(process, proposal, 3, form=form, attachments=list(proposal.attachments.all())),
    )


def _step_preview(request, process, proposal):
    refusal = refusal_reason("proposals.add_proposal", request.user, process)
    if request.method == "POST" and not refusal:
        try:
            proposal = services.proposal_publish(proposal=proposal, user=request.user)
        except PermissionDenied as error:
            refusal = str(error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _next(process, proposal, 3)
        else:
            message = _("Your proposal has been published. Its reference is %(reference)s.")
            messages.success(request, message % {"reference": proposal.reference})
            return redirect(proposal.get_absolute_url())
    attachments = list(proposal.attachments.all())
    return render(
        request,
        "proposals/proposal_wizard_preview.html",
        _wizard_context(
            process,
            proposal,
            4,
            refusal=refusal,
            images=[a for a in attachments if a.is_image],
            documents=[a for a in attachments if not a.is_image],
        ),
    )


# --- edit, withdraw, delete ------------------------------------------------------------------------------------


@login_required
def proposal_edit(request, slug, pk):
    process = visible_process_or_404(request, slug)
    proposal = _visible_proposal(request, process, pk)
    if proposal.status == Proposal.Status.DRAFT:
        return redirect("proposals:wizard", slug=process.slug, pk=proposal.pk, step=1)
    _ensure("proposals.change_proposal", request.user, proposal)
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "remove":
        _remove_attachment(request, proposal)
        return redirect("proposals:edit", slug=process.slug, pk=proposal.pk)
    form = ProposalEditForm(
        request.POST or None, request.FILES or None, process=process, proposal=proposal, initial=initial_from(proposal)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            uploaded = _upload_attachment(request, form, proposal)
            if not form.errors:
                if action == "upload" and uploaded:
                    messages.success(request, _("The file has been added."))
                    return redirect("proposals:edit", slug=process.slug, pk=proposal.pk)
                messages.success(request, _("Your proposal has been updated."))
                return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/proposal_edit.html",
        {"process": process, "proposal": proposal, "form": form, "attachments": proposal.attachment_list},
    )


def _confirmed_action(request, slug, pk, *, perm, service, done_message, template, next_url):
    """GET shows a confirmation page; a confirmed POST runs the service and redirects with a message."""
    process = visible_process_or_404(request, slug)
    proposal = _visible_proposal(request, process, pk)
    _ensure(perm, request.user, proposal)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service(proposal=proposal, user=request.user)
        messages.success(request, done_message)
        return redirect(next_url(process, proposal))
    return render(request, template, {"process": process, "proposal": proposal, "form": form})


@login_required
def proposal_withdraw(request, slug, pk):
    return _confirmed_action(
        request,
        slug,
        pk,
        perm="proposals.withdraw_proposal",
        service=services.proposal_withdraw,
        done_message=_("Your proposal has been withdrawn. It stays visible, marked “Withdrawn”."),
        template="proposals/proposal_confirm_withdraw.html",
        next_url=lambda process, proposal: proposal.get_absolute_url(),
    )


@login_required
def proposal_delete(request, slug, pk):
    return _confirmed_action(
        request,
        slug,
        pk,
        perm="proposals.delete_proposal",
        service=services.proposal_delete_draft,
        done_message=_("Your draft has been deleted."),
        template="proposals/proposal_confirm_delete.html",
        next_url=lambda process, proposal: process.get_absolute_url(),
    )

