"""The verification services: census of residents (match, no match, already linked, rate limit), postal codes,
declaration on honour, birth date; audit without document numbers; personal-data export and erasure."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from apps.accounts.models import User
from apps.accounts.services import user_delete_account, user_export_data
from apps.budgets import verification_services as services
from apps.budgets.census import document_hash
from apps.budgets.models import CensusEntry, Residency
from apps.core.models import AuditEntry
from tests.factories import DEFAULT_PASSWORD, CensusEntryFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 5, 4)
Method = User.VerificationMethod


def voting_process(residency, **settings):
    return ProcessFactory(
        voting_settings__residency=residency, **{f"voting_settings__{k}": v for k, v in settings.items()}
    )


@pytest.fixture
def census_process():
    process = voting_process(Residency.CENSUS_DOCUMENT, minimum_age=16)
    CensusEntryFactory(
        process=process, document_hash=document_hash("AB123456"), birth_date=BORN, postal_code="59000", district="Sud"
    )
    return process


def check(user, process, document="ab 123-456", birth_date=BORN):
    return services.verification_census_check(user=user, process=process, document=document, birth_date=birth_date)


class TestCensusCheck:
    def test_match_links_the_entry_and_verifies_the_account(self, census_process):
        user = UserFactory()
        entry = check(user, census_process)
        entry.refresh_from_db()
        user.refresh_from_db()
        assert entry.user == user and entry.verified_at is not None
        assert user.verification_method == Method.CENSUS
        assert user.verified_at is not None
        assert user.birth_date == BORN
        audit = AuditEntry.objects.get(action="budgets.census_verified")
        assert "AB123456" not in str(audit.data) and document_hash("AB123456") not in str(audit.data)

    def test_checking_again_is_harmless(self, census_process):
        user = UserFactory()
        check(user, census_process)
        check(user, census_process)
        assert CensusEntry.objects.get(user=user)

    @pytest.mark.parametrize(
        ("document", "birth_date"),
        [("ZZ999", BORN), ("AB123456", datetime.date(1990, 5, 5))],
        ids=["unknown number", "wrong birth date"],
    )
    def test_no_match_says_so_without_telling_which(self, census_process, document, birth_date):
        user = UserFactory()
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            check(user, census_process, document=document, birth_date=birth_date)
        assert "We could not find this document number with this birth date in the census" in str(caught.value)
        user.refresh_from_db()
        assert user.verification_method == "" and user.birth_date is None
        assert not CensusEntry.objects.filter(user=user).exists()
        refused = AuditEntry.objects.get(action="budgets.census_check_refused")
        assert refused.data == {"reason": "no_match"}

    def test_entry_linked_to_another_account_is_refused(self, census_process):
        check(UserFactory(), census_process)
        intruder = UserFactory()
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            check(intruder, census_process)
        assert "already verified with another account" in str(caught.value)
        assert CensusEntry.objects.get().user != intruder

    def test_an_account_holds_one_resident(self, census_process):
        CensusEntryFactory(process=census_process, document_hash=document_hash("XY1"), birth_date=BORN)
        user = UserFactory()
        check(user, census_process)
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            check(user, census_process, document="XY1")
        assert "already verified as another resident" in str(caught.value)

    def test_guessing_is_rate_limited(self, census_process, settings):
        user = UserFactory()
        for attempt in range(5):
            with pytest.raises(ValidationError):
                check(user, census_process, document=f"GUESS{attempt}")
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            check(user, census_process)  # even the right number now waits
        assert "Too many attempts" in str(caught.value)
        assert not CensusEntry.objects.filter(user=user).exists()

    def test_other_processes_census_does_not_count(self, census_process):
        other = voting_process(Residency.CENSUS_DOCUMENT)
        with pytest.raises(ValidationError):
            check(UserFactory(), other)

    def test_process_without_census_of_documents_refuses(self):
        process = voting_process(Residency.DECLARATION)
        with pytest.raises(PermissionDenied):
            check(UserFactory(), process)


class TestPostalCode:
    @pytest.fixture
    def process(self):
        process = voting_process(Residency.CENSUS_POSTAL_CODE)
        CensusEntryFactory(process=process, postal_code="59000")
        return process

    def test_match(self, process):
        user = UserFactory(postal_code="")
        services.verification_postal_code(user=user, process=process, postal_code=" 59000 ")
        user.refresh_from_db()
        assert (user.postal_code, user.verification_method) == ("59000", Method.POSTAL_CODE)

    def test_no_match(self, process):
        user = UserFactory(postal_code="")
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            services.verification_postal_code(user=user, process=process, postal_code="75001")
        assert "75001 is not one of the places" in str(caught.value)
        user.refresh_from_db()
        assert user.verification_method == ""

    def test_a_census_verification_is_not_downgraded(self, process):
        user = UserFactory(verification_method=Method.CENSUS)
        services.verification_postal_code(user=user, process=process, postal_code="59000")
        user.refresh_from_db()
        assert user.verification_method == Method.CENSUS


class TestDeclaration:
    def test_declare(self):
        process = voting_process(Residency.DECLARATION)
        user = UserFactory(postal_code="")
        services.verification_declare(user=user, process=process, postal_code="59800", declared=True)
        user.refresh_from_db()
        assert (user.postal_code, user.verification_method) == ("59800", Method.DECLARATION)
        assert user.verified_at is not None
        assert AuditEntry.objects.filter(action="budgets.declaration").exists()

    def test_the_box_must_be_ticked(self):
        process = voting_process(Residency.DECLARATION)
        with pytest.raises(ValidationError):
            services.verification_declare(user=UserFactory(), process=process, postal_code="59800", declared=False)

    def test_refused_where_the_census_is_required(self, census_process):
        with pytest.raises(PermissionDenied):
            services.verification_declare(
                user=UserFactory(), process=census_process, postal_code="59800", declared=True
            )


class TestBirthDate:
    def test_set(self):
        user = UserFactory()
        services.verification_set_birth_date(user=user, birth_date=datetime.date(2008, 1, 2))
        user.refresh_from_db()
        assert user.birth_date == datetime.date(2008, 1, 2)

    def test_future_is_refused(self):
        with pytest.raises(ValidationError):
            services.verification_set_birth_date(user=UserFactory(), birth_date=datetime.date(2999, 1, 1))

    def test_census_birth_date_cannot_be_changed(self, census_process):
        user = UserFactory()
        check(user, census_process)
        with translation.override("en"), pytest.raises(ValidationError) as caught:
            services.verification_set_birth_date(user=user, birth_date=datetime.date(2000, 1, 1))
        assert "checked against the census" in str(caught.value)


class TestPersonalData:
    def test_export_holds_the_verification_and_the_census_entry_without_the_document(self, census_process):
        user = UserFactory()
        check(user, census_process)
        user.refresh_from_db()
        data = user_export_data(user=user)
        assert data["account"]["birth_date"] == "1990-05-04"
        assert data["account"]["verification_method"] == "census"
        assert data["census"] == [
            {
                "process": census_process.slug,
                "birth_date": "1990-05-04",
                "postal_code": "59000",
                "district": "Sud",
                "verified_at": data["census"][0]["verified_at"],
            }
        ]
        assert document_hash("AB123456") not in str(data)

    def test_deleting_the_account_clears_birth_date_and_verification(self, census_process):
        user = UserFactory()
        check(user, census_process)
        user.refresh_from_db()
        user_delete_account(user=user, password=DEFAULT_PASSWORD)
        user.refresh_from_db()
        assert (user.birth_date, user.verification_method, user.verified_at) == (None, "", None)
        # The resident stays linked to the anonymised account: a new account cannot be verified as them again.
        with pytest.raises(ValidationError):
            check(UserFactory(), census_process)
