"""Assisted voting at the voting desk: a voting assistant checks a person against the census and records their
ballot in person, or marks them as voting on paper. The channels exclude each other through the register."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from apps.budgets import assisted_services as assisted
from apps.budgets import services
from apps.budgets.models import Ballot, BallotItem, Channel, Participation, Residency
from apps.core.models import AuditEntry
from apps.spaces.models import ProcessRole
from apps.spaces.phases import PhaseKind
from tests.budgets.assisted_helpers import DOCUMENT, make_desk
from tests.factories import BudgetFactory, CensusEntryFactory, ProcessRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def check_url(desk):
    return reverse("assisted:check", kwargs={"slug": desk.process.slug})


def check_by_document(client, desk, number=DOCUMENT, birth_date="1980-05-17"):
    return client.post(
        check_url(desk),
        {"budget": desk.budget.pk, "method": "document", "document_number": number, "birth_date": birth_date},
    )


def record(client, desk, person, projects):
    url = reverse("assisted:record", kwargs={"slug": desk.process.slug, "budget_id": desk.budget.pk})
    data = {"person": person, **{f"project_{project.pk}": "on" for project in projects}}
    return client.post(url, data, follow=True)


def choices(desk, projects):
    return assisted.choices_from(budget=desk.budget, typed=[(p.pk, 1, None) for p in projects])


def test_assistant_checks_a_resident_records_the_ballot_and_hands_the_code(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    response = check_by_document(client, desk, number="12345678z")  # spaces, dashes and case do not matter
    assert "Cette personne peut voter pour ce budget." in response.content.decode()  # the desk is in French
    person = response.context["person"]

    response = record(client, desk, person, desk.projects[:2])
    page = response.content.decode()
    ballot = Ballot.objects.get()
    assert ballot.receipt_code in page
    assert ballot.channel == Channel.ASSISTED and ballot.confirmed_at and ballot.recorded_by == desk.assistant
    assert ballot.voter is None
    assert set(BallotItem.objects.values_list("project_id", flat=True)) == {p.pk for p in desk.projects[:2]}
    participation = Participation.objects.get()
    assert participation.channel == Channel.ASSISTED
    assert participation.census_entry == desk.resident and participation.ballot == ballot
    assert participation.recorded_by == desk.assistant
    # Audited, without the choices.
    entry = AuditEntry.objects.get(action="budgets.ballot_record_assisted")
    assert entry.actor == desk.assistant
    assert set(entry.data) == {"budget", "channel", "census"}


def test_the_receipt_is_shown_only_to_the_assistant_who_recorded_it(client):
    desk = make_desk()
    ballot = assisted.ballot_record_assisted(
        assistant=desk.assistant,
        budget=desk.budget,
        census_entry=desk.resident,
        choices=choices(desk, desk.projects[:1]),
    )
    url = reverse(
        "assisted:receipt", kwargs={"slug": desk.process.slug, "budget_id": desk.budget.pk, "ballot_id": ballot.pk}
    )
    client.force_login(desk.colleague)
    assert client.get(url).status_code == 404


def test_assisted_twice_is_refused_with_the_channel(client):
    desk = make_desk()
    assisted.ballot_record_assisted(
        assistant=desk.assistant,
        budget=desk.budget,
        census_entry=desk.resident,
        choices=choices(desk, desk.projects[:1]),
    )
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        assisted.ballot_record_assisted(
            assistant=desk.colleague,
            budget=desk.budget,
            census_entry=desk.resident,
            choices=choices(desk, desk.projects[1:2]),
        )
    assert "This person has already voted in this budget (assisted (in person))." in refused.value.messages
    assert Ballot.objects.count() == 1

    # The check screen says it too, and offers no ballot.
    client.force_login(desk.colleague)
    response = client.post(
        "/en" + check_url(desk)[3:],
        {"budget": desk.budget.pk, "method": "document", "document_number": DOCUMENT, "birth_date": "1980-05-17"},
    )
    page = response.content.decode()
    assert "This person cannot vote in this budget" in page
    assert "already voted in this budget (assisted (in person))" in page
    assert "ballot_form" not in response.context


def test_a_signed_check_used_twice_records_one_vote(client):
    """Two clicks on "Record" with the same check: the register's constraint keeps one ballot."""
    desk = make_desk()
    client.force_login(desk.assistant)
    person = check_by_document(client, desk).context["person"]
    record(client, desk, person, desk.projects[:1])
    response = record(client, desk, person, desk.projects[1:2])
    assert Ballot.objects.count() == 1 and Participation.objects.count() == 1
    with translation.override("en"):
        expected = assisted.channel_sentence(Channel.ASSISTED)
    with translation.override("fr"):
        expected_fr = assisted.channel_sentence(Channel.ASSISTED)
    assert expected_fr in response.content.decode() or expected in response.content.decode()


def test_online_voter_cannot_vote_on_paper_nor_assisted():
    desk = make_desk()
    user = UserFactory()
    desk.resident.user = user
    desk.resident.save()
    # An online vote in the register (as the online confirmation writes it: the account and its census entry).
    online = Ballot.objects.create(budget=desk.budget, voter=user, channel=Channel.ONLINE)
    Participation.objects.create(
        budget=desk.budget, user=user, census_entry=desk.resident, channel=Channel.ONLINE, ballot=online
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            assisted.paper_voter_mark(assistant=desk.assistant, budget=desk.budget, census_entry=desk.resident)
        assert "This person has already voted in this budget (online)." in refused.value.messages
        # Found by their account's e-mail too.
        with pytest.raises(ValidationError) as refused:
            assisted.ballot_record_assisted(
                assistant=desk.assistant, budget=desk.budget, user=user, choices=choices(desk, desk.projects[:1])
            )
        assert "This person has already voted in this budget (online)." in refused.value.messages
    assert Participation.objects.count() == 1


def test_paper_voter_is_in_the_register_and_cannot_vote_assisted(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    person = check_by_document(client, desk).context["person"]
    url = reverse("assisted:paper_mark", kwargs={"slug": desk.process.slug, "budget_id": desk.budget.pk})
    client.post(url, {"person": person})
    participation = Participation.objects.get()
    assert participation.channel == Channel.PAPER and participation.ballot is None
    assert participation.census_entry == desk.resident
    assert AuditEntry.objects.filter(action="budgets.paper_voter_mark").count() == 1
    # The same check again: refused, whatever the channel.
    response = client.post(url, {"person": person}, follow=True)
    assert Participation.objects.count() == 1
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            assisted.ballot_record_assisted(
                assistant=desk.colleague,
                budget=desk.budget,
                census_entry=desk.resident,
                choices=choices(desk, desk.projects[:1]),
            )
    assert "This person has already voted in this budget (paper)." in refused.value.messages
    assert response.status_code == 200


def verified_voter(desk):
    """An account verified against the resident's census entry, old enough: it may vote online."""
    user = UserFactory(birth_date=date(1980, 5, 17))
    desk.resident.user = user
    desk.resident.save()
    return user


def test_paper_voter_cannot_vote_online():
    """The online basket and confirmation refuse a person already in the register on paper."""
    desk = make_desk()
    user = verified_voter(desk)
    services.basket_add(voter=user, budget=desk.budget, project_id=desk.projects[0].pk)
    assisted.paper_voter_mark(assistant=desk.assistant, budget=desk.budget, census_entry=desk.resident)
    # The register names the census entry; the account is found through it.
    assert Participation.objects.get().user == user
    with translation.override("en"):
        with pytest.raises(PermissionDenied) as refused:
            services.ballot_confirm(voter=user, budget=desk.budget)
        assert str(refused.value) == "You already voted on paper in this budget."
        with pytest.raises(PermissionDenied):
            services.basket_add(voter=user, budget=desk.budget, project_id=desk.projects[1].pk)
    assert not Ballot.objects.filter(confirmed_at__isnull=False).exists()


def test_assisted_voter_cannot_confirm_the_online_basket_and_the_reverse():
    desk = make_desk()
    user = verified_voter(desk)
    services.basket_add(voter=user, budget=desk.budget, project_id=desk.projects[0].pk)
    assisted.ballot_record_assisted(
        assistant=desk.assistant, budget=desk.budget, user=user, choices=choices(desk, desk.projects[1:2])
    )
    with translation.override("en"), pytest.raises(PermissionDenied) as refused:
        services.ballot_confirm(voter=user, budget=desk.budget)
    assert str(refused.value) == "You already voted in person in this budget."
    assert Participation.objects.get().channel == Channel.ASSISTED

    # Online first (through the real confirmation), then at the desk: refused.
    other = make_desk()
    voter = verified_voter(other)
    services.basket_add(voter=voter, budget=other.budget, project_id=other.projects[0].pk)
    services.ballot_confirm(voter=voter, budget=other.budget)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        assisted.paper_voter_mark(assistant=other.assistant, budget=other.budget, census_entry=other.resident)
    assert refused.value.messages == ["This person has already voted in this budget (online)."]


def test_invalid_choices_are_refused_with_the_rule(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    person = check_by_document(client, desk).context["person"]
    response = record(client, desk, person, desk.projects[:4])  # at most 3
    assert response.status_code == 200
    assert response.context["ballot_form"].non_field_errors()
    assert not Ballot.objects.exists() and not Participation.objects.exists()


def test_a_project_of_another_budget_is_refused():
    desk = make_desk()
    other = make_desk()
    with pytest.raises(ValidationError):
        assisted.choices_from(budget=desk.budget, typed=[(other.projects[0].pk, 1, None)])


def test_under_age_wrong_birth_date_and_unknown_document_are_refused(client):
    desk = make_desk(minimum_age=16)
    young = CensusEntryFactory(
        process=desk.process, document_hash="a" * 64, birth_date=date(timezone.localdate().year - 15, 1, 1)
    )
    with translation.override("en"):
        refusals, _participation = assisted.person_refusals(budget=desk.budget, census_entry=young, user=None)
        assert refusals == ["This person is under 16: they cannot vote yet."]
        client.force_login(desk.assistant)
        page = client.post(
            "/en" + check_url(desk)[3:],
            {"budget": desk.budget.pk, "method": "document", "document_number": DOCUMENT, "birth_date": "1981-05-17"},
        ).content.decode()
        assert "The birth date does not match the census." in page
        page = client.post(
            "/en" + check_url(desk)[3:],
            {"budget": desk.budget.pk, "method": "document", "document_number": "999", "birth_date": "1980-05-17"},
        ).content.decode()
        assert "No resident with this document number in the census." in page


def test_a_district_budget_refuses_residents_of_another_district():
    desk = make_desk()
    settings = desk.process.voting_settings
    settings.voter_scope = "district"
    settings.save()
    desk.budget.district = "Nord"
    desk.budget.save()
    with translation.override("en"):
        refusals, _participation = assisted.person_refusals(budget=desk.budget, census_entry=desk.resident, user=None)
    assert refusals == ["This budget is for the residents of Nord; this person lives elsewhere."]


def test_by_account_email_with_a_postal_code_census():
    desk = make_desk(residency=Residency.CENSUS_POSTAL_CODE)
    CensusEntryFactory(process=desk.process, postal_code="59000")
    user = UserFactory(email="ines@example.org", postal_code="59000", birth_date=date(1990, 1, 1))
    check = assisted.person_check(budget=desk.budget, method=assisted.Method.EMAIL, email="INES@example.org")
    assert check.may_vote and check.user == user
    ballot = assisted.ballot_record_assisted(
        assistant=desk.assistant, budget=desk.budget, user=user, choices=choices(desk, desk.projects[:3])
    )
    assert Participation.objects.get().user == user and ballot.items.count() == 3
    outsider = UserFactory(postal_code="75001", birth_date=date(1990, 1, 1))
    with translation.override("en"):
        check = assisted.person_check(budget=desk.budget, method=assisted.Method.EMAIL, email=outsider.email)
    assert check.refusals == ["This postal code is not in the census: the person cannot vote here."]


def test_an_assistant_of_another_process_is_refused(client):
    desk = make_desk()
    other = make_desk()
    client.force_login(other.assistant)
    assert client.get(reverse("assisted:desk", kwargs={"slug": desk.process.slug})).status_code == 403
    assert check_by_document(client, desk).status_code == 403
    url = reverse("assisted:record", kwargs={"slug": desk.process.slug, "budget_id": desk.budget.pk})
    assert client.post(url, {"person": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        assisted.ballot_record_assisted(
            assistant=other.assistant,
            budget=desk.budget,
            census_entry=desk.resident,
            choices=choices(desk, desk.projects[:1]),
        )
    assert not Ballot.objects.exists()


def test_a_citizen_and_an_evaluator_cannot_open_the_desk(client):
    desk = make_desk()
    evaluator = UserFactory()
    ProcessRoleFactory(process=desk.process, user=evaluator, role=ProcessRole.Role.EVALUATOR)
    for user in (UserFactory(), evaluator):
        client.force_login(user)
        assert client.get(reverse("assisted:desk", kwargs={"slug": desk.process.slug})).status_code == 403


def test_nothing_is_recorded_outside_the_voting_phase():
    desk = make_desk(phase=PhaseKind.PROPOSALS)
    with pytest.raises(PermissionDenied):
        assisted.ballot_record_assisted(
            assistant=desk.assistant,
            budget=desk.budget,
            census_entry=desk.resident,
            choices=choices(desk, desk.projects[:1]),
        )


def test_a_tampered_check_is_refused(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    person = check_by_document(client, desk).context["person"]
    record(client, desk, person[:-2] + "xx", desk.projects[:1])
    assert not Ballot.objects.exists()


def test_the_desk_in_french_and_in_english(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    url = reverse("assisted:desk", kwargs={"slug": desk.process.slug})
    assert url.startswith("/fr/")
    # The ballot's projects in each language, after the check.
    person_fr = check_by_document(client, desk)
    assert '<html lang="fr"' in person_fr.content.decode()
    assert desk.projects[0].title_fr in person_fr.content.decode()
    french = client.get(url)
    assert french.status_code == 200 and desk.process.title_fr in french.content.decode()
    english = client.get("/en" + url[3:])
    page = english.content.decode()
    assert '<html lang="en"' in page
    assert "Voting desk" in page and "Check a person" in page and desk.process.title_en in page
    response = client.post(
        "/en" + check_url(desk)[3:],
        {"budget": desk.budget.pk, "method": "document", "document_number": DOCUMENT, "birth_date": "1980-05-17"},
    )
    assert desk.projects[0].title_en in response.content.decode()
    assert "This person may vote in this budget." in response.content.decode()


def test_the_back_office_home_shows_the_desk_to_the_assistant(client):
    desk = make_desk()
    client.force_login(desk.assistant)
    page = client.get(reverse("backoffice:home")).content.decode()
    assert reverse("assisted:desk", kwargs={"slug": desk.process.slug}) in page
    assert 'data-panel="budgets.voting_desk"' in page


def test_district_voters_and_the_city_wide_budget():
    desk = make_desk()
    settings = desk.process.voting_settings
    settings.voter_scope = "district"
    settings.district_voters_also_city_wide = False
    settings.save()
    with translation.override("en"):
        refusals, _participation = assisted.person_refusals(budget=desk.budget, census_entry=desk.resident, user=None)
    assert refusals == ["This vote is for the district budgets only."]
    settings.district_voters_also_city_wide = True
    settings.save()
    assert assisted.person_refusals(budget=desk.budget, census_entry=desk.resident, user=None)[0] == []


def test_one_budget_per_person():
    desk = make_desk()
    settings = desk.process.voting_settings
    settings.voter_scope = "one"
    settings.save()
    other_budget = BudgetFactory(process=desk.process, title_en="Schools")
    assisted.paper_voter_mark(assistant=desk.assistant, budget=other_budget, census_entry=desk.resident)
    with translation.override("en"):
        refusals, _participation = assisted.person_refusals(budget=desk.budget, census_entry=desk.resident, user=None)
    assert refusals == ["This person has already voted in Schools; in this process a person votes in one budget."]
