"""The project status pipeline as data, and the notification a voter gets when a project leaves their ballot."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.budgets.models import Project
from apps.budgets.pipeline import AUDIT_ACTIONS, PIPELINE
from apps.notifications.models import Notification
from tests.factories import UserFactory


def test_the_pipeline_allows_the_tables_moves_only():
    assert PIPELINE.can(Project.Status.CANDIDATE, Project.Status.SELECTED)
    assert PIPELINE.can(Project.Status.SELECTED, Project.Status.CANDIDATE)
    assert not PIPELINE.can(Project.Status.CANDIDATE, Project.Status.WINNER)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        PIPELINE.check(Project.Status.CANDIDATE, Project.Status.WINNER)
    assert refused.value.message_dict["status"] == [
        "A project cannot go from “Not selected for the vote yet” to “Winner”."
    ]
    PIPELINE.check_initial(Project.Status.CANDIDATE)
    with pytest.raises(ValidationError):
        PIPELINE.check_initial(Project.Status.SELECTED)


def test_every_allowed_move_has_its_audit_action():
    for source, targets in Project.TRANSITIONS.items():
        for target in targets:
            assert (source, target) in AUDIT_ACTIONS


@pytest.mark.django_db
def test_the_reclassified_ballot_notification_says_what_happened():
    notification = Notification(
        recipient=UserFactory(), kind=Notification.Kind.BALLOT_RECLASSIFIED, data={"title": "Skatepark"}
    )
    with translation.override("en"):
        assert notification.summary == "“Skatepark” is no longer on the ballot: it has been removed from your choice"
