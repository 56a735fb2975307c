import factory

from apps.surveys.models import Choice, Question, Survey
from tests.factories import ProcessFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Enquête {n}")
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    status = Survey.Status.PUBLISHED


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    kind = Question.Kind.SHORT_TEXT
    text = factory.Sequence(lambda n: f"Question {n}")
    position = factory.Sequence(lambda n: n)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Réponse {n}")
    position = factory.Sequence(lambda n: n)


def choice_question(survey, kind, texts=("Vélo", "Bus", "Voiture"), **kwargs):
    question = QuestionFactory(survey=survey, kind=kind, **kwargs)
    choices = [ChoiceFactory(question=question, text=text, position=i) for i, text in enumerate(texts)]
    return question, choices
