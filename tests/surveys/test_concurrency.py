"""A double submit of the same survey at once, on PostgreSQL (skipped on SQLite, which serialises writers)."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection
from django.utils import translation

from apps.surveys import services
from apps.surveys.models import Answer, Participation, Question, Response, Survey
from tests.factories import PhaseFactory, UserFactory

from .factories import QuestionFactory, SurveyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("anonymous", [False, True])
def test_two_submits_at_once_record_one_response(anonymous):
    survey = SurveyFactory(process=PhaseFactory().process, is_anonymous=anonymous)
    question = QuestionFactory(survey=survey, kind=Question.Kind.SHORT_TEXT, required=True)
    person = UserFactory()
    barrier = threading.Barrier(2)
    outcomes = []
    real_clean = Response.full_clean

    def slow_clean(self, *args, **kwargs):
        # Both requests have passed the "not answered yet" rule before either writes: only the constraint stops one.
        real_clean(self, *args, **kwargs)
        time.sleep(0.3)

    def answer(text):
        try:
            fresh = Survey.objects.select_related("process").get(pk=survey.pk)
            barrier.wait(timeout=10)
            with translation.override("en"):
                services.survey_answer_submit(survey=fresh, user=person, data={question.field_name: text})
            outcomes.append("recorded")
        except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
            outcomes.append(" ".join(getattr(error, "messages", [repr(error)])))
        finally:
            connection.close()

    with mock.patch.object(Response, "full_clean", slow_clean):
        threads = [threading.Thread(target=answer, args=(text,)) for text in ("first", "second")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(outcomes) == ["You have already answered this survey. Thank you!", "recorded"], outcomes
    assert Participation.objects.filter(survey=survey, user=person).count() == 1
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(question=question).count() == 1
