"""The back-office home: who enters, and what each staff member finds waiting for them.

Every test logs in as the role it is about (process admin, evaluator, moderator, citizen), never as a superuser.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone, translation

from apps.backoffice.permissions import PERMISSIONS_MAP
from apps.proposals.models import Proposal
from apps.spaces.models import ProcessRole
from tests.events.factories import EventFactory
from tests.factories import (
    BudgetFactory,
    CommentFactory,
    ProcessFactory,
    ProcessRoleFactory,
    ProjectFactory,
    ProposalFactory,
    UserFactory,
)
from tests.results.factories import ResultFactory
from tests.surveys.factories import SurveyFactory

pytestmark = pytest.mark.django_db

HOME = "/en/backoffice/"


@pytest.fixture
def mine():
    return ProcessFactory(title="Budget de Lille-Sud", slug="lille-sud")


@pytest.fixture
def theirs():
    return ProcessFactory(title="Budget de Roubaix", slug="roubaix")


def staff(process, role):
    return ProcessRoleFactory(process=process, role=role).user


@pytest.fixture
def as_role(client, mine):
    def login(role):
        user = staff(mine, role)
        client.force_login(user)
        return user

    return login


class TestEntry:
    @pytest.mark.parametrize("role", ProcessRole.Role.values)
    def test_every_process_role_enters(self, client, as_role, mine, role):
        as_role(role)
        response = client.get(HOME)
        assert response.status_code == 200
        assert f'id="process-{mine.pk}"' in response.content.decode()

    def test_citizen_gets_403_with_the_reason(self, client):
        client.force_login(UserFactory())
        response = client.get(HOME)
        assert response.status_code == 403
        assert "The back-office is for the administrators, evaluators and moderators of a process." in (
            response.content.decode()
        )

    def test_anonymous_is_sent_to_log_in(self, client):
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "next=/en/backoffice/" in response["Location"]

    def test_inactive_staff_is_refused(self, client, mine):
        user = staff(mine, ProcessRole.Role.MODERATOR)
        user.is_active = False
        user.save()
        client.force_login(user)
        # Django's session auth drops inactive users: they are anonymous again.
        assert client.get(HOME).status_code == 302

    def test_every_url_name_has_a_named_rule(self):
        import rules

        names = {
            name
            for name in get_resolver().namespace_dict["backoffice"][1].reverse_dict
            if isinstance(name, str)
        }
        assert names == set(PERMISSIONS_MAP)
        assert all(rules.perm_exists(rule) for rule in PERMISSIONS_MAP.values())


class TestNavbar:
    def test_staff_see_the_back_office_link(self, client, as_role):
        as_role(ProcessRole.Role.EVALUATOR)
        html = client.get("/en/").content.decode()
        assert f'href="{HOME}"' in html
        # Evaluators do not configure the site: no link to the Django admin.
        assert f'href="{reverse("admin:index")}"' not in html

    def test_process_admins_see_both_links(self, client, as_role):
        as_role(ProcessRole.Role.ADMIN)
        with translation.override("en"):
            admin_index = reverse("admin:index")
        html = client.get("/en/").content.decode()
        assert f'href="{HOME}"' in html and f'href="{admin_index}"' in html

    def test_citizens_do_not(self, client):
        client.force_login(UserFactory())
        assert 'href="/en/backoffice/"' not in client.get("/en/").content.decode()


class TestWaitingWork:
    def _panel(self, html, key):
        start = html.index(f'data-panel="{key}"')
        return html[start : html.index("</li>", start)]

    def test_evaluator_sees_published_proposals_of_their_process_only(self, client, as_role, mine, theirs):
        ProposalFactory.create_batch(3, process=mine)
        ProposalFactory(process=mine, status=Proposal.Status.DRAFT, published_at=None)
        ProposalFactory(process=theirs)
        as_role(ProcessRole.Role.EVALUATOR)
        html = client.get(HOME).content.decode()
        assert f'id="process-{mine.pk}"' in html
        assert f'id="process-{theirs.pk}"' not in html
        assert ">3</span>" in self._panel(html, "proposals.published")
        assert "Evaluator" in html
        assert 'data-panel="comments.hidden"' not in html

    def test_moderator_sees_hidden_comments(self, client, as_role, mine):
        proposal = ProposalFactory(process=mine)
        CommentFactory(target=proposal, hidden_at=timezone.now())
        CommentFactory(target=proposal)
        as_role(ProcessRole.Role.MODERATOR)
        html = client.get(HOME).content.decode()
        assert ">1</span>" in self._panel(html, "comments.hidden")
        # The count leads to the moderation queue's hidden cases, which the moderator may open.
        queue = reverse("moderation:queue", args=[mine.pk]) + "?status=hidden"
        assert f'href="{queue}"' in self._panel(html, "comments.hidden")
        assert client.get(queue).status_code == 200
        assert 'data-panel="proposals.published"' not in html

    def test_process_admin_sees_every_panel_and_the_set_up_link(self, client, as_role, mine):
        ProposalFactory(process=mine)
        as_role(ProcessRole.Role.ADMIN)
        html = client.get(HOME).content.decode()
        assert 'data-panel="proposals.published"' in html and 'data-panel="comments.hidden"' in html
        assert reverse("admin:spaces_process_change", args=[mine.pk]) in html
        # The count links to the process's published proposals in the admin.
        assert reverse("admin:proposals_proposal_changelist") + f"?process__id__exact={mine.pk}" in html

    def test_what_has_something_in_it_comes_first_and_the_empty_tools_on_one_line(self, client, as_role, mine):
        ProposalFactory.create_batch(2, process=mine)
        as_role(ProcessRole.Role.ADMIN)
        html = client.get(HOME).content.decode()
        busy, idle = html.split('data-testid="backoffice-idle"')
        # Two published proposals: counted and described above the line.
        assert ">2</span>" in self._panel(busy, "proposals.published")
        assert "To read, answer and evaluate." in busy
        # No hidden comment yet: named on the line below, with a link where the panel has one, no description.
        assert 'data-panel="comments.hidden"' not in busy and 'data-panel="comments.hidden"' in idle
        assert 'data-panel="moderation.pending"' in idle and "Nothing here yet:" in idle
        assert reverse("moderation:queue", args=[mine.pk]) in self._panel(idle, "moderation.pending")
        assert "Hide with a justification, or dismiss the reports." not in idle.split("</div>")[0].replace(
            'title="Hide with a justification, or dismiss the reports."', ""
        )
        with translation.override("fr"):
            assert "Rien pour le moment :" in client.get(reverse("backoffice:home")).content.decode()

    def test_counts_of_translated_content_count_every_row(self, client, as_role, mine, theirs):
        # Projects, events, results and surveys have translated fields: each panel counts all of its rows (the
        # projects' panel said 1 for the demo's 32 selected projects).
        budget = BudgetFactory(process=mine)
        ProjectFactory.create_batch(3, budget=budget)
        ProjectFactory(budget=budget, status="proposed")
        ProjectFactory(budget=BudgetFactory(process=theirs))
        EventFactory.create_batch(2, process=mine)
        past = timezone.now() - timedelta(days=3)
        EventFactory.create_batch(4, process=mine, start_at=past, end_at=past + timedelta(hours=2))
        ResultFactory.create_batch(5, process=mine)
        SurveyFactory.create_batch(6, process=mine)
        as_role(ProcessRole.Role.ADMIN)
        html = client.get(HOME).content.decode()
        assert ">3</span>" in self._panel(html, "budgets.projects")
        assert ">2</span>" in self._panel(html, "events.upcoming")
        assert ">4</span>" in self._panel(html, "events.to_close")
        assert ">5</span>" in self._panel(html, "results.results")
        assert ">6</span>" in self._panel(html, "surveys.surveys")

    def test_queries_do_not_grow_with_processes(self, client, mine):
        user = UserFactory()
        client.force_login(user)

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(HOME).status_code == 200
            return len(queries)

        ProcessRoleFactory(process=mine, user=user, role=ProcessRole.Role.ADMIN)
        ProposalFactory(process=mine)
        count()  # warm caches (terms version, session)
        one = count()
        for _ in range(3):
            process = ProcessFactory()
            ProcessRoleFactory(process=process, user=user, role=ProcessRole.Role.MODERATOR)
            ProposalFactory(process=process)
        assert count() == one
