import pytest

from apps.spaces.models import ProcessRole
from apps.surveys.models import Question
from tests.factories import PhaseFactory, ProcessRoleFactory, UserFactory

from .factories import QuestionFactory, SurveyFactory, choice_question

Kind = Question.Kind


@pytest.fixture
def survey(db):
    """A published survey in a process whose active phase (proposals) opens surveys."""
    process = PhaseFactory().process
    return SurveyFactory(process=process)


@pytest.fixture
def full_survey(survey):
    """One question of each kind; the long text is shown only to people who go by bike."""
    transport, (bike, bus, car) = choice_question(survey, Kind.SINGLE, required=True, allow_other=True, position=1)
    why = QuestionFactory(survey=survey, kind=Kind.LONG_TEXT, required=True, show_if=bike, position=2)
    name = QuestionFactory(survey=survey, kind=Kind.SHORT_TEXT, position=3)
    topics, topic_choices = choice_question(survey, Kind.MULTIPLE, ("Parcs", "Écoles", "Sport"), position=4)
    ranking, ranked = choice_question(survey, Kind.RANKING, ("A", "B", "C"), position=5)
    scale = QuestionFactory(survey=survey, kind=Kind.SCALE, scale_min=1, scale_max=5, required=True, position=6)
    matrix = QuestionFactory(
        survey=survey, kind=Kind.MATRIX, matrix_rows="Propreté\nSécurité", matrix_columns="Bien\nMoyen\nMal",
        required=True, position=7,
    )
    upload = QuestionFactory(survey=survey, kind=Kind.FILE, position=8)
    return {
        "survey": survey, "transport": transport, "bike": bike, "bus": bus, "car": car, "why": why, "name": name,
        "topics": topics, "topic_choices": topic_choices, "ranking": ranking, "ranked": ranked, "scale": scale,
        "matrix": matrix, "file": upload,
    }


@pytest.fixture
def valid_data(full_survey):
    s = full_survey
    return {
        s["transport"].field_name: str(s["bike"].pk),
        s["why"].field_name: "C'est plus rapide.",
        s["topics"].field_name: [str(s["topic_choices"][0].pk), str(s["topic_choices"][2].pk)],
        s["ranking"].field_name: {s["ranked"][0].pk: "2", s["ranked"][1].pk: "1", s["ranked"][2].pk: "3"},
        s["scale"].field_name: "4",
        s["matrix"].field_name: {0: "0", 1: "2"},
    }


@pytest.fixture
def process_admin(survey):
    return ProcessRoleFactory(process=survey.process, role=ProcessRole.Role.ADMIN).user


@pytest.fixture
def resident(db):
    return UserFactory()
