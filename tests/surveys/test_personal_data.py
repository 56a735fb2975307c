"""'Download my data' and 'delete my account' for surveys: linked answers are exported and erased; an anonymous
survey's answers were never linked to the person and stay, without them."""

import pytest

from apps.core.personal_data import erasers, exporters
from apps.surveys import services
from apps.surveys.models import Participation, Question, Response

from .factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_export_and_erasure(survey, resident):
    named = QuestionFactory(survey=survey, kind=Question.Kind.SHORT_TEXT)
    anonymous = SurveyFactory(process=survey.process, is_anonymous=True)
    hidden = QuestionFactory(survey=anonymous, kind=Question.Kind.SHORT_TEXT)
    services.survey_answer_submit(survey=survey, user=resident, data={named.field_name: "Mon quartier"})
    services.survey_answer_submit(survey=anonymous, user=resident, data={hidden.field_name: "Secret"})

    data = exporters()["surveys"](resident)
    by_title = {item["survey"]: item for item in data}
    assert by_title[survey.title]["answers"][0]["text"] == "Mon quartier"
    assert "answers" not in by_title[anonymous.title] and by_title[anonymous.title]["anonymous"] is True

    erasers()["surveys"](resident)
    assert not Response.objects.filter(survey=survey).exists()
    assert not Participation.objects.filter(user=resident).exists()
    assert Response.objects.get(survey=anonymous).answers.get().text == "Secret"
