import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.accounts import services
from apps.accounts.models import Demographics, User
from apps.accounts.nicknames import slug_for_nickname, unique_nickname
from apps.core import personal_data as export
from apps.core.models import AuditEntry
from tests.factories import DEFAULT_PASSWORD, ProcessRoleFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- nicknames ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Léa Petit", "lea_petit"),
        ("Karim  Benali!", "karim_benali"),
        ("Jo", "user_jo"),
        ("", "user"),
        ("مرحبا", "user"),
        ("a" * 40, "a" * 24),
    ],
)
def test_slug_for_nickname(text, expected):
    assert slug_for_nickname(text) == expected


def test_unique_nickname_is_free_text_when_available():
    assert unique_nickname("Camille Durand") == "camille_durand"


def test_unique_nickname_avoids_collisions_case_insensitively():
    UserFactory(nickname="Camille_Durand")
    nickname = unique_nickname("Camille Durand")
    assert nickname.startswith("camille_durand_")
    assert len(nickname) <= 30
    assert not User.objects.filter(nickname__iexact=nickname).exists()
    # The result is always a valid nickname.
    UserFactory(nickname=nickname).full_clean(exclude=["password"])


def test_create_user_generates_a_nickname():
    first = User.objects.create_user(email="marie@example.org", password="x", display_name="Marie Curie")
    second = User.objects.create_user(email="marie2@example.org", password="x", display_name="Marie Curie")
    assert first.nickname == "marie_curie"
    assert second.nickname != first.nickname
    assert second.nickname.startswith("marie_curie_")


def test_nickname_uniqueness_is_case_insensitive_in_validation():
    UserFactory(nickname="Sam_Smith")
    other = UserFactory(nickname="other")
    other.nickname = "sam_smith"
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            other.full_clean(exclude=["password"])
        assert "This nickname is already taken." in str(error.value)


# --- profile and demographics --------------------------------------------------------------------------------


def test_update_profile_validates_and_audits(user):
    services.user_update_profile(user=user, data={"display_name": "New name", "nickname": "new_nick", "language": "es"})
    user.refresh_from_db()
    assert (user.display_name, user.nickname, user.language) == ("New name", "new_nick", "es")
    assert AuditEntry.objects.filter(action="accounts.update_profile", target_id=str(user.pk)).exists()


def test_update_profile_rejects_invalid_nickname(user):
    with pytest.raises(ValidationError):
        services.user_update_profile(user=user, data={"nickname": "no spaces allowed"})
    user.refresh_from_db()
    assert user.nickname != "no spaces allowed"


def answers(user):
    """(gender, birth_year, postal_code, socio_professional_category) as stored: Demographics row and User."""
    user = User.objects.get(pk=user.pk)
    row = Demographics.objects.filter(user=user).first() or Demographics()
    return (row.gender, row.birth_year, user.postal_code, row.socio_professional_category)


def test_demographics_update_and_erase(user):
    data = {"gender": "woman", "birth_year": 1984, "postal_code": "59000", "socio_professional_category": "employee"}
    services.user_update_demographics(user=user, data=data)
    assert answers(user) == ("woman", 1984, "59000", "employee")
    services.user_update_demographics(user=user, data={**data, "birth_year": None})  # the same row, updated
    assert answers(user) == ("woman", None, "59000", "employee")
    assert Demographics.objects.filter(user=user).count() == 1
    services.user_erase_demographics(user=user)
    assert answers(user) == ("", None, "", "")
    assert not Demographics.objects.filter(user=user).exists()  # erased, not blanked
    assert AuditEntry.objects.filter(action="accounts.erase_demographics").count() == 1


def test_accept_terms_records_version_and_date(user, terms):
    services.user_accept_terms(user=user)
    user.refresh_from_db()
    assert user.terms_version == "v1"
    assert user.terms_accepted_at is not None
    assert AuditEntry.objects.get(action="accounts.accept_terms").data == {"version": "v1"}


# --- export --------------------------------------------------------------------------------------------------


def test_export_contains_account_demographics_and_registered_sections(user, monkeypatch):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Demographics.objects.create(user=user, gender="man", birth_year=1990)
    monkeypatch.setattr(export, "_EXPORTERS", {})
    export.register_exporter("proposals", lambda u: [{"title": f"Proposal of {u.nickname}"}])

    data = services.user_export_data(user=user)

    assert data["account"]["email"] == user.email
    assert data["account"]["nickname"] == user.nickname
    assert data["account"]["email_addresses"] == [{"email": user.email, "verified": True, "primary": True}]
    assert data["demographics"]["gender"] == "man"
    assert data["demographics"]["birth_year"] == 1990
    assert data["proposals"] == [{"title": f"Proposal of {user.nickname}"}]
    json.dumps(data)  # serialisable as is


# --- deletion ------------------------------------------------------------------------------------------------


def test_delete_account_with_wrong_password_changes_nothing(user):
    email, nickname = user.email, user.nickname
    with pytest.raises(ValidationError) as error:
        services.user_delete_account(user=user, password="wrong")
    assert "password" in error.value.message_dict
    user.refresh_from_db()
    assert (user.email, user.nickname, user.is_active, user.deleted_at) == (email, nickname, True, None)


def test_delete_account_anonymises_but_keeps_contributions(monkeypatch):
    user = UserFactory(
        display_name="Camille Durand",
        gender="woman",
        birth_year=1980,
        postal_code="59800",
        socio_professional_category="executive",
        terms_version="v1",
    )
    email = user.email
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    ProcessRoleFactory(user=user)
    proposal = ProposalFactory(author=user)
    erased = []
    # The real erasers run (spaces' removes the roles), plus one that records its call.
    monkeypatch.setattr(export, "_ERASERS", dict(export._ERASERS))
    export.register_eraser("test", erased.append)

    services.user_delete_account(user=user, password=DEFAULT_PASSWORD)

    user.refresh_from_db()
    assert user.is_deleted and not user.is_active
    assert user.email != email and user.email.endswith("@deleted.invalid")
    assert user.display_name == ""
    assert user.nickname.startswith("deleted_")
    assert not user.has_usable_password()
    assert answers(user) == ("", None, "", "")
    assert not Demographics.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not user.process_roles.exists()
    assert erased == [user]
    proposal.refresh_from_db()
    assert proposal.author_id == user.pk
    with translation.override("en"):
        assert proposal.author.public_name == "Deleted participant"
        assert str(proposal.author) == "Deleted participant"
    assert authenticate(email=email, password=DEFAULT_PASSWORD) is None
    assert AuditEntry.objects.filter(action="accounts.delete_account", target_id=str(user.pk)).exists()


def test_deleted_email_can_sign_up_again(user):
    email = user.email
    services.user_delete_account(user=user, password=DEFAULT_PASSWORD)
    newcomer = User.objects.create_user(email=email, password="another-long-password")
    assert newcomer.pk != user.pk
    assert authenticate(email=email, password="another-long-password") == newcomer
    # The old row stays anonymised: the address now belongs to the newcomer only.
    user.refresh_from_db()
    assert user.deleted_at is not None and not user.is_active
    assert user.email != email
    assert list(User.objects.filter(email__iexact=email)) == [newcomer]


def test_production_password_hashing_is_argon2_with_django_validators():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from pbplatform.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert Argon2PasswordHasher().encode("secret-password", Argon2PasswordHasher().salt()).startswith("argon2$")
    validators = {v["NAME"].rsplit(".", 1)[-1] for v in base.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator"} <= validators


def test_social_auto_signup_gets_a_nickname_and_language(rf):
    from apps.accounts.adapters import AccountAdapter

    UserFactory(nickname="dominique")
    request = rf.get("/")
    request.LANGUAGE_CODE = "es"
    user = User(email="dominique@example.org")
    AccountAdapter(request).populate_username(request, user)
    assert user.nickname.startswith("dominique_")
    assert user.language == "es"


@pytest.mark.parametrize(
    ("url", "language", "expected"),
    [
        ("/", "en", "/en/"),
        ("/fr/processes/?page=2", "es", "/es/processes/?page=2"),
        ("/en/me/settings/", "en", "/en/me/settings/"),
        ("/en/me/settings/", "fr", "/fr/me/settings/"),
        ("/static/css/pbplatform.css", "en", "/static/css/pbplatform.css"),
        ("/fr/processes/", "xx", "/fr/processes/"),
    ],
)
def test_url_in_language(url, language, expected):
    from apps.accounts.i18n import url_in_language

    assert url_in_language(url, language) == expected


def test_delete_account_password_attempts_are_limited_by_the_setting(user, settings):
    settings.ACCOUNT_DELETE_RATE_LIMIT = "2/300"
    for _attempt in range(2):
        with pytest.raises(ValidationError, match="incorrect"):
            services.user_delete_account(user=user, password="wrong-password")
    with translation.override("en"), pytest.raises(ValidationError, match="Too many attempts"):
        services.user_delete_account(user=user, password=DEFAULT_PASSWORD)
    user.refresh_from_db()
    assert user.deleted_at is None
