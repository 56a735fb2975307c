"""Small request/response helpers shared by the views: safe `next` URLs, htmx detection, form errors, running a
service for a form.

htmx detection is django-htmx's `request.htmx` (HtmxMiddleware); `is_htmx` is kept for code that may get a
request without the middleware (e.g. RequestFactory in tests).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def is_htmx(request):
    htmx = getattr(request, "htmx", None)
    if htmx is not None:
        return bool(htmx)
    return request.headers.get("HX-Request") == "true"


def _is_safe(request, target):
    # Only a path on this site ("/fr/...") or an absolute URL to this host; never a bare word such as "maybe",
    # which Django's redirect() would try to reverse as a URL name (a 500 after the action was done).
    if not target.startswith(("/", "http://", "https://")):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, default="", *, use_current_url=False):
    """The `next` URL posted or given in the query string when it is safe, else `default`.

    `default` is trusted (a URL, a path or a URL name, resolved with resolve_url); `next` is never resolved.
    With `use_current_url`, an htmx request without `next` goes back to the page it was sent from.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target and use_current_url and is_htmx(request):
        target = request.headers.get("HX-Current-URL", "")
    if _is_safe(request, target):
        return target
    return resolve_url(default) if default else ""


FAILED = object()


def run_service(form, service, **kwargs):
    """Call a service for a form's view; its refusals go onto the form (next to their fields). Its result, or
    FAILED."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        form_errors_from(error, form)
    except PermissionDenied as error:
        form.add_error(None, str(error))
    return FAILED


def render_form_page(request, template, context, form):
    """A page with a form: 400 when the bound form was refused, so tests and tools see the refusal."""
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


def form_errors_from(error, form):
    """Copy a service's ValidationError into `form`: next to its field when the form shows it, else on top."""

    def field_for(name):
        field = form.fields.get(name)
        return name if field is not None and not field.widget.is_hidden else None

    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field_for(name), message)
    else:
        for message in error.error_list:
            form.add_error(None, message)
    return form
