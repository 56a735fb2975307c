"""Imports (CSV, XLSX): answers and statuses, proposals collected on paper; bad files and the all-or-nothing policy.

Every test logs in as the role it is about, never as a superuser."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from apps.backoffice import imports
from apps.core.models import AuditEntry
from apps.notifications.models import Notification
from apps.proposals.models import Proposal, Review
from apps.spaces.models import ProcessRole
from tests.factories import CategoryFactory, ProcessFactory, ProcessRoleFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

POLICY = "The whole file is refused if any row is bad"


@pytest.fixture
def mine():
    return ProcessFactory(slug="lille-sud")


@pytest.fixture
def admin(client, mine):
    user = ProcessRoleFactory(process=mine, role=ProcessRole.Role.ADMIN).user
    client.force_login(user)
    return user


def url(process, key):
    return f"/en/backoffice/processes/{process.slug}/import/{key}/"


def csv_file(text, name="file.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="file.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def post(client, process, key, upload):
    return client.post(url(process, key), {"file": upload})


class TestPermissions:
    def test_process_admin_sees_the_page_and_the_policy(self, client, mine, admin):
        for key in ("answers", "paper"):
            response = client.get(url(mine, key))
            assert response.status_code == 200
            assert POLICY in response.content.decode()

    @pytest.mark.parametrize("who", ["other_admin", "evaluator", "moderator", "citizen"])
    @pytest.mark.parametrize("key", ["answers", "paper"])
    def test_others_get_403_with_the_reason(self, client, mine, who, key):
        user = {
            "other_admin": lambda: ProcessRoleFactory(process=ProcessFactory(), role=ProcessRole.Role.ADMIN).user,
            "evaluator": lambda: ProcessRoleFactory(process=mine, role=ProcessRole.Role.EVALUATOR).user,
            "moderator": lambda: ProcessRoleFactory(process=mine, role=ProcessRole.Role.MODERATOR).user,
            "citizen": UserFactory,
        }[who]()
        client.force_login(user)
        for response in (client.get(url(mine, key)), post(client, mine, key, csv_file("title,body\nx,y\n"))):
            assert response.status_code == 403
            assert "Only the administrators of this process can import data into it." in response.content.decode()
        assert not AuditEntry.objects.filter(action__startswith="backoffice.import").exists()

    def test_anonymous_is_sent_to_log_in(self, client, mine):
        response = client.get(url(mine, "answers"))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


class TestAnswers:
    def test_reviews_costs_and_answers_go_through_the_review_and_status_services(self, client, mine, admin):
        accepted = ProposalFactory(process=mine, reference="PB-2026-0001")
        refused = ProposalFactory(process=mine, reference="PB-2026-0002")
        untouched = ProposalFactory(process=mine, reference="PB-2026-0003")
        upload = csv_file(
            "reference;status;verdict;cost;answer_fr;answer_en;title\n"
            "PB-2026-0001;accepted;feasible;12 500,50;Nous le ferons.;We will do it.;ignored\n"
            "PB-2026-0002;;Not feasible;;Hors des compétences de la ville.;;\n"
            "PB-2026-0003;published;;;;;\n"
        )
        response = post(client, mine, "answers", upload)
        assert "3 rows read, 2 changed." in response.content.decode()
        accepted.refresh_from_db()
        assert accepted.status == Proposal.Status.ACCEPTED
        assert accepted.review.estimated_cost == Decimal("12500.50")
        assert accepted.review.answer_state == Review.AnswerState.PUBLISHED
        assert accepted.answer == "Nous le ferons."
        assert accepted.review.public_answer_en == "We will do it."
        # The status service told the author.
        assert Notification.objects.filter(recipient=accepted.author).exists()
        refused.refresh_from_db()
        assert refused.status == Proposal.Status.EVALUATING  # reviewed, answer not published yet
        assert refused.review.verdict == Review.Verdict.NOT_FEASIBLE
        assert AuditEntry.objects.filter(action="proposals.review_save", target_id=str(refused.pk)).count() == 1
        # The unchanged row wrote nothing and told nobody.
        assert not AuditEntry.objects.filter(target_id=str(untouched.pk)).exclude(action="backoffice.import").exists()
        entry = AuditEntry.objects.filter(action="backoffice.import").get()
        assert entry.actor == admin
        assert entry.data == {"import": "answers", "file": "file.csv", "rows": 3, "changed": 2, "errors": 0}

    def test_a_move_refused_by_the_status_service_refuses_the_file(self, client, mine, admin):
        answered = ProposalFactory(process=mine, reference="PB-2026-0001")
        ProposalFactory(process=mine, reference="PB-2026-0002")
        upload = csv_file(
            "reference,status,verdict,cost\n"
            "PB-2026-0001,,feasible,1000\n"
            # Withdrawing is the author's move: the service's rule refuses it for the agent.
            "PB-2026-0002,withdrawn,,\n"
        )
        html = post(client, mine, "answers", upload).content.decode()
        assert "Nothing was imported" in html
        assert 'data-line="3"' in html and "Only the author can withdraw this proposal." in html
        answered.refresh_from_db()
        assert answered.status == Proposal.Status.PUBLISHED
        assert not Review.objects.exists()

    def test_bad_rows_are_all_listed_and_nothing_is_written(self, client, mine, admin):
        good = ProposalFactory(process=mine, reference="PB-2026-0001")
        ProposalFactory(process=mine, reference="PB-2026-0002")
        ProposalFactory(process=ProcessFactory(), reference="PB-2026-0099")
        upload = xlsx_file(
            [
                ["reference", "status", "verdict", "cost", "answer_fr"],
                ["PB-2026-0001", "", "feasible", 900, "D'accord"],
                ["PB-2026-0099", "", "", "", "Ailleurs"],
                ["", "", "", "", "Sans référence"],
                ["PB-2026-0001", "approved", "", "", ""],
                ["PB-2026-0001", "draft", "", "", ""],
                ["PB-2026-0001", "", "", "douze", ""],
                ["PB-2026-0002", "rejected", "feasible", 10, ""],
                ["PB-2026-0002", "", "feasible", "", ""],
            ]
        )
        html = post(client, mine, "answers", upload).content.decode()
        assert "No proposal PB-2026-0099 in this process." in html
        assert 'data-line="4"' in html and "The reference is empty." in html
        assert 'data-line="5"' in html and "Unknown status “approved”" in html
        assert 'data-line="6"' in html and "A proposal cannot go from Published to Draft." in html
        assert 'data-line="7"' in html and "“douze” is not a number." in html
        assert 'data-line="8"' in html and "with the verdict that leads there" in html
        assert 'data-line="2"' not in html
        good.refresh_from_db()
        assert not Review.objects.exists()
        entry = AuditEntry.objects.get(action="backoffice.import_refused")
        assert entry.data["errors"] == 6 and entry.data["changed"] == 0
        # Line 9 (feasible without a cost) is refused by the review service once the others are fixed.
        upload = csv_file("reference,verdict,cost\nPB-2026-0001,feasible,900\nPB-2026-0002,feasible,\n")
        html = post(client, mine, "answers", upload).content.decode()
        assert 'data-line="3"' in html and "Give the estimated cost of a feasible proposal." in html
        assert not Review.objects.exists()

    def test_an_export_goes_back_in_unchanged(self, client, mine, admin):
        proposal = ProposalFactory(process=mine, answer="=Réponse qui commence par égal")
        Review.objects.create(proposal=proposal, verdict=Review.Verdict.FEASIBLE, estimated_cost=Decimal("1200.50"))
        exported = client.get(f"/en/backoffice/processes/{mine.slug}/export/proposals.csv")
        text = b"".join(exported.streaming_content)
        response = post(client, mine, "answers", SimpleUploadedFile("export.csv", text))
        assert "1 row read, 0 changed." in response.content.decode()

    def test_the_xlsx_export_edited_in_a_spreadsheet_goes_back_in(self, client, mine, admin):
        """The agent's round trip (issue 8, scenario 6): export to XLSX, fix the costs, import the file back."""
        from openpyxl import load_workbook

        proposal = ProposalFactory(process=mine, reference="PB-2026-0007", status=Proposal.Status.EVALUATING)
        Review.objects.create(proposal=proposal, verdict=Review.Verdict.FEASIBLE, estimated_cost=Decimal("1000"))
        ProposalFactory(process=mine, reference="PB-2026-0008")
        exported = client.get(f"/en/backoffice/processes/{mine.slug}/export/proposals.xlsx")
        workbook = load_workbook(io.BytesIO(b"".join(exported.streaming_content)))
        sheet = workbook.active
        header = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            if row[header.index("reference")].value == "PB-2026-0007":
                row[header.index("cost")].value = 14250
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = post(client, mine, "answers", SimpleUploadedFile("proposals.xlsx", buffer.getvalue()))
        assert "2 rows read, 1 changed." in response.content.decode()
        proposal.refresh_from_db()
        assert proposal.review.estimated_cost == Decimal("14250")
        entry = AuditEntry.objects.get(action="proposals.review_save", target_id=str(proposal.pk))
        assert entry.data["before"]["estimated_cost"] == "1000.00"
        assert entry.data["after"]["estimated_cost"] == "14250"


class TestPaper:
    def test_paper_proposals_are_published_with_the_agent_recorded(self, client, mine, admin):
        CategoryFactory(process=mine, name="Nature", name_en="Nature and parks")
        upload = csv_file(
            "title,body,category,author_name,author_email\n"
            "Un jardin partagé près de la médiathèque,Des bacs et des outils.,nature and parks,Jeanne,j@example.org\n",
            encoding="cp1252",
        )
        response = post(client, mine, "paper", upload)
        assert "1 row read, 1 changed." in response.content.decode()
        proposal = Proposal.objects.get(process=mine)
        assert proposal.title == "Un jardin partagé près de la médiathèque"
        assert proposal.status == Proposal.Status.PUBLISHED and proposal.reference
        assert proposal.origin == Proposal.Origin.PAPER
        assert proposal.entered_by == admin and proposal.author == admin
        assert proposal.paper_author_name == "Jeanne" and proposal.paper_author_email == "j@example.org"
        assert proposal.category.name_fr == "Nature"
        assert AuditEntry.objects.filter(action="proposals.admin_create", target_id=str(proposal.pk)).exists()
        # The public page says where it came from, not the agent's name.
        page = client.get(proposal.get_absolute_url())
        assert page.status_code == 200
        assert "Collected on paper" in page.content.decode()

    def test_one_bad_row_refuses_the_whole_file(self, client, mine, admin):
        CategoryFactory(process=mine, name="Nature")
        upload = xlsx_file(
            [
                ["title", "body", "category", "author_email"],
                ["Un jardin partagé près de la médiathèque", "Des bacs.", "Nature", ""],
                ["Trop court", "Des bancs.", "Nature", ""],
                ["Une piste cyclable rue de Douai", "", "Nature", "pas-une-adresse"],
                ["Un kiosque à musique au parc", "Pour les concerts.", "Sport", ""],
                ["Un kiosque à musique au parc", "Pour les concerts.", "", ""],
            ]
        )
        html = post(client, mine, "paper", upload).content.decode()
        assert 'data-line="3"' in html and "The title must be at least 15 characters long." in html
        assert 'data-line="4"' in html and "Enter a valid email address." in html
        assert 'data-line="5"' in html and "No category “Sport” in this process." in html
        assert 'data-line="6"' in html and "Choose a category or a theme." in html
        assert not Proposal.objects.filter(process=mine).exists()


class TestBadFiles:
    @pytest.mark.parametrize(
        "upload,message",
        [
            (SimpleUploadedFile("empty.csv", b""), "The submitted file is empty."),
            (SimpleUploadedFile("blank.csv", b"\n\n  \n"), "This file is empty."),
            (SimpleUploadedFile("header.csv", b"reference,status\n"), "This file has a header line but no rows"),
            (SimpleUploadedFile("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)), "not a text CSV"),
            (SimpleUploadedFile("zip.csv", b"PK\x03\x04" + bytes(100)), "not a text CSV"),
            (SimpleUploadedFile("fake.xlsx", b"reference,status\nPB,published\n"), "not a valid XLSX workbook"),
            (SimpleUploadedFile("broken.xlsx", b"PK\x03\x04" + b"garbage" * 50), "could not be read"),
            (SimpleUploadedFile("notes.txt", b"reference\nPB\n"), "Choose a .csv or .xlsx file."),
            (SimpleUploadedFile("other.csv", b"title,body\nx,y\n"), "Missing column(s): reference."),
        ],
    )
    def test_a_clear_message_next_to_the_field(self, client, mine, admin, upload, message):
        response = post(client, mine, "answers", upload)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="invalid-feedback"' in html
        assert message in html

    def test_too_big(self, client, mine, admin, monkeypatch):
        monkeypatch.setattr(imports, "MAX_BYTES", 100)
        upload = csv_file("reference,answer_fr\n" + "PB-1,réponse\n" * 20)
        assert "This file is too big" in post(client, mine, "answers", upload).content.decode()

    def test_undecodable_text(self, client, mine, admin):
        # 0x81 and 0x8d are neither UTF-8 here nor defined in Windows-1252.
        upload = SimpleUploadedFile("odd.csv", b"reference,answer_fr\nPB-1,\x81\x8d\x81\n")
        html = post(client, mine, "answers", upload).content.decode()
        assert "encoding could not be read" in html

    def test_latin1_csv_is_read(self, client, mine, admin):
        ProposalFactory(process=mine, reference="PB-2026-0001")
        upload = csv_file("reference;answer_fr\nPB-2026-0001;Réponse détaillée\n", encoding="latin-1")
        assert "1 row read, 1 changed." in post(client, mine, "answers", upload).content.decode()
        assert Proposal.objects.get(reference="PB-2026-0001").review.public_answer_fr == "Réponse détaillée"
