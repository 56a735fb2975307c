from functools import wraps
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import EmptyResultSet, FullResultSet, PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .http import safe_next
from .pagecache import bump_site
from .permissions import is_allowed


class SafeChangeList(ChangeList):
    """A changelist whose lookups are turned into SQL while Django can still answer "incorrect lookup" (?e=1).

    Django builds dates from the date hierarchy's and the filters' years with `datetime(int(year), ...)`; a huge
    year (`?start_date__year=99999999999999999999`) raises OverflowError, which Django does not catch: a 500."""

    def get_queryset(self, request, exclude_parameters=None):
        try:
            queryset = super().get_queryset(request, exclude_parameters)
            queryset.query.get_compiler(using=queryset.db).as_sql()
        except (EmptyResultSet, FullResultSet):
            pass  # a query that matches nothing, or everything, is still a good query
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error
        return queryset


class SafeChangeListMixin:
    def get_changelist(self, request, **kwargs):
        return SafeChangeList


class PBAdminSite(admin.AdminSite):
    site_header = gettext_lazy("pbplatform back-office")
    site_title = gettext_lazy("pbplatform back-office")
    index_title = gettext_lazy("Participatory processes")

    def has_permission(self, request):
        # Asked by name: the back-office app defines who enters (site staff, and process administrators
        # without Django's staff flag), so the kernel names no domain app.
        return is_allowed("backoffice.enter_admin", request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model admin gets the changelist that refuses unusable lookups without a 500.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SafeChangeListMixin):
            admin_class = type(
                admin_class.__name__, (SafeChangeListMixin, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def wrapper(request, *args, **kwargs):
            response = inner(request, *args, **kwargs)
            if request.method == "POST" and response.status_code in (301, 302, 303):
                # A save went through (processes, phases, pages, categories, official proposals...): what public
                # pages show may have changed anywhere, so the anonymous pages' cache starts afresh.
                bump_site()
            return response

        return wrapper

    def login(self, request, extra_context=None):
        """Everyone logs in through allauth's form, which carries the brute-force limits (per account and
        per client address); Django's own admin form has none, so it is never shown."""
        next_url = safe_next(request, reverse("admin:index", current_app=self.name))
        if request.user.is_authenticated:
            if self.has_permission(request):
                # A URL, never resolved as a URL name ("?next=maybe" would raise NoReverseMatch).
                return HttpResponseRedirect(next_url)
            # Sending a signed-in person to the log-in page would bounce back here.
            raise PermissionDenied(_("Your account does not have access to the back-office."))
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
