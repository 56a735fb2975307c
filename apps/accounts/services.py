import json
import secrets
import shutil
import tempfile
import zipfile

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.abuse import ensure_within_rate
from apps.core.pagecache import bump_site
from apps.core.personal_data import erasers, exporters, file_exporters
from apps.core.services import audit_record
from apps.spaces.selectors import current_terms_version

from .models import Demographics, User
from .preferences import preferences
from .selectors import demographics_of

DEMOGRAPHIC_FIELDS = ("gender", "birth_year", "socio_professional_category")  # on Demographics; postal_code on User
PROFILE_FIELDS = ("display_name", "nickname", "language")


@transaction.atomic
def user_accept_terms(*, user):
    user.terms_version = current_terms_version()
    user.terms_accepted_at = timezone.now()
    user.save(update_fields=["terms_version", "terms_accepted_at"])
    audit_record(actor=user, action="accounts.accept_terms", target=user, data={"version": user.terms_version})
    return user


@transaction.atomic
def user_update_profile(*, user, data):
    shown = (user.display_name, user.nickname)  # what public pages show of them (their name, their profile's link)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    user.full_clean(exclude=["password"])
    user.save(update_fields=[f for f in PROFILE_FIELDS if f in data])
    for name, preference in preferences().items():
        if name in data:
            preference.save(user=user, value=data[name])  # the owning app's service
    audit_record(actor=user, action="accounts.update_profile", target=user)
    if (user.display_name, user.nickname) != shown:
        # The public name on every cached page (apps/core/pagecache.py); a language or a notification preference
        # shows on none, so saving them does not start every page afresh.
        bump_site()
    return user


@transaction.atomic
def user_set_language(*, user, language):
    """The preferred language, from the language switch. Nothing is written when it is already that one."""
    if user.language == language:
        return user
    previous, user.language = user.language, language
    # Only this field: an older account with another field now invalid must still switch (not a 500 on the navbar).
    user.clean_fields(exclude=[field.name for field in user._meta.concrete_fields if field.name != "language"])
    user.save(update_fields=["language"])
    audit_record(actor=user, action="accounts.set_language", target=user, data={"from": previous, "to": language})
    return user


@transaction.atomic
def user_update_demographics(*, user, data):
    """Save the optional answers given in `data` (gender, birth_year, socio_professional_category, postal_code)."""
    demographics = Demographics.objects.select_for_update().filter(user=user).first() or Demographics(user=user)
    for field in DEMOGRAPHIC_FIELDS:
        if field in data:
            value = data[field]
            setattr(demographics, field, value if value is not None else (None if field == "birth_year" else ""))
    demographics.full_clean(validate_unique=False)  # one row per user: found above, or created here
    demographics.save()
    if "postal_code" in data:
        user.postal_code = data["postal_code"] or ""
        user.full_clean(exclude=["password"])
        user.save(update_fields=["postal_code"])
    audit_record(actor=user, action="accounts.update_demographics", target=user)
    return user


def _erase_demographics(user):
    Demographics.objects.filter(user=user).delete()
    user._state.fields_cache.pop("demographics", None)  # the caller's user must not keep showing the deleted row
    user.postal_code = ""


@transaction.atomic
def user_erase_demographics(*, user):
    _erase_demographics(user)
    user.save(update_fields=["postal_code"])
    audit_record(actor=user, action="accounts.erase_demographics", target=user)
    return user


def _demographics_export(user):
    demographics = demographics_of(user=user)
    return {
        "gender": demographics.gender,
        "birth_year": demographics.birth_year,
        "postal_code": user.postal_code,
        "socio_professional_category": demographics.socio_professional_category,
    }


def user_export_data(*, user):
    """Everything the user has given us, as a JSON-serialisable dict."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "nickname": user.nickname,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            **{name: preference.value_of(user) for name, preference in sorted(preferences().items())},
            "terms_version": user.terms_version,
            "terms_accepted_at": user.terms_accepted_at.isoformat() if user.terms_accepted_at else None,
            "birth_date": user.birth_date.isoformat() if user.birth_date else None,
            "verification_method": user.verification_method,
            "verified_at": user.verified_at.isoformat() if user.verified_at else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "demographics": _demographics_export(user),
    }
    for name, exporter in sorted(exporters().items()):
        data[name] = exporter(user)
    return data


EXPORT_SPOOL_BYTES = 16 * 1024 * 1024  # archives larger than this go to a temporary file, not memory


def user_export_archive(*, user):
    """ "Download my data": a zip holding `data.json` (user_export_data) and the files the person uploaded.

    Returns an open binary file positioned at its start; the caller streams and closes it.
    """
    archive_file = tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL_BYTES)
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        data = user_export_data(user=user)
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
        for _name, func in sorted(file_exporters().items()):
            for path, field_file in func(user):
                try:
                    source = field_file.storage.open(field_file.name, "rb")
                except (FileNotFoundError, OSError):
                    continue  # a file missing on disk must not block the rest of the export
                with source, archive.open(path, "w") as target:
                    shutil.copyfileobj(source, target)
    archive_file.seek(0)
    return archive_file


@transaction.atomic
def user_delete_account(*, user, password):
    """Anonymise the account; contributions stay, attributed to 'Deleted participant'."""
    # Password attempts are limited, so this form cannot be used to guess the password.
    ensure_within_rate(
        key=f"accounts:delete:{user.pk}",
        rate=settings.ACCOUNT_DELETE_RATE_LIMIT,
        message=_("Too many attempts. Please try again in a few minutes."),
        field="password",
    )
    if not user.check_password(password):
        raise ValidationError({"password": _("This password is incorrect.")})
    audit_record(actor=user, action="accounts.delete_account", target=user)
    token = secrets.token_hex(8)
    user.email = f"deleted-{user.pk}-{token}@deleted.invalid"
    user.display_name = ""
    user.nickname = f"deleted_{user.pk}_{token[:6]}"
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    _erase_demographics(user)
    user.terms_version = ""
    user.terms_accepted_at = None
    user.birth_date = None
    user.verification_method = User.VerificationMethod.NONE
    user.verified_at = None
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    user.socialaccount_set.all().delete()
    for _name, eraser in sorted(erasers().items()):
        eraser(user)
    bump_site()  # "Deleted participant" on every cached page that showed the name
    return user
