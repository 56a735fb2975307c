"""The page "Check that I can vote" (budgets:verification), in French and in English: each requirement met or
missing in plain words, and the form that fixes it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.models import User
from apps.budgets.census import document_hash
from apps.budgets.models import CensusEntry, Residency, VoterScope
from tests.factories import BudgetFactory, CensusEntryFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def years_ago(years, *, days=0):
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = datetime.date(today.year - years, 3, 1)
    return day + datetime.timedelta(days=days)


def page_url(process, language="en"):
    with translation.override(language):
        return reverse("budgets:verification", kwargs={"slug": process.slug})


def requirement(html, key):
    """The card of one requirement, as text."""
    start = html.index(f'data-requirement="{key}"')
    return html[start : html.index("</li>", start)]


@pytest.fixture
def process():
    return ProcessFactory(
        slug="vote-2026",
        title="Budget participatif 2026",
        title_en="Participatory budget 2026",
        voting_settings__minimum_age=16,
        voting_settings__residency=Residency.CENSUS_DOCUMENT,
    )


@pytest.fixture
def resident(process):
    return CensusEntryFactory(
        process=process, document_hash=document_hash("AB123456"), birth_date=years_ago(30), postal_code="59000"
    )


class TestPage:
    def test_url(self, process):
        assert page_url(process) == "/en/processes/vote-2026/vote/check/"

    def test_in_english(self, client, process):
        client.force_login(UserFactory())
        html = client.get(page_url(process)).content.decode()
        assert '<h1 class="h3">Check that I can vote</h1>' in html
        assert "Participatory budget 2026" in html
        assert 'data-requirement="sign_in" data-met="yes"' in html
        assert "You must be at least 16 years old to vote. Give your birth date." in requirement(html, "age")
        assert "Find yourself in it with your document number and birth date." in requirement(html, "residency")
        assert 'data-form="birth_date"' in html and 'data-form="census"' in html
        assert 'data-testid="not-eligible"' in html

    def test_in_french(self, client, process):
        client.force_login(UserFactory())
        response = client.get(page_url(process, "fr"))
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="fr"' in html
        assert "Budget participatif 2026" in html
        assert 'data-requirement="age" data-met="no"' in html
        assert 'data-form="census"' in html

    def test_anonymous_is_asked_to_sign_in_and_nothing_else(self, client, process):
        html = client.get(page_url(process)).content.decode()
        assert "Sign in or create an account to vote." in requirement(html, "sign_in")
        assert "/accounts/login/?next=" in html
        assert 'data-requirement="age"' not in html and '<form method="post"' not in html

    def test_anonymous_post_goes_to_log_in(self, client, process):
        response = client.post(page_url(process), {"action": "birth_date", "birth_date-birth_date": "2000-01-01"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_unpublished_process_is_404(self, client):
        process = ProcessFactory(is_published=False)
        client.force_login(UserFactory())
        assert client.get(page_url(process)).status_code == 404

    def test_nothing_to_check(self, client):
        process = ProcessFactory()
        client.force_login(UserFactory())
        html = client.get(page_url(process)).content.decode()
        assert 'data-testid="eligible"' in html
        assert f'href="/en/processes/{process.slug}/vote/" data-testid="to-the-vote"' in html

    def test_next_brings_the_voter_back(self, client, process, resident):
        client.force_login(UserFactory())
        url = page_url(process) + "?next=/en/processes/vote-2026/vote/1/"
        response = client.post(
            url,
            {
                "action": "census",
                "census-document": "AB123456",
                "census-birth_date": resident.birth_date.isoformat(),
                "next": "/en/processes/vote-2026/vote/1/",
            },
        )
        assert response.status_code == 302 and response["Location"] == "/en/processes/vote-2026/vote/1/"

    def test_next_elsewhere_is_ignored(self, client, process):
        client.force_login(UserFactory())
        html = client.get(page_url(process) + "?next=https://evil.example/").content.decode()
        assert 'value="https://evil.example/"' not in html and 'href="https://evil.example/"' not in html
        assert 'data-form="birth_date"' in html


class TestAge:
    def test_sixteenth_birthday_today_is_old_enough(self, client, process):
        client.force_login(UserFactory(birth_date=years_ago(16)))
        html = client.get(page_url(process)).content.decode()
        assert 'data-requirement="age" data-met="yes"' in html
        assert "You are at least 16 years old." in html

    def test_sixteen_tomorrow_is_too_young_and_says_from_when(self, client, process):
        born = years_ago(16, days=1)
        client.force_login(UserFactory(birth_date=born))
        html = client.get(page_url(process)).content.decode()
        card = requirement(html, "age")
        assert 'data-met="no"' in card
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        assert "You must be at least 16 years old to vote. You can vote from" in card
        assert str(tomorrow.year) in card

    def test_giving_the_birth_date(self, client, process):
        user = UserFactory()
        client.force_login(user)
        url = page_url(process)
        response = client.post(url, {"action": "birth_date", "birth_date-birth_date": "31/05/2000"}, follow=True)
        assert "Your birth date has been saved." in response.content.decode()
        user.refresh_from_db()
        assert user.birth_date == datetime.date(2000, 5, 31)
        assert 'data-requirement="age" data-met="yes"' in response.content.decode()

    def test_a_bad_date_is_shown_next_to_the_field(self, client, process):
        client.force_login(UserFactory())
        html = client.post(page_url(process), {"action": "birth_date", "birth_date-birth_date": "2999-01-01"})
        assert "This birth date is not possible." in html.content.decode()


class TestCensus:
    def post(self, client, process, document="ab-123 456", birth_date=None, resident=None):
        birth_date = birth_date or resident.birth_date.isoformat()
        return client.post(
            page_url(process),
            {"action": "census", "census-document": document, "census-birth_date": birth_date},
            follow=True,
        )

    def test_found(self, client, process, resident):
        user = UserFactory()
        client.force_login(user)
        html = self.post(client, process, resident=resident).content.decode()
        assert "You have been found in the census: your account is verified." in html
        assert 'data-requirement="residency" data-met="yes"' in html
        assert 'data-requirement="age" data-met="yes"' in html  # the birth date came from the census
        assert 'data-testid="eligible"' in html
        resident.refresh_from_db()
        assert resident.user == user
        user.refresh_from_db()
        assert user.verification_method == User.VerificationMethod.CENSUS

    def test_not_found(self, client, process, resident):
        client.force_login(UserFactory())
        html = self.post(client, process, document="ZZ000", resident=resident).content.decode()
        assert "We could not find this document number with this birth date in the census." in html
        assert 'data-requirement="residency" data-met="no"' in html
        assert CensusEntry.objects.get().user is None

    def test_linked_to_another_account(self, client, process, resident):
        resident.user = UserFactory()
        resident.save()
        client.force_login(UserFactory())
        html = self.post(client, process, resident=resident).content.decode()
        assert "This resident is already verified with another account." in html

    def test_rate_limited(self, client, process, resident):
        client.force_login(UserFactory())
        for attempt in range(5):
            self.post(client, process, document=f"GUESS{attempt}", resident=resident)
        html = self.post(client, process, resident=resident).content.decode()
        assert "Too many attempts to find you in the census." in html
        assert CensusEntry.objects.get().user is None

    def test_the_number_is_not_echoed_back(self, client, process, resident):
        client.force_login(UserFactory())
        html = self.post(client, process, document="ZZ000999", resident=resident).content.decode()
        assert "ZZ000999" in html  # kept in the form to correct a typo, on this response only
        again = client.get(page_url(process)).content.decode()
        assert "ZZ000999" not in again


class TestPostalCodeAndDeclaration:
    def test_postal_code_census(self, client):
        process = ProcessFactory(voting_settings__residency=Residency.CENSUS_POSTAL_CODE)
        CensusEntryFactory(process=process, postal_code="59000")
        user = UserFactory(postal_code="75001")
        client.force_login(user)
        html = client.get(page_url(process)).content.decode()
        assert "Only residents of the postal codes in the census may vote. Give your postal code." in html
        html = client.post(
            page_url(process), {"action": "postal_code", "postal_code-postal_code": "59000"}, follow=True
        ).content.decode()
        assert "Your postal code is in the census: your account is verified." in html
        assert "Your postal code 59000 is in the census." in html

    def test_declaration(self, client):
        process = ProcessFactory(voting_settings__residency=Residency.DECLARATION)
        user = UserFactory()
        client.force_login(user)
        url = page_url(process)
        html = client.post(
            url, {"action": "declaration", "declaration-postal_code": "59800"}, follow=True
        ).content.decode()
        assert "Tick the box to declare on your honour that you live here." in html
        html = client.post(
            url,
            {"action": "declaration", "declaration-postal_code": "59800", "declaration-declared": "on"},
            follow=True,
        ).content.decode()
        assert "Your declaration has been recorded." in html
        assert 'data-requirement="residency" data-met="yes"' in html
        user.refresh_from_db()
        assert user.verification_method == User.VerificationMethod.DECLARATION


class TestDistrict:
    def test_district_from_the_postal_code(self, client):
        process = ProcessFactory(
            voting_settings__residency=Residency.DECLARATION, voting_settings__voter_scope=VoterScope.DISTRICT
        )
        BudgetFactory(process=process, district="Sud", district_postal_codes="59800, 59810")
        client.force_login(UserFactory(postal_code="59000", verification_method="declaration"))
        html = client.get(page_url(process)).content.decode()
        assert "Your postal code does not match the district of any budget." in requirement(html, "district")
        client.force_login(UserFactory(postal_code="59810", verification_method="declaration"))
        html = client.get(page_url(process)).content.decode()
        assert "You vote in the budget of Sud." in requirement(html, "district")


class TestRefusalsPointHere:
    """The vote's refusals (rules.py) say exactly what is missing; verification_url gives the page that fixes it."""

    def test_each_missing_step(self, process, resident):
        from apps.budgets.verification_services import verification_url
        from apps.core.permissions import refusal_reason
        from apps.spaces.phases import PhaseKind
        from tests.factories import PhaseFactory

        PhaseFactory(process=process, kind=PhaseKind.VOTING)
        budget = BudgetFactory(process=process)
        user = UserFactory()
        check_url = page_url(process, "fr")
        with translation.override("en"):
            assert "give your birth date" in refusal_reason("budgets.vote_budget", user, budget)
        assert verification_url(user=user, budget=budget) == check_url
        user.birth_date = years_ago(16)
        user.save()
        user = User.objects.get(pk=user.pk)
        with translation.override("en"):
            assert "against the census of residents" in refusal_reason("budgets.vote_budget", user, budget)
        assert verification_url(user=user, budget=budget) == check_url
        resident.user = user
        resident.save()
        user = User.objects.get(pk=user.pk)
        assert refusal_reason("budgets.vote_budget", user, budget) is None
        assert verification_url(user=user, budget=budget) == ""
