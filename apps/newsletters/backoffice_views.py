"""Back-office: write a newsletter, preview it in every language, send it to oneself, then to its segment, and
follow the sending (an htmx-polled progress bar) and its delivery figures."""

from copy import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from apps.core.http import FAILED, render_form_page, run_service

from . import selectors, services
from .emails import preview_html
from .forms import NewsletterForm, TestSendForm
from .models import Newsletter

# The preview is the e-mail itself, whose styles are inline (mail clients ignore style sheets): it gets its own
# policy, with no script at all, and is shown in a sandboxed frame of our own pages.
PREVIEW_CSP = "default-src 'none'; img-src 'self' data: https: http:; style-src 'unsafe-inline'; frame-ancestors 'self'"


def newsletter_from_url(request, pk, **kwargs):
    return get_object_or_404(Newsletter.objects.select_related("process"), pk=pk)


def newsletter_list(request):
    newsletters = list(selectors.newsletters_for_staff(user=request.user))
    return render(request, "newsletters/backoffice/newsletter_list.html", {"newsletters": newsletters})


def _form_page(request, form, newsletter=None):
    return render_form_page(
        request, "newsletters/backoffice/newsletter_form.html", {"form": form, "newsletter": newsletter}, form
    )


def newsletter_create(request):
    form = NewsletterForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, image = form.service_data()
        newsletter = run_service(form, services.newsletter_save, actor=request.user, data=data, image=image)
        if newsletter is not FAILED:
            messages.success(request, _("The draft has been saved. Preview it and send it to yourself first."))
            return redirect("newsletters_backoffice:detail", pk=newsletter.pk)
    return _form_page(request, form)


def newsletter_edit(request, pk):
    newsletter = newsletter_from_url(request, pk)
    if not newsletter.is_draft:
        messages.error(request, _("A newsletter that is being sent or was sent cannot be changed."))
        return redirect("newsletters_backoffice:detail", pk=newsletter.pk)
    form = NewsletterForm(request.POST or None, request.FILES or None, instance=copy(newsletter), user=request.user)
    if request.method == "POST" and form.is_valid():
        data, image = form.service_data()
        saved = run_service(
            form, services.newsletter_save, actor=request.user, newsletter=newsletter, data=data, image=image
        )
        if saved is not FAILED:
            messages.success(request, _("The draft has been saved."))
            return redirect("newsletters_backoffice:detail", pk=newsletter.pk)
    return _form_page(request, form, newsletter)


def _language(request):
    language = request.GET.get("language") or request.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def newsletter_detail(request, pk):
    newsletter = newsletter_from_url(request, pk)
    context = {
        "newsletter": newsletter,
        "preview_language": _language(request),
        "preview_languages": settings.LANGUAGES,
        "figures": selectors.delivery_figures(newsletter=newsletter),
        "test_form": TestSendForm(initial={"language": request.user.language}),
    }
    if newsletter.is_draft:
        context["recipients"] = selectors.segment_size(newsletter=newsletter)
    return render(request, "newsletters/backoffice/newsletter_detail.html", context)


def newsletter_preview(request, pk, language):
    newsletter = newsletter_from_url(request, pk)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponse(preview_html(newsletter, language))
    response["Content-Security-Policy"] = PREVIEW_CSP
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def newsletter_test_send(request, pk):
    newsletter = newsletter_from_url(request, pk)
    form = TestSendForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else None
    try:
        services.newsletter_send_test(newsletter=newsletter, actor=request.user, language=language)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("A test has been sent to %(email)s.") % {"email": request.user.email})
    return redirect("newsletters_backoffice:detail", pk=newsletter.pk)


def newsletter_send(request, pk):
    """GET: the confirmation (how many people, which segment); POST: send."""
    newsletter = newsletter_from_url(request, pk)
    if not newsletter.is_draft:
        return redirect("newsletters_backoffice:detail", pk=newsletter.pk)
    error = None
    if request.method == "POST":
        try:
            services.newsletter_send(newsletter=newsletter, actor=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Sending has started."))
            return redirect("newsletters_backoffice:detail", pk=newsletter.pk)
    context = {"newsletter": newsletter, "recipients": selectors.segment_size(newsletter=newsletter), "error": error}
    return render(
        request, "newsletters/backoffice/newsletter_send.html", context, status=400 if error else 200
    )


def newsletter_stop(request, pk):
    """GET: the confirmation (how many are still waiting); POST: stop sending."""
    newsletter = newsletter_from_url(request, pk)
    if newsletter.status != Newsletter.Status.SENDING:
        return redirect("newsletters_backoffice:detail", pk=newsletter.pk)
    if request.method == "POST":
        try:
            newsletter, left_out = services.newsletter_stop(newsletter=newsletter, actor=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "Sending has stopped: %(count)s person will not receive it.",
                    "Sending has stopped: %(count)s people will not receive it.",
                    left_out,
                )
                % {"count": left_out},
            )
        return redirect("newsletters_backoffice:detail", pk=newsletter.pk)
    context = {"newsletter": newsletter, "figures": selectors.delivery_figures(newsletter=newsletter)}
    return render(request, "newsletters/backoffice/newsletter_stop.html", context)


def newsletter_progress(request, pk):
    """The progress bar and the figures, polled by htmx while the newsletter is being sent."""
    newsletter = newsletter_from_url(request, pk)
    figures = selectors.delivery_figures(newsletter=newsletter)
    return render(
        request, "newsletters/backoffice/partials/_progress.html", {"newsletter": newsletter, "figures": figures}
    )
