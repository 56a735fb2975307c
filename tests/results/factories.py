"""Factories of results tracking (here rather than in tests/factories.py, to keep merges apart)."""

import factory
from django.utils import timezone

from apps.results.models import Result, ResultStatus, TimelineEntry
from tests.factories import ProcessFactory

STATUSES = [
    ("studying", "À l'étude", "Studying", 10),
    ("tendering", "Appel d'offres", "Tendering", 30),
    ("works", "Travaux", "Works", 60),
    ("done", "Terminé", "Done", 100),
]


class ResultStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultStatus

    process = factory.SubFactory(ProcessFactory)
    key = factory.Sequence(lambda n: f"status-{n}")
    name = factory.Sequence(lambda n: f"Statut {n}")
    name_en = factory.Sequence(lambda n: f"Status {n}")
    progress = 50
    position = factory.Sequence(lambda n: n)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Réalisation {n}")
    title_en = factory.Sequence(lambda n: f"Result {n}")
    progress = 0
    position = factory.Sequence(lambda n: n)


class TimelineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEntry

    result = factory.SubFactory(ResultFactory)
    date = factory.LazyFunction(timezone.localdate)
    title = factory.Sequence(lambda n: f"Étape {n}")
    title_en = factory.Sequence(lambda n: f"Step {n}")


def statuses_for(process):
    """The four statuses of the issue's example, with their default progress: {key: status}."""
    return {
        key: ResultStatusFactory(process=process, key=key, name=fr, name_en=en, progress=progress, position=i)
        for i, (key, fr, en, progress) in enumerate(STATUSES)
    }
