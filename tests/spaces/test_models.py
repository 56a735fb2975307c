from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from apps.spaces.models import Phase, Process
from apps.spaces.phases import Feature, PhaseKind
from tests.factories import PhaseFactory, ProcessFactory
from tests.helpers import freeze_phase

pytestmark = pytest.mark.django_db


def _phase(process, kind, start, end, **extra):
    return PhaseFactory(process=process, kind=kind, start_date=start, end_date=end, **extra)


def _fresh(process):
    return Process.objects.get(pk=process.pk)


class TestPhaseValidation:
    def test_end_before_start_is_refused(self):
        process = ProcessFactory(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        phase = Phase(process=process, kind=PhaseKind.PROPOSALS, title="Idées",
                      start_date=date(2026, 3, 10), end_date=date(2026, 3, 1))
        with pytest.raises(ValidationError) as error:
            phase.full_clean()
        assert "end_date" in error.value.message_dict

    def test_same_day_phase_is_valid(self):
        process = ProcessFactory(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        phase = Phase(process=process, kind=PhaseKind.VOTING, title="Vote",
                      start_date=date(2026, 3, 1), end_date=date(2026, 3, 1))
        phase.full_clean()
        phase.save()
        assert _fresh(process).active_phase_on(date(2026, 3, 1)) == phase
        assert phase.state_on(date(2026, 3, 1)) == Phase.State.CURRENT

    @pytest.mark.parametrize(
        "start,end",
        [
            (date(2026, 3, 5), date(2026, 3, 20)),  # starts inside
            (date(2026, 2, 20), date(2026, 3, 1)),  # ends on the first day
            (date(2026, 2, 20), date(2026, 4, 20)),  # contains it
            (date(2026, 3, 10), date(2026, 3, 10)),  # shares the last day
        ],
    )
    def test_overlap_with_a_saved_phase_is_refused(self, start, end):
        process = ProcessFactory(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        _phase(process, PhaseKind.PROPOSALS, date(2026, 3, 1), date(2026, 3, 10), title="Dépôt")
        phase = Phase(process=process, kind=PhaseKind.VOTING, title="Vote", start_date=start, end_date=end)
        with translation.override("en"):
            with pytest.raises(ValidationError) as error:
                phase.full_clean()
            message = error.value.message_dict["start_date"][0]
        assert "Dépôt" in message
        assert "1 March 2026" in message and "10 March 2026" in message

    def test_adjacent_phases_and_other_processes_do_not_overlap(self):
        process = ProcessFactory(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        _phase(process, PhaseKind.PROPOSALS, date(2026, 3, 1), date(2026, 3, 10))
        _phase(ProcessFactory(), PhaseKind.VOTING, date(2026, 3, 11), date(2026, 3, 20))
        phase = Phase(process=process, kind=PhaseKind.VOTING, title="Vote",
                      start_date=date(2026, 3, 11), end_date=date(2026, 3, 20))
        assert phase.overlapping_phase() is None
        phase.full_clean()
        phase.save()
        assert [p.kind for p in _fresh(process).ordered_phases] == [PhaseKind.PROPOSALS, PhaseKind.VOTING]

    def test_a_phase_does_not_overlap_itself(self):
        process = ProcessFactory(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
        phase = _phase(process, PhaseKind.PROPOSALS, date(2026, 3, 1), date(2026, 3, 10))
        phase.end_date = date(2026, 3, 12)
        assert phase.overlapping_phase() is None
        phase.full_clean()
        phase.save()
        assert Phase.objects.get(pk=phase.pk).end_date == date(2026, 3, 12)

    def test_database_refuses_end_before_start(self):
        from django.db import IntegrityError

        with pytest.raises(IntegrityError):
            _phase(ProcessFactory(), PhaseKind.PROPOSALS, date(2026, 3, 10), date(2026, 3, 1))


class TestProcessValidation:
    def test_end_before_start(self):
        process = ProcessFactory.build(start_date=date(2026, 3, 10), end_date=date(2026, 3, 1))
        with pytest.raises(ValidationError) as error:
            process.clean()
        assert "end_date" in error.value.message_dict

    def test_pinned_phase_must_belong_to_the_process(self):
        process = ProcessFactory()
        process.pinned_phase = PhaseFactory()  # another process
        with pytest.raises(ValidationError) as error:
            process.clean()
        assert "pinned_phase" in error.value.message_dict


class TestActivePhase:
    @pytest.fixture
    def timeline(self):
        today = timezone.localdate()
        process = ProcessFactory()
        phases = {
            "proposals": _phase(process, PhaseKind.PROPOSALS, today - timedelta(days=30), today - timedelta(days=11)),
            "supports": _phase(process, PhaseKind.SUPPORTS, today - timedelta(days=10), today + timedelta(days=10)),
            "voting": _phase(process, PhaseKind.VOTING, today + timedelta(days=20), today + timedelta(days=30)),
        }
        return process, phases

    def test_active_phase_is_the_one_containing_today(self, timeline):
        process, phases = timeline
        process = _fresh(process)
        assert process.active_phase == phases["supports"]
        assert process.feature_enabled(Feature.SUPPORT)
        assert not process.feature_enabled(Feature.CREATE_PROPOSALS)
        assert not process.feature_enabled(Feature.VOTE)

    def test_first_and_last_days_are_inside(self, timeline):
        process, phases = timeline
        for where_day in (phases["voting"].start_date, phases["voting"].end_date):
            assert _fresh(process).active_phase_on(where_day) == phases["voting"]

    def test_no_active_phase_between_phases(self, timeline):
        process, phases = timeline
        with freeze_phase(phases["voting"], "before"):
            fresh = _fresh(process)
            assert fresh.active_phase is None
            assert not fresh.feature_enabled(Feature.VOTE)

    def test_no_phase_at_all(self):
        assert ProcessFactory().active_phase is None

    def test_pinned_phase_wins_over_dates(self, timeline):
        process, phases = timeline
        process.pinned_phase = phases["voting"]
        process.save()
        fresh = _fresh(process)
        assert fresh.active_phase == phases["voting"]
        assert fresh.feature_enabled(Feature.VOTE)
        assert not fresh.feature_enabled(Feature.SUPPORT)

    def test_pinned_phase_orders_the_timeline(self, timeline):
        process, phases = timeline
        process.pinned_phase = phases["proposals"]
        process.save()
        states = {p.kind: p.state for p in _fresh(process).ordered_phases}
        assert states == {"proposals": "current", "supports": "upcoming", "voting": "upcoming"}

    def test_timeline_states_by_date(self, timeline):
        process, _ = timeline
        states = {p.kind: p.state for p in _fresh(process).ordered_phases}
        assert states == {"proposals": "past", "supports": "current", "voting": "upcoming"}

    def test_state_properties_and_labels(self, timeline):
        past, current, upcoming = _fresh(timeline[0]).ordered_phases
        states = (past.state, current.state, upcoming.state)
        assert states == (Phase.State.PAST, Phase.State.CURRENT, Phase.State.UPCOMING)
        assert [(p.is_past, p.is_current) for p in (past, current, upcoming)] == [
            (True, False),
            (False, True),
            (False, False),
        ]
        with translation.override("en"):
            assert [str(p.state.label) for p in (past, current, upcoming)] == ["past", "current", "upcoming"]

    def test_deleting_the_pinned_phase_unpins(self, timeline):
        process, phases = timeline
        process.pinned_phase = phases["voting"]
        process.save()
        phases["voting"].delete()
        fresh = _fresh(process)
        assert fresh.pinned_phase is None
        assert fresh.active_phase == phases["supports"]

    def test_kind_declares_features(self):
        phase = PhaseFactory.build(kind=PhaseKind.PROPOSALS)
        assert phase.features == {Feature.CREATE_PROPOSALS, Feature.SUPPORT, Feature.COMMENT, Feature.SURVEY}
        assert PhaseFactory.build(kind=PhaseKind.INFORMATION).features == frozenset()


class TestTranslations:
    def test_translated_fields_fall_back_to_french(self):
        process = ProcessFactory(title="Budget de la ville", title_en="", subtitle="Vos idées",
                                 short_description="Proposez", description="<p>Texte</p>")
        fresh = _fresh(process)
        with translation.override("en"):
            assert fresh.title == "Budget de la ville"
            assert fresh.subtitle == "Vos idées"
        with translation.override("es"):
            assert fresh.short_description == "Proposez"

    def test_translation_is_used_when_present(self):
        process = ProcessFactory(title="Budget de la ville", title_en="City budget")
        fresh = _fresh(process)
        with translation.override("en"):
            assert fresh.title == "City budget"
        with translation.override("es"):  # es falls back to en, then fr
            assert fresh.title == "City budget"
        with translation.override("fr"):
            assert fresh.title == "Budget de la ville"

    def test_phase_titles_are_translated(self):
        phase = PhaseFactory(title="Vote", title_en="Voting", description="Votez", description_en="")
        fresh = Phase.objects.get(pk=phase.pk)
        with translation.override("en"):
            assert fresh.title == "Voting"
            assert fresh.description == "Votez"


@pytest.mark.django_db
def test_phase_must_lie_within_the_process_dates():
    from datetime import timedelta

    from django.core.exceptions import ValidationError

    from tests.factories import PhaseFactory, ProcessFactory

    process = ProcessFactory()
    phase = PhaseFactory.build(
        process=process, start_date=process.start_date - timedelta(days=1), end_date=process.start_date
    )
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert "start_date" in error.value.message_dict
    PhaseFactory.build(process=process, start_date=process.start_date, end_date=process.end_date).full_clean()
