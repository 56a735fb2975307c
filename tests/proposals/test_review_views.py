"""The review screens as staff use them (logged in as their role): the form keeps what was typed and shows
each refusal next to its field; the queue filters; bulk assignment and publication; the public pages."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.proposals import review_services as services
from apps.proposals.models import Proposal, Review, ReviewAssignment
from apps.spaces.models import ProcessRole
from tests.factories import CategoryFactory, ProposalFactory
from tests.proposals.review_helpers import feasible

pytestmark = pytest.mark.django_db


def _form(criteria, **values):
    data = {"submit": "draft", "verdict": "", "estimated_cost": "", "cost_explanation": "", "duration_months": ""}
    for criterion in criteria:
        data[f"criterion_{criterion.pk}_met"] = ""
        data[f"criterion_{criterion.pk}_comment"] = ""
    data.update(values)
    return data


def test_the_evaluator_fills_the_grid_and_hands_the_answer_over(client, team, english):
    land, doable = team["criteria"]
    client.force_login(team["evaluator"])
    url = reverse("review:detail", kwargs={"pk": team["proposal"].pk})
    page = client.get(url).content.decode()
    assert "On public land" in page and "Technically feasible" in page
    data = _form(
        team["criteria"],
        submit="hold",
        verdict="feasible",
        estimated_cost="45000",
        duration_months="4",
        public_answer_en="Accepted.",
        **{
            f"criterion_{land.pk}_met": "yes",
            f"criterion_{land.pk}_comment": "Parc",
            f"criterion_{doable.pk}_met": "no",
        },
    )
    response = client.post(url, data, follow=True)
    assert "its answer waits for publication" in response.content.decode()
    review = Review.objects.get()
    assert review.answer_state == "held" and review.estimated_cost == 45000
    assert {a.criterion_id: (a.met, a.comment) for a in review.assessments.all()} == {
        land.pk: (True, "Parc"),
        doable.pk: (False, ""),
    }


def test_a_missing_cost_is_shown_next_to_the_field_and_nothing_typed_is_lost(client, team, english):
    client.force_login(team["evaluator"])
    url = reverse("review:detail", kwargs={"pk": team["proposal"].pk})
    land = team["criteria"][0]
    response = client.post(
        url,
        _form(
            team["criteria"],
            verdict="feasible",
            cost_explanation="Devis de 2026",
            public_answer_en="Great idea",
            **{f"criterion_{land.pk}_comment": "Sur le parc"},
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the estimated cost of a feasible proposal." in page
    assert 'id="error_1_id_estimated_cost"' in page or "is-invalid" in page
    assert "Devis de 2026" in page and "Great idea" in page and "Sur le parc" in page
    assert not Review.objects.exists()


def test_a_missing_answer_is_refused_on_the_answer_field(client, team, english):
    client.force_login(team["evaluator"])
    url = reverse("review:detail", kwargs={"pk": team["proposal"].pk})
    response = client.post(url, _form(team["criteria"], verdict="not_feasible", cost_explanation="x"))
    assert response.status_code == 400
    assert "Explain to the author, in a public answer, why it is not feasible." in response.content.decode()


def test_one_language_of_the_answer_is_enough_and_the_form_says_so(client, team, english):
    client.force_login(team["evaluator"])
    url = reverse("review:detail", kwargs={"pk": team["proposal"].pk})
    form = client.get(url).context["form"]
    assert form["public_answer_fr"].help_text == "Required when the proposal is not feasible."
    for code in ("en", "es"):
        assert form[f"public_answer_{code}"].help_text == (
            "Optional: left empty, readers in this language see the answer in another language."
        )
    data = _form(team["criteria"], verdict="not_feasible", public_answer_fr="Hors des compétences de la ville.")
    assert client.post(url, data).status_code == 302
    assert Review.objects.get(proposal=team["proposal"]).public_answer_fr == "Hors des compétences de la ville."


def test_the_queue_shows_only_what_is_assigned_with_filters(client, team, english):
    process, evaluator, admin = team["process"], team["evaluator"], team["admin"]
    late = ProposalFactory(process=process, title="Une proposition en retard pour le parc")
    not_mine = ProposalFactory(process=process, title="Une proposition pour quelqu'un d'autre")
    services.review_assign(
        proposals=[late], evaluators=[evaluator], actor=admin, due_date=timezone.localdate() - timedelta(days=2)
    )
    services.review_assign(proposals=[not_mine], evaluators=[team["other_evaluator"]], actor=admin)
    client.force_login(evaluator)
    page = client.get(reverse("review:queue")).content.decode()
    assert team["proposal"].title in page and late.title in page and not_mine.title not in page
    page = client.get(reverse("review:queue"), {"overdue": "on"}).content.decode()
    assert late.title in page and team["proposal"].title not in page
    page = client.get(reverse("review:queue"), {"category": team["category"].pk}).content.decode()
    assert team["proposal"].title in page and late.title not in page
    page = client.get(reverse("review:queue"), {"status": "accepted"}).content.decode()
    assert "Nothing is assigned to you with these filters." in page


def test_an_evaluator_of_two_processes_filters_by_each_processs_category(client, team, english):
    """Both processes have a « Sport » category: the filter listed « Sport » twice, with no way to tell them apart."""
    process, other = team["process"], team["other"]
    other_sport = CategoryFactory(process=other, name="Sport")
    ProcessRole.objects.create(process=other, user=team["evaluator"], role=ProcessRole.Role.EVALUATOR)
    elsewhere = ProposalFactory(process=other, title="Un terrain de sport dans l'autre processus", category=other_sport)
    services.review_assign(proposals=[elsewhere], evaluators=[team["evaluator"]], actor=team["other_admin"])
    client.force_login(team["evaluator"])
    page = client.get(reverse("review:queue")).content.decode()
    groups = re.findall(r'<optgroup label="([^"]+)">\s*<option value="(\d+)"[^>]*>([^<]+)</option>', page)
    assert groups == [
        (process.title, str(team["category"].pk), "Sport"),
        (other.title, str(other_sport.pk), "Sport"),
    ]
    page = client.get(reverse("review:queue"), {"category": other_sport.pk}).content.decode()
    assert elsewhere.title.replace("'", "&#x27;") in page and team["proposal"].title not in page


def test_a_long_queue_counts_no_further_than_it_needs(client, team, english, settings, monkeypatch):
    """A capped count (core.pagination.CappedPaginator): past LIST_COUNT_CAP proposals the queue says "1 / N+" and its
    next link works; the last page's count is exact."""
    from apps.proposals.views import review

    settings.LIST_COUNT_CAP = 3
    monkeypatch.setattr(review, "PAGE_SIZE", 2)
    batch = ProposalFactory.create_batch(12, process=team["process"])
    services.review_assign(proposals=batch, evaluators=[team["evaluator"]], actor=team["admin"])
    client.force_login(team["evaluator"])
    page = client.get(reverse("review:queue")).content.decode()
    assert "1 / 4+" in page and "page=2" in page  # 13 proposals: counted up to (1 + 3) pages of 2
    last = client.get(reverse("review:queue"), {"page": 7}).content.decode()
    assert "7 / 7<" in last and "page=8" not in last


def test_bulk_assignment_from_the_filtered_list(client, team, english):
    process = team["process"]
    batch = ProposalFactory.create_batch(3, process=process)
    client.force_login(team["admin"])
    url = reverse("review:assign", kwargs={"slug": process.slug})
    page = client.get(url, {"unassigned": "on"}).content.decode()
    assert all(p.title in page for p in batch) and team["proposal"].title not in page
    response = client.post(
        url, {"proposals": [p.pk for p in batch], "evaluators": [team["other_evaluator"].pk]}, follow=True
    )
    assert "3 assignments made." in response.content.decode()
    assert ReviewAssignment.objects.filter(evaluator=team["other_evaluator"]).count() == 3
    assert set(Proposal.objects.filter(pk__in=[p.pk for p in batch]).values_list("status", flat=True)) == {"evaluating"}
    # Nothing ticked: a message, nothing done.
    response = client.post(url, {"evaluators": [team["evaluator"].pk]})
    assert "Tick at least one proposal." in response.content.decode()


def test_the_agent_publishes_in_bulk_and_the_citizen_sees_status_and_answer(client, team, english):
    proposal = team["proposal"]
    services.review_save(
        proposal=proposal,
        actor=team["evaluator"],
        submit="hold",
        data=feasible(cost="45000", public_answer_en="It will be built.", public_answer_fr="Il sera construit."),
    )
    client.force_login(team["admin"])
    url = reverse("review:answers", kwargs={"slug": team["process"].slug})
    assert "It will be built." in client.get(url).content.decode()
    response = client.post(url, {"proposals": [proposal.pk]}, follow=True)
    assert "1 answer published." in response.content.decode()
    client.force_login(team["citizen"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "It will be built." in page and "Accepted" in page and "45" in page
    listing = client.get(reverse("proposals:list", kwargs={"slug": team["process"].slug}), {"status": "accepted"})
    assert proposal.title in listing.content.decode()
    listing = client.get(reverse("proposals:list", kwargs={"slug": team["process"].slug}), {"status": "rejected"})
    assert proposal.title not in listing.content.decode()


def test_internal_notes_are_staff_only(client, team, english):
    proposal = team["proposal"]
    client.force_login(team["evaluator"])
    client.post(reverse("review:note_add", kwargs={"pk": proposal.pk}), {"body": "Vérifier le cadastre."})
    assert "Vérifier le cadastre." in client.get(reverse("review:detail", kwargs={"pk": proposal.pk})).content.decode()
    client.force_login(team["citizen"])
    assert "Vérifier le cadastre." not in client.get(proposal.get_absolute_url()).content.decode()


def test_backoffice_home_panels(client, team, english):
    services.review_save(
        proposal=ProposalFactory(process=team["process"]), actor=team["admin"], data=feasible(), submit="hold"
    )
    client.force_login(team["evaluator"])
    page = client.get(reverse("backoffice:home")).content.decode()
    assert 'data-panel="proposals.review_assigned"' in page and "Proposals assigned to you for review" in page
    assert 'data-panel="proposals.answers_held"' not in page
    client.force_login(team["admin"])
    page = client.get(reverse("backoffice:home")).content.decode()
    assert "Answers waiting to be published" in page
    assert reverse("review:answers", kwargs={"slug": team["process"].slug}) in page


def test_the_board_counts_statuses_evaluators_overdue_and_the_budget(client, team, english):
    process = team["process"]
    process.budget_envelope = 50000
    process.save()
    services.review_save(proposal=team["proposal"], actor=team["admin"], data=feasible(cost="60000"), submit="publish")
    late = ProposalFactory(process=process)
    services.review_assign(
        proposals=[late],
        evaluators=[team["evaluator"]],
        actor=team["admin"],
        due_date=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(team["admin"])
    response = client.get(reverse("review:board", kwargs={"slug": process.slug}))
    board = response.context["board"]
    counts = {row["status"]: row["count"] for row in board["statuses"]}
    assert counts["accepted"] == 1 and counts["evaluating"] == 1
    [row] = board["evaluators"]
    assert (row["assigned"], row["answered"], row["overdue"]) == (2, 1, 1)
    assert board["overdue_count"] == 1 and board["overdue"][0] == late
    assert board["accepted_cost"] == 60000 and board["over_budget"]
    assert "The accepted proposals cost more than the budget envelope." in response.content.decode()


def test_the_review_menu_links_only_to_the_screens_each_role_may_open(client, team, english):
    """An evaluator's menu had the process admin's screens too (assign, answers, board), each a 403 for them."""
    slug = team["process"].slug
    admin_screens = [reverse(f"review:{name}", kwargs={"slug": slug}) for name in ("assign", "answers", "board")]
    url = reverse("review:detail", kwargs={"pk": team["proposal"].pk})
    client.force_login(team["evaluator"])
    page = client.get(url).content.decode()
    assert f'href="{reverse("review:queue")}"' in page
    for screen in admin_screens:
        assert f'href="{screen}"' not in page
        assert client.get(screen).status_code == 403  # what the link used to lead to
    client.force_login(team["admin"])
    page = client.get(url).content.decode()
    for screen in admin_screens:
        assert f'href="{screen}"' in page
        assert client.get(screen).status_code == 200
