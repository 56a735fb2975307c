"""Exports of a process (CSV, XLSX, JSON): who may download them, what they hold, and that they stream.

Every test logs in as the role it is about, never as a superuser."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.models import AuditEntry
from apps.moderation.models import ModeratedItem, Report
from apps.proposals.models import Proposal, Review, ReviewAssignment
from apps.spaces.models import ProcessRole
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    ProcessFactory,
    ProcessRoleFactory,
    ProposalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine():
    return ProcessFactory(slug="lille-sud")


@pytest.fixture
def theirs():
    return ProcessFactory(slug="roubaix")


def url(process, key="proposals", fmt="csv"):
    return f"/en/backoffice/processes/{process.slug}/export/{key}.{fmt}"


def staff(process, role):
    return ProcessRoleFactory(process=process, role=role).user


def body_of(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return b"".join(response)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body_of(response).decode("utf-8-sig"))))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(body_of(response)), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row + (None,) * (len(values[0]) - len(row)), strict=True)) for row in values[1:]]


def json_rows(response):
    return json.loads(body_of(response).decode())


READERS = {"csv": csv_rows, "xlsx": xlsx_rows, "json": json_rows}


class TestPermissions:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
    @pytest.mark.parametrize("key", ["proposals", "comments", "reports"])
    def test_process_admin_downloads_every_export(self, client, mine, key, fmt):
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        response = client.get(url(mine, key, fmt))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")

    @pytest.mark.parametrize(
        "who,reason",
        [
            ("other_admin", "Only the administrators and evaluators of this process can export its data."),
            ("moderator", "Only the administrators and evaluators of this process can export its data."),
            ("citizen", "Only the administrators and evaluators of this process can export its data."),
        ],
    )
    @pytest.mark.parametrize("path", ["export", "transfers"])
    def test_others_get_403_with_the_reason(self, client, mine, theirs, who, reason, path):
        user = {
            "other_admin": lambda: staff(theirs, ProcessRole.Role.ADMIN),
            "moderator": lambda: staff(mine, ProcessRole.Role.MODERATOR),
            "citizen": UserFactory,
        }[who]()
        client.force_login(user)
        target = url(mine) if path == "export" else f"/en/backoffice/processes/{mine.slug}/transfers/"
        response = client.get(target)
        assert response.status_code == 403
        assert reason in response.content.decode()

    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
    def test_evaluators_export_proposals_not_comments(self, client, mine, fmt):
        client.force_login(staff(mine, ProcessRole.Role.EVALUATOR))
        assert client.get(url(mine, "proposals", fmt)).status_code == 200
        response = client.get(url(mine, "comments", fmt))
        assert response.status_code == 403
        assert "Only the administrators of this process can export its comments." in response.content.decode()
        response = client.get(url(mine, "reports", fmt))
        assert response.status_code == 403
        assert "Only the administrators of this process can export its reports." in response.content.decode()
        page = client.get(f"/en/backoffice/processes/{mine.slug}/transfers/").content.decode()
        assert url(mine, "proposals", fmt) in page and url(mine, "comments", fmt) not in page
        assert "/import/" not in page

    def test_anonymous_is_sent_to_log_in(self, client, mine):
        response = client.get(url(mine))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    def test_unknown_export_or_format_is_404(self, client, mine):
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        assert client.get(url(mine, "nothing")).status_code == 404
        assert client.get(url(mine, "proposals", "pdf")).status_code == 404

    def test_the_page_lists_the_exports_and_imports(self, client, mine):
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        html = client.get(f"/en/backoffice/processes/{mine.slug}/transfers/").content.decode()
        assert url(mine, "proposals", "xlsx") in html
        assert url(mine, "comments", "json") in html
        assert f"/en/backoffice/processes/{mine.slug}/import/answers/" in html
        # The back-office home links to it.
        assert f"/en/backoffice/processes/{mine.slug}/transfers/" in client.get("/en/backoffice/").content.decode()

    def test_each_download_is_audited(self, client, mine):
        admin = staff(mine, ProcessRole.Role.ADMIN)
        client.force_login(admin)
        body_of(client.get(url(mine, "comments", "xlsx")))
        entry = AuditEntry.objects.get(action="backoffice.export")
        assert entry.actor == admin
        assert entry.data == {"export": "comments", "format": "xlsx"}
        assert entry.target_id == str(mine.pk)


class TestContents:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
    def test_proposals_in_every_format(self, client, mine, theirs, fmt):
        category = CategoryFactory(process=mine, name="Nature")
        author = UserFactory(display_name="Léa Martin")
        proposal = ProposalFactory(
            process=mine, author=author, category=category, title="Des arbres rue Solférino", support_count=7
        )
        proposal.comment_count = 3
        proposal.answer = "=Merci, nous étudions"  # the published answer
        proposal.save()
        ProposalFactory(process=mine, status=Proposal.Status.DRAFT, published_at=None, reference=None)
        ProposalFactory(process=theirs, title="Ailleurs et pas ici du tout")
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        rows = READERS[fmt](client.get(url(mine, "proposals", fmt)))
        # Citizens' drafts and other processes stay out.
        assert [row["reference"] for row in rows] == [proposal.reference]
        row = rows[0]
        assert row["title"] == "Des arbres rue Solférino"
        assert row["status"] == "published"
        assert row["category"] == "Nature"
        assert row["author"] == "Léa Martin"
        assert str(row["supports"]) == "7"
        assert str(row["comments"]) == "3"
        assert row["published_at"]
        # A cell starting with "=" is never a formula: quoted in CSV, typed as text in XLSX.
        assert row["published_answer"] == ("'=Merci, nous étudions" if fmt == "csv" else "=Merci, nous étudions")

    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
    def test_review_fields_and_the_evaluators_scope(self, client, mine, fmt):
        evaluator = staff(mine, ProcessRole.Role.EVALUATOR)
        evaluator.display_name = "Éva Luatrice"
        evaluator.save()
        colleague = staff(mine, ProcessRole.Role.EVALUATOR)
        assigned = ProposalFactory(process=mine, status=Proposal.Status.EVALUATING)
        other = ProposalFactory(process=mine)
        ReviewAssignment.objects.create(proposal=assigned, evaluator=evaluator)
        ReviewAssignment.objects.create(proposal=other, evaluator=colleague)
        Review.objects.create(
            proposal=assigned,
            verdict=Review.Verdict.FEASIBLE,
            estimated_cost=Decimal("12500.50"),
            public_answer_fr="Faisable",
            public_answer_en="Feasible",
        )
        client.force_login(evaluator)
        rows = READERS[fmt](client.get(url(mine, "proposals", fmt)))
        assert [row["reference"] for row in rows] == [assigned.reference]
        row = rows[0]
        assert row["evaluators"] == "Éva Luatrice"
        assert row["verdict"] == "feasible"
        assert Decimal(str(row["cost"])) == Decimal("12500.50")
        assert (row["answer_fr"], row["answer_en"]) == ("Faisable", "Feasible")
        assert row["answer_state"] == "draft"
        # The process's administrator gets both.
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        assert len(READERS[fmt](client.get(url(mine, "proposals", fmt)))) == 2

    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
    def test_hidden_comments_are_marked(self, client, mine, fmt):
        proposal = ProposalFactory(process=mine)
        shown = CommentFactory(target=proposal, body="Bonne idée")
        hidden = CommentFactory(target=proposal, body="Injure", hidden_at=timezone.now())
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        rows = {int(row["id"]): row for row in READERS[fmt](client.get(url(mine, "comments", fmt)))}
        assert rows[hidden.pk]["hidden"] == "yes"
        assert rows[hidden.pk]["body"] == "Injure"
        assert rows[shown.pk]["hidden"] in ("", None)
        assert rows[shown.pk]["target_type"] == "proposals.proposal"
        assert int(rows[shown.pk]["target_id"]) == proposal.pk

    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
    def test_hidden_proposals_are_marked(self, client, mine, fmt):
        shown = ProposalFactory(process=mine)
        hidden = ProposalFactory(process=mine, hidden_at=timezone.now(), hidden_reason="Publicité")
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        rows = {row["reference"]: row for row in READERS[fmt](client.get(url(mine, "proposals", fmt)))}
        assert rows[hidden.reference]["hidden"] == "yes"
        assert rows[hidden.reference]["hidden_reason"] == "Publicité"
        assert rows[shown.reference]["hidden"] in ("", None)

    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
    def test_reports_with_the_decision(self, client, mine, theirs, fmt):
        proposal = ProposalFactory(process=mine)
        reporter = UserFactory(display_name="Rémi Porteur")
        item = ModeratedItem.objects.create(
            content_type=ContentType.objects.get_for_model(proposal),
            object_id=proposal.pk,
            process=mine,
            url=proposal.get_absolute_url(),
            status=ModeratedItem.Status.HIDDEN,
            hidden_at=timezone.now(),
            justification="Publicité déguisée",
            report_count=1,
        )
        report = Report.objects.create(item=item, reporter=reporter, reason=Report.Reason.SPAM, text="Pub")
        elsewhere = ProposalFactory(process=theirs)
        other = ModeratedItem.objects.create(
            content_type=ContentType.objects.get_for_model(elsewhere), object_id=elsewhere.pk, process=theirs
        )
        Report.objects.create(item=other, reporter=reporter, reason=Report.Reason.SPAM)
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        rows = READERS[fmt](client.get(url(mine, "reports", fmt)))
        assert [int(row["report_id"]) for row in rows] == [report.pk]
        row = rows[0]
        assert row["content_type"] == "proposals.proposal"
        assert int(row["object_id"]) == proposal.pk
        assert row["reporter"] == "Rémi Porteur"
        assert row["reason"] == "spam"
        assert row["item_status"] == "hidden" and row["hidden"] == "yes"
        assert row["justification"] == "Publicité déguisée"

    def test_paper_proposals_name_who_entered_them(self, client, mine):
        agent = staff(mine, ProcessRole.Role.ADMIN)
        agent.display_name = "Agent Dupont"
        agent.save()
        ProposalFactory(process=mine, author=agent, entered_by=agent, origin=Proposal.Origin.PAPER)
        client.force_login(agent)
        row = csv_rows(client.get(url(mine)))[0]
        assert row["origin"] == "paper"
        assert row["entered_by"] == "Agent Dupont"


class TestStreaming:
    def test_csv_and_json_stream(self, client, mine):
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        assert client.get(url(mine, "proposals", "csv")).streaming
        assert client.get(url(mine, "proposals", "json")).streaming
        # XLSX is written to a temporary file and sent from it.
        assert client.get(url(mine, "proposals", "xlsx")).streaming

    @pytest.mark.parametrize("key", ["proposals", "comments", "reports"])
    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
    def test_query_count_does_not_grow_with_rows(self, client, mine, key, fmt):
        client.force_login(staff(mine, ProcessRole.Role.ADMIN))
        evaluator = staff(mine, ProcessRole.Role.EVALUATOR)
        proposal_type = ContentType.objects.get_for_model(Proposal)
        category = CategoryFactory(process=mine)

        def make(n):
            for _ in range(n):
                proposal = ProposalFactory(process=mine, category=category, author=UserFactory())
                CommentFactory(target=proposal)
                ReviewAssignment.objects.create(proposal=proposal, evaluator=evaluator)
                Review.objects.create(proposal=proposal, verdict=Review.Verdict.FEASIBLE, estimated_cost=100)
                item = ModeratedItem.objects.create(
                    content_type=proposal_type, object_id=proposal.pk, process=mine, decided_by=evaluator
                )
                Report.objects.create(item=item, reporter=evaluator, reason=Report.Reason.SPAM)

        def count():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url(mine, key, fmt))
                body_of(response)
            return len(queries)

        make(10)
        small = count()
        make(490)
        assert count() == small


def test_every_exportable_content_has_an_export():
    """The content contract says what may leave: each EXPORTABLE type has its export, and only those do."""
    from apps.backoffice.exports import registered_exports
    from apps.core.content import Capability, registered

    exported = {export.model for export in registered_exports() if export.model is not None}
    assert exported == {content.model for content in registered(Capability.EXPORTABLE)}
