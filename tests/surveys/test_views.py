"""The answer form (no JavaScript needed: values kept after a refusal, errors next to their question), the process
page's link, and the organisers' screens as a process administrator: building, results with charts, exports that
parse back, demographics without small groups."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from apps.accounts.models import Demographics
from apps.spaces.models import ProcessRole
from apps.surveys import services
from apps.surveys.models import Question, Response, Survey
from tests.factories import ProcessRoleFactory, UserFactory

from .factories import QuestionFactory, SurveyFactory, choice_question

Kind = Question.Kind
pytestmark = pytest.mark.django_db


def post_data(s):
    """The answer form as a browser posts it."""
    return {
        s["transport"].field_name: str(s["bike"].pk),
        s["why"].field_name: "Plus rapide",
        s["topics"].field_name: [str(s["topic_choices"][1].pk)],
        f"{s['ranking'].field_name}_c{s['ranked'][0].pk}": "3",
        f"{s['ranking'].field_name}_c{s['ranked'][1].pk}": "1",
        f"{s['ranking'].field_name}_c{s['ranked'][2].pk}": "2",
        s["scale"].field_name: "5",
        f"{s['matrix'].field_name}_r0": "1",
        f"{s['matrix'].field_name}_r1": "0",
    }


def url_of(survey):
    return reverse("surveys:detail", kwargs={"slug": survey.process.slug, "pk": survey.pk})


class TestAnswerForm:
    def test_signed_out_visitors_see_the_questions_and_why_they_cannot_answer(self, client, full_survey):
        survey = full_survey["survey"]
        with translation.override("en"):
            response = client.get(url_of(survey).replace("/fr/", "/en/"))
        assert response.status_code == 200
        assert b"Sign in to answer this survey." in response.content
        assert b'data-testid="survey-form"' not in response.content

    def test_a_resident_answers(self, client, full_survey, resident):
        client.force_login(resident)
        page = client.get(url_of(full_survey["survey"]))
        assert page.status_code == 200 and page.content.count(b'data-testid="question"') == 8
        assert b'data-show-if-field="' + full_survey["transport"].field_name.encode() in page.content
        response = client.post(url_of(full_survey["survey"]), post_data(full_survey))
        assert response.status_code == 302
        saved = Response.objects.get(user=resident)
        assert list(saved.answers.filter(question=full_survey["ranking"]).values_list("rank", flat=True)) == [1, 2, 3]
        page = client.get(url_of(full_survey["survey"]))
        assert b'data-testid="survey-form"' not in page.content
        assert b'data-testid="survey-refusal"' in page.content

    def test_a_refusal_keeps_what_was_typed_and_says_why_next_to_the_question(self, client, full_survey, resident):
        client.force_login(resident)
        data = {**post_data(full_survey), full_survey["scale"].field_name: "", full_survey["name"].field_name: "Léa"}
        data[f"{full_survey['ranking'].field_name}_c{full_survey['ranked'][2].pk}"] = "1"  # two firsts
        response = client.post(url_of(full_survey["survey"]), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert html.count('data-testid="question-error"') == 2
        assert 'value="Léa"' in html and "Plus rapide</textarea>" in html
        checked = f'value="{full_survey["bike"].pk}" checked'
        assert checked in html
        # The ranking comes back in the order given.
        first, second = full_survey["ranked"][1], full_survey["ranked"][2]
        assert html.index(f"_c{first.pk}\"") < html.index(f"_c{full_survey['ranked'][0].pk}\"")
        assert html.index(f"_c{second.pk}\"") < html.index(f"_c{full_survey['ranked'][0].pk}\"")
        assert not Response.objects.exists()

    def test_a_draft_survey_is_not_found_by_the_public(self, client, survey):
        survey.status = Survey.Status.DRAFT
        survey.save()
        assert client.get(url_of(survey)).status_code == 404

    def test_the_process_page_links_to_published_surveys(self, client, survey):
        draft = SurveyFactory(process=survey.process, status=Survey.Status.DRAFT, title="Brouillon caché")
        page = client.get(survey.process.get_absolute_url())
        assert url_of(survey).encode() in page.content
        assert url_of(draft).encode() not in page.content


class TestBackOffice:
    def test_citizens_and_other_process_admins_are_refused(self, client, survey, resident):
        other_admin = ProcessRoleFactory(role=ProcessRole.Role.ADMIN).user
        for person in (resident, other_admin):
            client.force_login(person)
            for name, arg in (("surveys", survey.process.slug), ("results", survey.pk), ("survey_edit", survey.pk)):
                assert client.get(reverse(f"surveys_backoffice:{name}", args=[arg])).status_code == 403
            assert client.get(reverse("surveys_backoffice:export", args=[survey.pk, "csv"])).status_code == 403

    def test_a_process_admin_builds_a_survey(self, client, survey, process_admin):
        client.force_login(process_admin)
        assert client.get(reverse("surveys_backoffice:surveys", args=[survey.process.slug])).status_code == 200
        response = client.post(
            reverse("surveys_backoffice:survey_create", args=[survey.process.slug]),
            {"title_fr": "Mobilité", "status": "published", "position": "0"},
        )
        created = Survey.objects.get(title_fr="Mobilité")
        assert response.status_code == 302
        response = client.post(
            reverse("surveys_backoffice:question_create", args=[created.pk]),
            {"kind": "single", "text_fr": "Comment venez-vous ?", "position": "1", "scale_min": "1", "scale_max": "5",
             "choices_fr": "À pied\nEn bus", "choices_en": "On foot\nBy bus"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        question = created.questions.get()
        assert [c.text_en for c in question.choices.all()] == ["On foot", "By bus"]
        response = client.post(
            reverse("surveys_backoffice:question_create", args=[created.pk]),
            {"kind": "short_text", "text_fr": "Pourquoi ?", "position": "2", "scale_min": "1", "scale_max": "5",
             "show_if": str(question.choices.first().pk)},
        )
        assert response.status_code == 302
        assert created.questions.get(text_fr="Pourquoi ?").show_if == question.choices.first()
        page = client.get(reverse("surveys_backoffice:survey_edit", args=[created.pk]))
        assert "Comment venez-vous ?" in page.content.decode()

    def test_results_exports_and_demographics(self, client, full_survey, valid_data, process_admin):
        survey = full_survey["survey"]
        people = [UserFactory(postal_code="59800" if n < 12 else "59000") for n in range(14)]
        for n, person in enumerate(people):
            Demographics.objects.create(user=person, gender="woman" if n < 11 else "man")
            data = {**valid_data}
            if n == 0:
                data[full_survey["name"].field_name] = "=HYPERLINK(\"http://evil\")"
            services.survey_answer_submit(survey=survey, user=person, data=data)
        client.force_login(process_admin)
        page = client.get(reverse("surveys_backoffice:results", args=[survey.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert html.count('data-testid="result-chart"') == 4  # single, multiple, ranking, scale
        assert 'data-testid="result-matrix"' in html
        # k-anonymity: the 3 men are never counted, nor the 11 women (14 - 11 would give them away); nor the
        # 2 people of 59000. The 14 whose age is unknown are one group.
        demographics = html[html.index('data-testid="demographics"'):]
        assert ">14 <" in demographics
        assert ">11 <" not in demographics and ">3 <" not in demographics and ">2 <" not in demographics
        assert "moins de 10" in demographics or "fewer than 10" in demographics

        response = client.get(reverse("surveys_backoffice:export", args=[survey.pk, "csv"]))
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        header, lines = rows[0], rows[1:]
        assert len(lines) == 14 and header[:3] == ["response", "submitted_on", "participant"]
        assert len(header) == 3 + 7 + 2  # 8 questions, the matrix on two columns
        first = dict(zip(header, lines[0], strict=True))
        assert first[f"Q1. {full_survey['transport'].text}"] == "Vélo"
        assert first[f"Q5. {full_survey['ranking'].text}"] == "1. B; 2. A; 3. C"
        assert first[f"Q7.2. {full_survey['matrix'].text} – Sécurité"] == "Mal"
        assert any(cell.startswith("'=HYPERLINK") for line in lines for cell in line)

        response = client.get(reverse("surveys_backoffice:export", args=[survey.pk, "xlsx"]))
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
        values = list(sheet.values)
        assert len(values) == 15 and values[0][:3] == ("response", "submitted_on", "participant")
        assert client.get(reverse("surveys_backoffice:export", args=[survey.pk, "json"])).status_code == 404

    def test_anonymous_survey_exports_no_name(self, client, survey, process_admin):
        survey.is_anonymous = True
        survey.save()
        question = QuestionFactory(survey=survey, kind=Kind.SHORT_TEXT)
        person = UserFactory(display_name="Nom Secret")
        services.survey_answer_submit(survey=survey, user=person, data={question.field_name: "oui"})
        client.force_login(process_admin)
        response = client.get(reverse("surveys_backoffice:export", args=[survey.pk, "csv"]))
        assert "Nom Secret" not in b"".join(response.streaming_content).decode("utf-8-sig")

    def test_answer_files_reach_process_admins_only(self, client, survey, process_admin, resident):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.helpers import png_bytes

        question = QuestionFactory(survey=survey, kind=Kind.FILE)
        upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
        saved = services.survey_answer_submit(survey=survey, user=resident, data={question.field_name: upload})
        url = saved.answers.get().file.url
        client.force_login(resident)
        assert client.get(url).status_code == 404
        client.force_login(process_admin)
        assert client.get(url).status_code == 200


def test_choice_question_helper_is_ordered(survey):
    question, choices = choice_question(survey, Kind.SINGLE)
    assert list(question.choices.all()) == choices


def test_publishing_a_survey_refreshes_the_cached_process_page(client, settings, survey, process_admin):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60
    draft = SurveyFactory(process=survey.process, status=Survey.Status.DRAFT)
    url = survey.process.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    services.survey_update(survey=draft, actor=process_admin, data={"status": Survey.Status.PUBLISHED})
    page = client.get(url)
    assert page["X-Cache"] == "miss" and url_of(draft).encode() in page.content


def test_the_results_page_queries_do_not_grow_with_respondents(client, full_survey, valid_data, process_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    survey = full_survey["survey"]
    url = reverse("surveys_backoffice:results", args=[survey.pk])
    client.force_login(process_admin)
    client.get(url)  # warm: the session, the terms version and the roles cached per request
    counts = []
    for total in (10, 16):  # both with their demographics (shown from 10 people)
        while Response.objects.filter(survey=survey).count() < total:
            services.survey_answer_submit(survey=survey, user=UserFactory(), data=valid_data)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_closed_survey_tells_visitors_when_it_closed_rather_than_to_sign_in(client):
    from apps.spaces.phases import PhaseKind
    from tests.factories import PhaseFactory
    from tests.helpers import freeze_phase

    phase = PhaseFactory(kind=PhaseKind.SURVEY)
    survey = SurveyFactory(process=phase.process)
    with freeze_phase(phase, "after"), translation.override("en"):
        html = client.get(url_of(survey).replace("/fr/", "/en/")).content.decode()
    assert "Surveys closed on " in html and "Sign in to answer" not in html
