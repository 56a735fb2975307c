"""Every survey rule on the server: each question kind's validation, required and conditional questions, one answer
per person (anonymous surveys too), phase gating with its sentence, the builder's rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from apps.core.models import AuditEntry
from apps.spaces.phases import PhaseKind
from apps.surveys import services
from apps.surveys.models import Answer, Participation, Question, Response
from tests.factories import PhaseFactory, ProcessFactory, UserFactory
from tests.helpers import freeze_phase, png_bytes

from .factories import SurveyFactory, choice_question

Kind = Question.Kind
pytestmark = pytest.mark.django_db


def submit(survey, user, data):
    with translation.override("en"):
        return services.survey_answer_submit(survey=survey, user=user, data=data)


def errors_of(survey, user, data):
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.survey_answer_submit(survey=survey, user=user, data=data)
    return caught.value.message_dict


class TestValidAnswers:
    def test_every_kind_is_stored(self, full_survey, valid_data, resident):
        s = full_survey
        response = submit(s["survey"], resident, valid_data)
        assert response.user == resident
        rows = {(a.question_id, a.choice_id, a.rank, a.value, a.row, a.column, a.text) for a in response.answers.all()}
        assert (s["transport"].pk, s["bike"].pk, None, None, None, None, "") in rows
        assert (s["why"].pk, None, None, None, None, None, "C'est plus rapide.") in rows
        assert {a.choice_id for a in response.answers.filter(question=s["topics"])} == {
            s["topic_choices"][0].pk,
            s["topic_choices"][2].pk,
        }
        assert list(response.answers.filter(question=s["ranking"]).values_list("choice_id", "rank")) == [
            (s["ranked"][1].pk, 1),
            (s["ranked"][0].pk, 2),
            (s["ranked"][2].pk, 3),
        ]
        assert response.answers.get(question=s["scale"]).value == 4
        assert list(response.answers.filter(question=s["matrix"]).values_list("row", "column")) == [(0, 0), (1, 2)]
        assert Participation.objects.filter(survey=s["survey"], user=resident).count() == 1
        entry = AuditEntry.objects.get(action="surveys.answer")
        assert entry.actor == resident and entry.process_id == s["survey"].process_id

    def test_other_with_its_text(self, full_survey, valid_data, resident):
        s = full_survey
        data = {**valid_data, s["transport"].field_name: "other", f"{s['transport'].field_name}_other": "Trottinette"}
        response = submit(s["survey"], resident, data)
        answer = response.answers.get(question=s["transport"])
        assert (answer.choice_id, answer.text) == (None, "Trottinette")

    def test_an_image_file_is_checked_by_content_and_stored_privately(self, full_survey, valid_data, resident):
        s = full_survey
        upload = SimpleUploadedFile("plan.png", png_bytes(), content_type="image/png")
        response = submit(s["survey"], resident, {**valid_data, s["file"].field_name: upload})
        answer = response.answers.get(question=s["file"])
        assert answer.file.name.startswith("surveys/") and answer.content_type == "image/png"
        assert answer.file_name == "plan.png"


class TestRefusedAnswers:
    def test_required_question_left_empty(self, full_survey, valid_data, resident):
        s = full_survey
        errors = errors_of(s["survey"], resident, {**valid_data, s["scale"].field_name: ""})
        assert errors == {s["scale"].field_name: ["This question is required."]}
        assert not Response.objects.exists() and not Participation.objects.exists()

    def test_a_choice_of_another_question_is_refused(self, full_survey, valid_data, resident):
        s = full_survey
        errors = errors_of(s["survey"], resident, {**valid_data, s["transport"].field_name: str(s["ranked"][0].pk)})
        assert errors[s["transport"].field_name] == ["Choose among the answers offered."]

    def test_garbage_choice_ids(self, full_survey, valid_data, resident):
        s = full_survey
        data = {**valid_data, s["topics"].field_name: ["abc", "99999999999999999999999"]}
        assert s["topics"].field_name in errors_of(s["survey"], resident, data)

    def test_other_is_refused_where_not_allowed_and_needs_its_text(self, full_survey, valid_data, resident):
        s = full_survey
        errors = errors_of(s["survey"], resident, {**valid_data, s["topics"].field_name: ["other"]})
        assert errors[s["topics"].field_name] == ["Choose among the answers offered."]
        errors = errors_of(s["survey"], resident, {**valid_data, s["transport"].field_name: "other"})
        assert errors[s["transport"].field_name] == ["Say what your other answer is."]

    def test_single_choice_takes_one_answer(self, full_survey, valid_data, resident):
        s = full_survey
        data = {**valid_data, s["transport"].field_name: [str(s["bus"].pk), str(s["car"].pk)]}
        assert errors_of(s["survey"], resident, data)[s["transport"].field_name] == ["Choose one answer only."]

    @pytest.mark.parametrize(
        "ranks", [("1", "1", "2"), ("1", "2", ""), ("1", "2", "4"), ("0", "1", "2"), ("x", "1", "2")]
    )
    def test_ranking_must_be_a_permutation(self, full_survey, valid_data, resident, ranks):
        s = full_survey
        data = {**valid_data, s["ranking"].field_name: dict(zip([c.pk for c in s["ranked"]], ranks, strict=True))}
        assert errors_of(s["survey"], resident, data)[s["ranking"].field_name] == [
            "Give each answer a different rank, from 1 to 3."
        ]

    @pytest.mark.parametrize("value", ["0", "6", "2.5", "-1", "cinq"])
    def test_scale_bounds(self, full_survey, valid_data, resident, value):
        s = full_survey
        data = {**valid_data, s["scale"].field_name: value}
        assert errors_of(s["survey"], resident, data)[s["scale"].field_name] == ["Choose a value from 1 to 5."]

    def test_matrix_rows_are_complete_when_required_and_columns_exist(self, full_survey, valid_data, resident):
        s = full_survey
        name = s["matrix"].field_name
        assert errors_of(s["survey"], resident, {**valid_data, name: {0: "1", 1: ""}})[name] == ["Answer every row."]
        assert errors_of(s["survey"], resident, {**valid_data, name: {0: "1", 1: "7"}})[name] == [
            "Choose among the answers offered."
        ]
        assert errors_of(s["survey"], resident, {**valid_data, name: {5: "1", 1: "1"}})[name] == [
            "Choose among the answers offered."
        ]

    def test_text_length(self, full_survey, valid_data, resident):
        s = full_survey
        data = {**valid_data, s["name"].field_name: "x" * 301}
        assert errors_of(s["survey"], resident, data)[s["name"].field_name] == ["At most 300 characters."]

    def test_a_file_that_is_not_an_image_or_document_is_refused(self, full_survey, valid_data, resident):
        s = full_survey
        upload = SimpleUploadedFile("plan.png", b"<script>alert(1)</script>", content_type="image/png")
        errors = errors_of(s["survey"], resident, {**valid_data, s["file"].field_name: upload})
        assert "This file type is not accepted" in errors[s["file"].field_name][0]

    def test_every_error_at_once(self, full_survey, resident):
        s = full_survey
        errors = errors_of(s["survey"], resident, {})
        assert set(errors) == {s["transport"].field_name, s["scale"].field_name, s["matrix"].field_name}


class TestConditions:
    def test_a_hidden_question_is_not_required_and_its_answer_is_dropped(self, full_survey, valid_data, resident):
        s = full_survey
        data = {**valid_data, s["transport"].field_name: str(s["bus"].pk), s["why"].field_name: ""}
        response = submit(s["survey"], resident, data)
        assert not response.answers.filter(question=s["why"]).exists()
        data[s["why"].field_name] = "Sent anyway"
        response = submit(s["survey"], UserFactory(), data)
        assert not response.answers.filter(question=s["why"]).exists()

    def test_a_shown_conditional_question_is_required(self, full_survey, valid_data, resident):
        s = full_survey
        errors = errors_of(s["survey"], resident, {**valid_data, s["why"].field_name: ""})
        assert errors == {s["why"].field_name: ["This question is required."]}

    def test_a_chain_of_conditions(self, survey, resident):
        first, (yes, _no) = choice_question(survey, Kind.SINGLE, ("Oui", "Non"), position=1)
        second, (again, _other) = choice_question(survey, Kind.SINGLE, ("Encore", "Non"), show_if=yes, position=2)
        third = Question.objects.create(
            survey=survey, kind=Kind.SHORT_TEXT, text="Q3", required=True, show_if=again, position=3
        )
        # The third depends on the second, which is hidden: neither is asked.
        submit(survey, resident, {first.field_name: str(_no.pk), second.field_name: str(again.pk)})
        errors = errors_of(survey, UserFactory(), {first.field_name: str(yes.pk), second.field_name: str(again.pk)})
        assert errors == {third.field_name: ["This question is required."]}


class TestOnePerPerson:
    def test_a_second_answer_is_refused(self, full_survey, valid_data, resident):
        submit(full_survey["survey"], resident, valid_data)
        with pytest.raises(PermissionDenied, match="already answered"):
            submit(full_survey["survey"], resident, valid_data)
        assert Response.objects.count() == 1

    def test_the_constraint_catches_what_the_rule_missed(self, full_survey, valid_data, resident):
        survey = full_survey["survey"]
        submit(survey, resident, valid_data)
        survey.__dict__["_pb_answered"] = {}  # as if the check had run before the first answer was committed
        with pytest.raises(PermissionDenied):
            submit(survey, resident, valid_data)
        fresh = type(survey).objects.get(pk=survey.pk)
        Participation.objects.filter(user=resident).delete()  # the rule lets it through, the response row does not
        with pytest.raises(ValidationError, match="already answered"):
            submit(fresh, resident, valid_data)
        assert Response.objects.count() == 1

    def test_anonymous_survey_stores_no_link_but_still_one_per_person(self, full_survey, valid_data, resident):
        survey = full_survey["survey"]
        survey.is_anonymous = True
        survey.save()
        response = submit(survey, resident, valid_data)
        assert response.user is None and response.submitted_at is None and response.submitted_on
        assert Participation.objects.filter(survey=survey, user=resident).exists()
        with pytest.raises(PermissionDenied, match="already answered"):
            submit(survey, resident, valid_data)
        fresh = type(survey).objects.get(pk=survey.pk)
        fresh.__dict__["_pb_answered"] = {}
        with pytest.raises(PermissionDenied):
            submit(fresh, resident, valid_data)
        assert Response.objects.count() == 1


class TestPhaseAndSignIn:
    def test_closed_after_the_phase_with_its_date(self, resident):
        phase = PhaseFactory(kind=PhaseKind.PROPOSALS)
        survey = SurveyFactory(process=phase.process)
        with freeze_phase(phase, "after"), pytest.raises(PermissionDenied) as caught, translation.override("en"):
            services.survey_answer_submit(survey=survey, user=resident, data={})
        assert str(caught.value).startswith("Surveys closed on ")

    def test_not_open_yet(self, resident):
        phase = PhaseFactory(kind=PhaseKind.SURVEY)
        survey = SurveyFactory(process=phase.process)
        with freeze_phase(phase, "before"), pytest.raises(PermissionDenied) as caught, translation.override("en"):
            services.survey_answer_submit(survey=survey, user=resident, data={})
        assert str(caught.value).startswith("Surveys open on ")

    def test_a_process_whose_phases_never_open_surveys(self, resident):
        process = ProcessFactory()
        PhaseFactory(process=process, kind=PhaseKind.VOTING)
        survey = SurveyFactory(process=process)
        with pytest.raises(PermissionDenied) as caught, translation.override("en"):
            services.survey_answer_submit(survey=survey, user=resident, data={})
        assert str(caught.value) == "This process has no survey open to answers."

    def test_a_draft_survey_takes_no_answer(self, survey, resident):
        survey.status = survey.Status.DRAFT
        survey.save()
        with pytest.raises(PermissionDenied, match="not published"), translation.override("en"):
            services.survey_answer_submit(survey=survey, user=resident, data={})

    def test_signed_out(self, survey):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(PermissionDenied, match="Sign in to answer"), translation.override("en"):
            services.survey_answer_submit(survey=survey, user=AnonymousUser(), data={})

    def test_eligibility_of_the_process_applies(self, survey, resident):
        process = survey.process
        process.eligibility = process.Eligibility.POSTAL_CODE
        process.eligible_postal_codes = "75001"
        process.save()
        with pytest.raises(PermissionDenied, match="Only residents of 75001"), translation.override("en"):
            services.survey_answer_submit(survey=type(survey).objects.get(pk=survey.pk), user=resident, data={})


class TestBuilder:
    def test_a_process_admin_builds_a_survey(self, survey, process_admin):
        created = services.survey_create(
            process=survey.process, actor=process_admin, data={"title_fr": "Mobilité", "status": "draft"}
        )
        question = services.question_save(
            survey=created,
            actor=process_admin,
            data={"kind": Kind.SINGLE, "text_fr": "Comment venez-vous ?"},
            choices={"fr": ["À pied", "En bus", ""], "en": ["On foot", "By bus"]},
        )
        assert [(c.text_fr, c.text_en) for c in question.choices.all()] == [("À pied", "On foot"), ("En bus", "By bus")]
        assert AuditEntry.objects.filter(action__startswith="surveys.").count() == 2

    def test_a_choice_question_needs_two_answers(self, survey, process_admin):
        with pytest.raises(ValidationError) as caught, translation.override("en"):
            services.question_save(
                survey=survey, actor=process_admin, data={"kind": Kind.MULTIPLE, "text_fr": "Q"}, choices={"fr": ["A"]}
            )
        assert "choices_fr" in caught.value.message_dict

    def test_a_citizen_cannot_build(self, survey, resident):
        with pytest.raises(PermissionDenied):
            services.survey_create(process=survey.process, actor=resident, data={"title_fr": "X"})

    def test_structure_is_locked_once_answered(self, full_survey, valid_data, resident, process_admin):
        s = full_survey
        submit(s["survey"], resident, valid_data)
        with pytest.raises(ValidationError):
            services.question_delete(question=s["name"], actor=process_admin)
        with pytest.raises(ValidationError):
            services.question_save(
                survey=s["survey"], actor=process_admin, data={"kind": Kind.SHORT_TEXT, "text_fr": "N"}
            )
        with pytest.raises(ValidationError):
            services.question_save(
                survey=s["survey"],
                actor=process_admin,
                question=s["transport"],
                data={"text_fr": "Moyen de transport"},
                choices={"fr": ["Vélo", "Bus"]},
            )
        services.question_save(
            survey=s["survey"],
            actor=process_admin,
            question=s["transport"],
            data={"text_fr": "Moyen de transport"},
            choices={"fr": ["Vélo !", "Bus", "Voiture"]},
        )
        s["bike"].refresh_from_db()
        assert s["bike"].text_fr == "Vélo !" and Answer.objects.filter(choice=s["bike"]).count() == 1


def test_a_condition_must_come_from_an_earlier_question(survey, process_admin):
    first, (yes, _no) = choice_question(survey, Kind.SINGLE, ("Oui", "Non"), position=1)
    later = services.question_save(
        survey=survey,
        actor=process_admin,
        data={"kind": Kind.SHORT_TEXT, "text_fr": "Pourquoi ?", "show_if": yes.pk, "position": 2},
    )
    assert later.show_if == yes
    with pytest.raises(ValidationError) as caught:
        services.question_save(
            survey=survey, actor=process_admin, question=first, data={"position": 3}, choices={"fr": ["Oui", "Non"]}
        )
    assert "position" in caught.value.message_dict
    late, (maybe, _) = choice_question(survey, Kind.SINGLE, ("Peut-être", "Non"), position=5)
    with pytest.raises(ValidationError) as caught:
        services.question_save(survey=survey, actor=process_admin, question=later, data={"show_if": maybe.pk})
    assert "show_if" in caught.value.message_dict
