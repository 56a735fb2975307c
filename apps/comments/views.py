"""Comment views: htmx-friendly, and every action also works as a plain form post without JavaScript.

htmx requests get partials (swapped in place); plain requests get a redirect back to the target's page at
"#comment-<pk>" with a message, or a dedicated page (comment_form.html) showing the form with its errors.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.selectors import NICKNAME_SEARCH_MIN, nickname_search
from apps.core import ratelimit
from apps.core.http import form_errors_from, is_htmx
from apps.core.permissions import refusal_reason

from . import selectors, services, targets
from .forms import CommentEditForm, CommentForm
from .models import Comment


def _comment_and_target(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("author", "process__comment_settings"), pk=pk)
    target = targets.get_target_or_404(
        content_type_id=comment.content_type_id, object_id=comment.object_id, user=request.user
    )
    return comment, target


def _anchor(target, comment=None):
    return f"{targets.target_url(target)}#{f'comment-{comment.pk}' if comment else 'comments'}"


def _can_comment(user, target):
    return refusal_reason("comments.add_comment", user, target) is None


def _refused(request, reason, back_url):
    if not request.user.is_authenticated:
        return redirect_to_login(back_url)
    if is_htmx(request):
        return HttpResponse(reason, status=403)
    messages.error(request, reason)
    return redirect(back_url)


def _form_page(request, *, form, target, comment=None, parent=None):
    action = reverse("comments:edit", kwargs={"pk": comment.pk}) if comment else targets.create_url(target)
    return render(
        request,
        "comments/comment_form.html",
        {
            "form": form,
            "target": target,
            "target_title": targets.title_for(target),
            "target_url": targets.target_url(target),
            "comment": comment,
            "parent": parent,
            "action": action,
        },
    )


def _main_partial(request, comment, target):
    comment = selectors.comment_for_display(
        pk=comment.pk, user=request.user, can_comment=_can_comment(request.user, target)
    )
    return render(request, "comments/partials/_comment_main.html", {"comment": comment})


@require_GET
def thread(request, content_type_id, object_id):
    """The standalone thread page (pagination and order links); htmx gets just the list."""
    target = targets.get_target_or_404(content_type_id=content_type_id, object_id=object_id, user=request.user)
    comments = selectors.thread_context(
        target=target,
        user=request.user,
        page=request.GET.get("page", 1),
        request=request,
        order=request.GET.get("order", selectors.DEFAULT_ORDER),
    )
    if is_htmx(request):
        return render(request, "comments/partials/_list.html", {"comments": comments})
    return render(request, "comments/comment_thread.html", {"comments": comments})


@require_http_methods(["GET", "POST"])
def comment_create(request, content_type_id, object_id):
    """A new comment or reply: the form page (GET, no-JS replies) and its POST (plain or htmx)."""
    target = targets.get_target_or_404(content_type_id=content_type_id, object_id=object_id, user=request.user)
    back_url = _anchor(target)
    reason = refusal_reason("comments.add_comment", request.user, target)
    if reason:
        return _refused(request, reason, back_url)
    process = targets.process_for(target)
    if request.method == "GET":
        return _reply_page(request, target=target, process=process)
    form = CommentForm(request.POST, process=process, target=target)
    if form.is_valid():
        if form.caught_by_honeypot:
            # A bot filled the honeypot: pretend success, store nothing.
            messages.success(request, _("Your comment has been published."))
            return redirect(back_url)
        data = form.cleaned_data
        try:
            comment = services.comment_create(
                user=request.user, target=target, body=data["body"], opinion=data["opinion"], parent=data["parent"]
            )
        except PermissionDenied as denied:
            return _refused(request, str(denied), back_url)
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            return _created(request, comment=comment, target=target, process=process)
    return _invalid_post(request, form=form, target=target, process=process)


def _reply_page(request, *, target, process):
    """The form page without JavaScript; `?parent=<id>` makes it a reply to that comment of the thread."""
    parent_id = request.GET.get("parent")
    form = CommentForm(process=process, target=target, initial={"parent": parent_id})
    parent = form.initial_parent(parent_id)
    if parent_id and parent is None:
        raise Http404  # a reply link to a comment that is not in this thread
    return _form_page(request, form=form, target=target, parent=parent)


def _created(request, *, comment, target, process):
    if is_htmx(request):
        return _created_partial(request, comment=comment, target=target, process=process)
    messages.success(request, _("Your comment has been published."))
    return redirect(_anchor(target, comment))


def _invalid_post(request, *, form, target, process):
    """The posted form again, with its errors and what was typed: in place (htmx) or on the form page."""
    parent = form.cleaned_data.get("parent")
    if is_htmx(request):
        context = {**selectors.form_settings(target=target, process=process), "form": form}
        if parent is not None:
            return render(request, "comments/partials/_reply_form.html", {**context, "comment": parent})
        return render(request, "comments/partials/_form.html", context)
    return _form_page(request, form=form, target=target, parent=parent)


def _created_partial(request, *, comment, target, process):
    """The fresh form in place of the posted one, plus the new comment inserted out of band."""
    comment = selectors.comment_for_display(pk=comment.pk, user=request.user, can_comment=True)
    context = {
        **selectors.form_settings(target=target, process=process),
        "new_comment": comment,
        "created": True,
        "total_count": selectors.total_comment_count(target=target),
    }
    if comment.parent_id:
        parent = Comment.objects.get(pk=comment.parent_id)
        return render(request, "comments/partials/_created_reply.html", {**context, "comment": parent})
    return render(request, "comments/partials/_created.html", context)


@require_GET
def comment_detail(request, pk):
    """Permalink: redirects to the comment on its target's page; htmx gets the comment's main part."""
    comment, target = _comment_and_target(request, pk)
    if is_htmx(request):
        return _main_partial(request, comment, target)
    return redirect(_anchor(target, comment))


@require_GET
def comment_replies(request, pk):
    comment, target = _comment_and_target(request, pk)
    context = selectors.replies_context(
        parent=comment, target=target, user=request.user, page=request.GET.get("page", 1)
    )
    if is_htmx(request):
        return render(request, "comments/partials/_replies.html", context)
    context["parent"] = selectors.comment_for_display(
        pk=comment.pk, user=request.user, can_comment=context["can_comment"]
    )
    return render(request, "comments/comment_replies.html", context)


@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    comment, target = _comment_and_target(request, pk)
    back_url = _anchor(target, comment)
    reason = refusal_reason("comments.change_comment", request.user, comment)
    if reason:
        return _refused(request, reason, back_url)
    form = CommentEditForm(
        request.POST or None, process=comment.process, initial={"body": comment.body, "opinion": comment.opinion}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                user=request.user,
                comment=comment,
                body=form.cleaned_data["body"],
                opinion=form.cleaned_data["opinion"],
            )
        except PermissionDenied as denied:
            return _refused(request, str(denied), back_url)
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            if is_htmx(request):
                return _main_partial(request, comment, target)
            messages.success(request, _("Your comment has been updated."))
            return redirect(back_url)
    if is_htmx(request):
        context = {**selectors.form_settings(target=target, process=comment.process), "form": form}
        return render(request, "comments/partials/_edit_form.html", {**context, "comment": comment})
    return _form_page(request, form=form, target=target, comment=comment)


@require_POST
def comment_delete(request, pk):
    comment, target = _comment_and_target(request, pk)
    back_url = _anchor(target, comment)
    try:
        services.comment_delete(user=request.user, comment=comment)
    except PermissionDenied as denied:
        return _refused(request, str(denied), back_url)
    if is_htmx(request):
        return _main_partial(request, comment, target)
    messages.success(request, _("Your comment has been deleted."))
    return redirect(back_url)


@require_POST
def comment_vote(request, pk):
    comment, target = _comment_and_target(request, pk)
    back_url = _anchor(target, comment)
    try:
        services.comment_vote(user=request.user, comment=comment, value=request.POST.get("value"))
    except PermissionDenied as denied:
        return _refused(request, str(denied), back_url)
    except ValidationError as error:
        if is_htmx(request):
            return HttpResponse(" ".join(error.messages), status=400)
        messages.error(request, " ".join(error.messages))
        return redirect(back_url)
    if is_htmx(request):
        comment = selectors.comment_for_display(pk=comment.pk, user=request.user)
        return render(request, "comments/partials/_votes.html", {"comment": comment})
    messages.success(request, _("Your vote has been recorded."))
    return redirect(back_url)


# The @nickname being typed at the end of the text (the suggestions complete it).
TYPED_MENTION = re.compile(r"(?:^|[^\w@/.])@([A-Za-z0-9_]{1,30})$")


@require_GET
def mention_suggestions(request):
    """htmx: the nicknames that complete the @mention being typed at the end of `body` (or `q`), at least two
    characters, for signed-in participants only, rate-limited. Plain requests get the same list."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    typed = "@" + request.GET["q"].lstrip("@") if "q" in request.GET else request.GET.get("body", "")
    match = TYPED_MENTION.search(typed[-100:])
    prefix = match.group(1) if match else ""
    nicknames = []
    if len(prefix) >= NICKNAME_SEARCH_MIN:
        if not ratelimit.hit(key=f"mentions:{request.user.pk}", rate=settings.MENTION_SEARCH_RATE_LIMIT):
            return HttpResponse(status=429)
        nicknames = nickname_search(prefix=prefix)
    return render(request, "comments/partials/_mention_suggestions.html", {"nicknames": nicknames, "prefix": prefix})
