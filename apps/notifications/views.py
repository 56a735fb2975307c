from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core import content
from apps.core.content import Capability
from apps.core.http import is_htmx, safe_next
from apps.core.permissions import ensure_allowed

from . import selectors, services
from .models import Notification

PAGE_SIZE = 20


@login_required
@require_GET
def notification_list(request):
    page = Paginator(selectors.notification_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page_obj": page, "notifications": page})


@login_required
@require_http_methods(["GET", "POST"])
def notification_open(request, pk):
    """Go to a notification's target (in the current language); the list's link POSTs, which marks it read.

    A GET (an old bookmark, a middle click) only redirects: state changes only on POST.
    """
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if request.method == "POST":
        services.notification_mark_read(notification=notification)
    if not notification.url:
        return redirect("notifications:list")
    return redirect(translate_url(notification.url, get_language()))


@login_required
@require_POST
def notification_mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification)
    return redirect(safe_next(request, reverse("notifications:list")))


@login_required
@require_POST
def notification_mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect(safe_next(request, reverse("notifications:list")))


def _posted_target(request):
    """The followable content named by the form (404 for anything else); visibility is asked by the caller."""
    return content.get_or_404(
        content_type_id=request.POST.get("content_type", ""),
        object_id=request.POST.get("object_id", ""),
        capability=Capability.FOLLOWABLE,
    )


def _follow_response(request, target, following, message):
    if is_htmx(request):
        return render(
            request,
            "notifications/partials/_follow_button.html",
            {"target": target, "is_following": following},
        )
    messages.success(request, message)
    return redirect(safe_next(request, target.get_absolute_url()))


@require_POST
def follow(request):
    if not request.user.is_authenticated:
        return redirect_to_login(safe_next(request, "/"), reverse("account_login"))
    target = _posted_target(request)
    ensure_allowed("notifications.follow_target", user=request.user, obj=target)
    services.follow_add(user=request.user, target=target)
    return _follow_response(
        request, target, True, _("You now follow “%(title)s”: you will be notified of its news.") % {"title": target}
    )


@require_POST
def unfollow(request):
    if not request.user.is_authenticated:
        return redirect_to_login(safe_next(request, "/"), reverse("account_login"))
    target = _posted_target(request)
    # Ask the target's view rule first: the response names the target, so nothing is said of what one may not see.
    if not content.is_visible(request.user, target):
        raise Http404
    services.follow_remove(user=request.user, target=target)
    return _follow_response(request, target, False, _("You no longer follow “%(title)s”.") % {"title": target})
