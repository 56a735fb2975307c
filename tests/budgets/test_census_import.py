"""The census import in the back-office: both formats, both modes, bad rows with their line numbers, audit,
and verified residents kept across re-imports. Every test logs in as the process administrator."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.budgets.census import document_hash
from apps.budgets.models import CensusEntry, Participation
from apps.core.models import AuditEntry
from apps.spaces.models import ProcessRole
from tests.factories import BudgetFactory, CensusEntryFactory, ProcessFactory, ProcessRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

RESIDENTS = (
    "document,birth_date,postal_code,district\nAB 123 456,1990-05-04,59000,Centre\ncd-789,31/12/2001,59800,Sud\n"
)


@pytest.fixture
def process():
    return ProcessFactory(slug="vote-lille")


@pytest.fixture
def admin(client, process):
    user = ProcessRoleFactory(process=process, role=ProcessRole.Role.ADMIN).user
    client.force_login(user)
    return user


def post(client, process, text, key="census"):
    upload = SimpleUploadedFile("census.csv", text.encode(), content_type="text/csv")
    return client.post(f"/en/backoffice/processes/{process.slug}/import/{key}/", {"file": upload})


def refused_lines(response):
    html = response.content.decode()
    assert 'data-testid="import-refused"' in html
    return html


class TestResidents:
    def test_good_file_stores_hashes_never_numbers(self, client, process, admin):
        response = post(client, process, RESIDENTS)
        assert 'data-testid="import-done"' in response.content.decode()
        entries = CensusEntry.objects.filter(process=process).order_by("postal_code")
        assert [(e.document_hash, str(e.birth_date), e.postal_code, e.district) for e in entries] == [
            (document_hash("AB123456"), "1990-05-04", "59000", "Centre"),
            (document_hash("CD789"), "2001-12-31", "59800", "Sud"),
        ]
        audit = AuditEntry.objects.filter(action__in=["budgets.census_import", "backoffice.import"])
        assert audit.count() == 2
        dump = str(list(AuditEntry.objects.values_list("data", flat=True)))
        assert "123" not in dump and "CD789" not in dump.upper()

    def test_pre_hashed_numbers(self, client, process, admin):
        digest = hashlib.sha256(b"AB123456").hexdigest()
        post(client, process, f"document_hash,birth_date\n{digest.upper()},1990-05-04\n")
        assert CensusEntry.objects.get(process=process).document_hash == digest

    def test_semicolons_and_xlsx_like_dates(self, client, process, admin):
        post(client, process, "document;birth_date;postal_code\nZZ1;1990-05-04T00:00:00;59000\n")
        assert CensusEntry.objects.get(process=process).document_hash == document_hash("ZZ1")

    def test_bad_rows_are_listed_with_their_line_numbers_and_nothing_is_written(self, client, process, admin):
        text = (
            "document,birth_date,postal_code\n"
            "AB1,1990-05-04,59000\n"
            ",1990-05-04,59000\n"
            "AB3,1990-13-04,59000\n"
            "AB4,,59000\n"
        )
        html = refused_lines(post(client, process, text))
        assert '<tr data-line="3"><td>3</td><td>document: The document number is empty.</td></tr>' in html
        assert 'data-line="4"' in html and "is not a date" in html
        assert 'data-line="5"' in html and "The birth date is empty." in html
        assert 'data-line="2"' not in html
        assert not CensusEntry.objects.exists()
        assert AuditEntry.objects.filter(action="backoffice.import_refused").exists()
        assert not AuditEntry.objects.filter(action="budgets.census_import").exists()

    def test_a_resident_twice_in_the_file(self, client, process, admin):
        html = refused_lines(post(client, process, "document,birth_date\nAB-1,1990-05-04\nab 1,1990-05-04\n"))
        assert '<tr data-line="3"><td>3</td><td>This document number is already on line 2.</td></tr>' in html
        assert not CensusEntry.objects.exists()


class TestPostalCodes:
    def test_good_file(self, client, process, admin):
        response = post(client, process, "postal_code,district\n59000,Centre\n59800 ,Sud\n")
        assert 'data-testid="import-done"' in response.content.decode()
        assert set(CensusEntry.objects.values_list("postal_code", "district", "document_hash")) == {
            ("59000", "Centre", ""),
            ("59800", "Sud", ""),
        }

    def test_empty_postal_code_and_duplicate(self, client, process, admin):
        html = refused_lines(post(client, process, 'postal_code\n59000\n""\n59000\n', key="census_replace"))
        # Line 3 is blank (nothing in its cells): spreadsheets leave such lines; they are skipped.
        assert "This postal code is already on line 2." in html
        assert not CensusEntry.objects.exists()

    def test_a_row_without_postal_code(self, client, process, admin):
        html = refused_lines(post(client, process, "postal_code,district\n59000,Centre\n,Sud\n"))
        assert '<tr data-line="3"><td>3</td><td>postal_code: The postal code is empty.</td></tr>' in html

    def test_adding_twice_does_not_duplicate(self, client, process, admin):
        post(client, process, "postal_code\n59000\n")
        post(client, process, "postal_code\n59000\n59800\n")
        assert CensusEntry.objects.filter(process=process).count() == 2


class TestModes:
    def test_reimport_keeps_the_verified_link_and_updates(self, client, process, admin):
        voter = UserFactory()
        entry = CensusEntryFactory(
            process=process, document_hash=document_hash("AB123456"), birth_date="1990-05-04", user=voter
        )
        post(client, process, RESIDENTS, key="census_replace")
        entry.refresh_from_db()
        assert entry.user == voter
        assert entry.district == "Centre"
        assert CensusEntry.objects.filter(process=process).count() == 2

    def test_replace_removes_who_is_not_in_the_file_but_keeps_who_voted(self, client, process, admin):
        gone = CensusEntryFactory(process=process, document_hash=document_hash("GONE1"), birth_date="1980-01-01")
        voted = CensusEntryFactory(process=process, document_hash=document_hash("VOTED"), birth_date="1980-01-01")
        old_postal = CensusEntryFactory(process=process, postal_code="75001")
        Participation.objects.create(budget=BudgetFactory(process=process), census_entry=voted, channel="assisted")
        other = CensusEntryFactory(postal_code="75001")  # another process: untouched
        post(client, process, RESIDENTS, key="census_replace")
        remaining = set(CensusEntry.objects.values_list("pk", flat=True))
        assert gone.pk not in remaining and old_postal.pk not in remaining
        assert {voted.pk, other.pk} <= remaining
        audit = AuditEntry.objects.get(action="budgets.census_import")
        assert audit.data == {"mode": "replace", "created": 2, "updated": 0, "removed": 2, "kept_with_votes": 1}

    def test_add_mode_keeps_the_others(self, client, process, admin):
        kept = CensusEntryFactory(process=process, document_hash=document_hash("KEPT"), birth_date="1980-01-01")
        post(client, process, RESIDENTS)
        assert CensusEntry.objects.filter(pk=kept.pk).exists()
        assert CensusEntry.objects.filter(process=process).count() == 3

    def test_both_modes_are_listed_for_the_admin(self, client, process, admin):
        html = client.get(f"/en/backoffice/processes/{process.slug}/transfers/").content.decode()
        assert 'data-import="census"' in html and 'data-import="census_replace"' in html


class TestPermission:
    @pytest.mark.parametrize("role", [ProcessRole.Role.EVALUATOR, ProcessRole.Role.MODERATOR])
    def test_other_roles_are_refused(self, client, process, role):
        client.force_login(ProcessRoleFactory(process=process, role=role).user)
        response = post(client, process, RESIDENTS)
        assert response.status_code == 403
        assert not CensusEntry.objects.exists()

    def test_admin_of_another_process_is_refused(self, client, process):
        client.force_login(ProcessRoleFactory(role=ProcessRole.Role.ADMIN).user)
        assert post(client, process, RESIDENTS).status_code == 403


def test_xlsx_with_date_cells_and_numeric_document_numbers(client, process, admin):
    import datetime
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["document", "birth_date", "postal_code", "district"])
    workbook.active.append([123456, datetime.datetime(1990, 5, 4), 59000, "Centre"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("census.xlsx", buffer.getvalue())
    response = client.post(f"/en/backoffice/processes/{process.slug}/import/census/", {"file": upload})
    assert 'data-testid="import-done"' in response.content.decode()
    entry = CensusEntry.objects.get(process=process)
    assert (entry.document_hash, str(entry.birth_date), entry.postal_code) == (
        document_hash("123456"),
        "1990-05-04",
        "59000",
    )
