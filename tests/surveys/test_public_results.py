"""The public results of a survey: only once its administrators publish them, only the figures of the closed
questions (never the written answers, the "other" texts or the files), and only from MIN_GROUP respondents."""

import pytest
from django.urls import reverse

from apps.surveys import services
from apps.surveys.models import Response, Survey
from apps.surveys.selectors import MIN_GROUP
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def results_url(survey):
    return reverse("surveys:results", args=[survey.process.slug, survey.pk]).replace("/fr/", "/en/")


def detail_url(survey):
    return survey.get_absolute_url().replace("/fr/", "/en/")


def answer(survey, data, count):
    while Response.objects.filter(survey=survey).count() < count:
        services.survey_answer_submit(survey=survey, user=UserFactory(), data=data)


def publish_results(survey, process_admin):
    """As the process's administrator does it, through the survey's form in the back-office."""
    services.survey_update(survey=survey, actor=process_admin, data={"results_public": True})
    survey.refresh_from_db()
    assert survey.results_public


def test_results_are_private_until_published(client, full_survey, valid_data, process_admin):
    survey = full_survey["survey"]
    answer(survey, valid_data, MIN_GROUP)
    assert client.get(results_url(survey)).status_code == 404
    assert 'data-testid="survey-results-link"' not in client.get(detail_url(survey)).content.decode()

    publish_results(survey, process_admin)
    assert 'data-testid="survey-results-link"' in client.get(detail_url(survey)).content.decode()
    page = client.get(results_url(survey))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{MIN_GROUP} responses" in html
    assert str(full_survey["transport"].text) in html and str(full_survey["bike"].text) in html
    assert html.count('data-testid="result-chart"') >= 3  # single, multiple, ranking, scale
    assert 'data-testid="result-matrix"' in html


def test_written_answers_and_files_stay_private(client, full_survey, valid_data, process_admin):
    survey = full_survey["survey"]
    data = {**valid_data, full_survey["name"].field_name: "Martine Dupont, 12 rue des Lilas"}
    answer(survey, data, MIN_GROUP)
    publish_results(survey, process_admin)
    html = client.get(results_url(survey)).content.decode()
    assert "Martine Dupont" not in html and "plus rapide" not in html.lower()
    assert str(full_survey["name"].text) not in html and str(full_survey["file"].text) not in html
    assert 'data-testid="result-texts"' not in html and 'data-testid="result-files"' not in html
    # The organisers still read them in the back-office.
    client.force_login(process_admin)
    assert "Martine Dupont" in client.get(reverse("surveys_backoffice:results", args=[survey.pk])).content.decode()


def test_too_few_respondents_show_no_figure(client, full_survey, valid_data, process_admin):
    survey = full_survey["survey"]
    answer(survey, valid_data, MIN_GROUP - 1)
    publish_results(survey, process_admin)
    html = client.get(results_url(survey)).content.decode()
    assert 'data-testid="results-too-few"' in html
    assert 'data-testid="question-result"' not in html


def test_a_draft_survey_has_no_public_results(client, full_survey, valid_data, process_admin):
    survey = full_survey["survey"]
    answer(survey, valid_data, MIN_GROUP)
    publish_results(survey, process_admin)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.DRAFT)
    assert client.get(results_url(survey)).status_code == 404


def test_the_public_results_queries_do_not_grow(client, full_survey, valid_data, process_admin,
                                                django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    survey = full_survey["survey"]
    publish_results(survey, process_admin)
    counts = []
    for total in (MIN_GROUP, MIN_GROUP + 6):
        answer(survey, valid_data, total)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(results_url(survey)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_administrator_publishes_them_from_the_survey_form(client, full_survey, process_admin):
    survey = full_survey["survey"]
    client.force_login(process_admin)
    url = reverse("surveys_backoffice:survey_edit", args=[survey.pk])
    assert 'name="results_public"' in client.get(url).content.decode()
