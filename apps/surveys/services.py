"""Writes for surveys: answering (every rule checked here, on the server) and the organisers' builder (surveys,
questions, their answer choices).

`survey_answer_submit` checks the permission (phase, sign-in, eligibility, once per person), then each displayed
question's answer against its kind: required, lengths, choices of this question only, "other" with its text, scale
bounds, a ranking that gives each choice a different rank, complete matrix rows when required, files by content.
A question whose condition is not met is not displayed: it is never required and its answer is dropped. Two
submits at once: the second one hits the (survey, user) unique constraint and gets a sentence, not an error page."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.pagecache import bump_process
from apps.core.permissions import ensure_allowed
from apps.core.sanitize import assign_fields
from apps.core.services import audit_record
from apps.proposals.uploads import IMAGE_FORMATS, document_file, reencode_image, sniff, validate_upload

from .models import Answer, Choice, Participation, Question, Response, Survey

Kind = Question.Kind
TEXT_MAX = {Kind.SHORT_TEXT: 300, Kind.LONG_TEXT: 5000}
OTHER_MAX = 300
FILE_MAX_MB = 10
OTHER = "other"
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def _translated(*names):
    return tuple(f"{name}_{code}" for name in names for code in LANGUAGES)


# -- answering -------------------------------------------------------------------------------------------------------


def questions_of(survey):
    """The survey's questions in order, with their choices and their condition's choice (three queries)."""
    return list(
        survey.questions.select_related("show_if__question").prefetch_related("choices").order_by("position", "pk")
    )


def _text(value):
    if value is None:
        return ""
    return str(value).replace("\x00", "").strip()


def _int(value):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError, OverflowError):
        return None


def _other_text(question, data):
    return _text(data.get(f"{question.field_name}_other"))


def _choice_items(question, raw_values, data):
    """[{"choice": Choice or None, "text": other text}] or a ValidationError's message."""
    choices = {choice.pk: choice for choice in question.choices.all()}
    items = []
    for raw in raw_values:
        if raw == OTHER and question.allow_other:
            other = _other_text(question, data)
            if not other:
                raise ValidationError(_("Say what your other answer is."))
            if len(other) > OTHER_MAX:
                raise ValidationError(_("At most %(max)s characters.") % {"max": OTHER_MAX})
            items.append({"choice": None, "text": other})
            continue
        choice = choices.get(_int(raw))
        if choice is None:
            raise ValidationError(_("Choose among the answers offered."))
        if all(item["choice"] != choice for item in items):
            items.append({"choice": choice})
    return items


def _as_list(value):
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v not in (None, "")]
    return [value]


def _as_dict(value):
    return {key: v for key, v in (value or {}).items() if v not in (None, "")} if isinstance(value, dict) else {}


def _clean_one(question, data):
    """The answer rows of one displayed question (a list of dicts of Answer fields, empty when not answered), or a
    ValidationError with the sentence to show next to it."""
    name = question.field_name
    raw = data.get(name)
    if question.kind in Question.TEXT_KINDS:
        text = _text(raw)
        if len(text) > TEXT_MAX[question.kind]:
            raise ValidationError(_("At most %(max)s characters.") % {"max": TEXT_MAX[question.kind]})
        return [{"text": text}] if text else []
    if question.kind == Kind.SINGLE:
        values = _as_list(raw)
        if len(values) > 1:
            raise ValidationError(_("Choose one answer only."))
        return _choice_items(question, values, data)
    if question.kind == Kind.MULTIPLE:
        return _choice_items(question, _as_list(raw), data)
    if question.kind == Kind.RANKING:
        ranks = _as_dict(raw)
        if not ranks:
            return []
        choices = {choice.pk: choice for choice in question.choices.all()}
        count = len(choices)
        given = {}
        for key, rank in ranks.items():
            choice, number = choices.get(_int(key)), _int(rank)
            if choice is None:
                raise ValidationError(_("Choose among the answers offered."))
            given[choice.pk] = number
        if len(given) != count or sorted(v or 0 for v in given.values()) != list(range(1, count + 1)):
            raise ValidationError(_("Give each answer a different rank, from 1 to %(count)s.") % {"count": count})
        return [{"choice": choices[pk], "rank": rank} for pk, rank in sorted(given.items(), key=lambda item: item[1])]
    if question.kind == Kind.SCALE:
        if raw in (None, ""):
            return []
        value = _int(raw)
        if value is None or not question.scale_min <= value <= question.scale_max:
            raise ValidationError(
                _("Choose a value from %(min)s to %(max)s.") % {"min": question.scale_min, "max": question.scale_max}
            )
        return [{"value": value}]
    if question.kind == Kind.MATRIX:
        cells = _as_dict(raw)
        rows, columns = len(question.row_labels), len(question.column_labels)
        items = []
        for key, column in cells.items():
            row, col = _int(key), _int(column)
            if row is None or col is None or not (0 <= row < rows and 0 <= col < columns):
                raise ValidationError(_("Choose among the answers offered."))
            items.append({"row": row, "column": col})
        if items and question.required and len(items) < rows:
            raise ValidationError(_("Answer every row."))
        return sorted(items, key=lambda item: item["row"])
    if question.kind == Kind.FILE:
        if not raw:
            return []
        validate_upload(raw, max_bytes=FILE_MAX_MB * 1024 * 1024)
        _kind, subtype = sniff(raw)
        if subtype in IMAGE_FORMATS:
            content, _thumbnail, content_type = reencode_image(raw, subtype)
        else:
            content, content_type = document_file(raw, subtype)
        return [{"file": content, "file_name": _text(getattr(raw, "name", ""))[:255], "content_type": content_type}]
    raise ValidationError(_("Unknown question."))


def is_displayed(question, chosen):
    """Shown when it has no condition, or its condition's answer was chosen (in a question that was itself shown).
    `chosen` maps each question shown so far to the ids of the choices picked in it."""
    if question.show_if_id is None:
        return True
    return question.show_if_id in chosen.get(question.show_if.question_id, ())


def clean_answers(*, survey, data, questions=None):
    """{question: [answer rows]} for the displayed questions; raises ValidationError({field name: sentence})."""
    questions = questions if questions is not None else questions_of(survey)
    errors, cleaned, chosen = {}, {}, {}
    for question in questions:
        if not is_displayed(question, chosen):
            continue
        try:
            rows = _clean_one(question, data)
        except ValidationError as error:
            errors[question.field_name] = error.messages
            chosen[question.pk] = set()
            continue
        if question.required and not rows:
            errors[question.field_name] = [_("This question is required.")]
        chosen[question.pk] = {row["choice"].pk for row in rows if row.get("choice") is not None}
        if rows:
            cleaned[question] = rows
    if errors:
        raise ValidationError(errors)
    return cleaned


ALREADY_ANSWERED = "You have already answered this survey. Thank you!"


def survey_answer_submit(*, survey, user, data):
    """Record `user`'s answers to `survey` (`data`: the form's values by field name, files included). Returns the
    Response. ValidationError with the sentences per question, PermissionDenied with the refusal's sentence."""
    ensure_allowed("surveys.answer_survey", user=user, obj=survey)
    questions = questions_of(survey)
    cleaned = clean_answers(survey=survey, data=data, questions=questions)
    now = timezone.now()
    try:
        with transaction.atomic():
            # First: a second submit by the same person stops here, on the unique constraint, before any file.
            Participation.objects.create(survey=survey, user=user)
            response = Response(
                survey=survey,
                user=None if survey.is_anonymous else user,
                submitted_on=timezone.localdate(now),
                submitted_at=None if survey.is_anonymous else now,
                language=(translation.get_language() or "")[:8],
            )
            response.full_clean(validate_constraints=False)  # the database says "once", see below
            response.save()
            rows, files = [], []
            for question, items in cleaned.items():
                for item in items:
                    content = item.pop("file", None)
                    answer = Answer(response=response, question=question, **item)
                    (files if content is not None else rows).append((answer, content))
            Answer.objects.bulk_create([answer for answer, _content in rows])
            for answer, content in files:
                answer.file.save(content.name, content, save=False)
                answer.save()
            audit_record(
                actor=user,
                action="surveys.answer",
                target=survey,
                data={"anonymous": survey.is_anonymous, "questions": len(cleaned)},
            )
    except IntegrityError:
        raise ValidationError(_(ALREADY_ANSWERED), code="already_answered") from None
    survey.__dict__.setdefault("_pb_answered", {})[user.pk] = True
    return response


# -- the organisers' builder -----------------------------------------------------------------------------------------

SURVEY_FIELDS = (*_translated("title", "intro"), "is_anonymous", "results_public", "status", "position")
QUESTION_FIELDS = (
    *_translated("text", "help_text", "scale_min_label", "scale_max_label", "matrix_rows", "matrix_columns"),
    "kind",
    "required",
    "position",
    "allow_other",
    "scale_min",
    "scale_max",
    "show_if",
)
# What may no longer change once people have answered (the texts still may: a typo, a translation).
STRUCTURE = ("kind", "allow_other", "scale_min", "scale_max", "show_if")


def has_responses(survey):
    return survey.responses.exists()


@transaction.atomic
def survey_create(*, process, actor, data):
    ensure_allowed("surveys.manage_surveys", user=actor, obj=process)
    survey = Survey(process=process)
    assign_fields(survey, data, SURVEY_FIELDS)
    if not survey.title_fr and not survey.title:
        raise ValidationError({"title_fr": _("Give the survey a title.")})
    survey.full_clean()
    survey.save()
    audit_record(actor=actor, action="surveys.create", target=survey, data={"title": survey.title})
    bump_process(survey.process)  # the process page lists the published surveys (apps/core/pagecache.py)
    return survey


@transaction.atomic
def survey_update(*, survey, actor, data):
    survey = Survey.objects.select_for_update().select_related("process").get(pk=survey.pk)
    ensure_allowed("surveys.manage_surveys", user=actor, obj=survey.process)
    if "is_anonymous" in data and bool(data["is_anonymous"]) != survey.is_anonymous and has_responses(survey):
        raise ValidationError(
            {"is_anonymous": _("People have answered already: whether answers are anonymous can no longer change.")}
        )
    changed = assign_fields(survey, data, SURVEY_FIELDS)
    survey.full_clean()
    survey.save()
    audit_record(actor=actor, action="surveys.update", target=survey, data={"changed": changed})
    bump_process(survey.process)
    return survey


def _choice_lines(choices):
    """{"fr": [...], "en": [...], "es": [...]} → rows of (fr, en, es), the French list giving the count."""
    base = [line.strip() for line in choices.get(settings.LANGUAGE_CODE, []) if line.strip()]
    others = {
        code: [line.strip() for line in choices.get(code, []) if line.strip()]
        for code in LANGUAGES
        if code != settings.LANGUAGE_CODE
    }
    return [
        {settings.LANGUAGE_CODE: text, **{code: (lines[i] if i < len(lines) else "") for code, lines in others.items()}}
        for i, text in enumerate(base)
    ]


def _save_choices(question, choices, *, locked):
    rows = _choice_lines(choices)
    existing = list(question.choices.order_by("position", "pk"))
    if question.is_choice and len(rows) < 2:
        raise ValidationError({"choices_fr": _("Give at least two answers, one per line.")})
    if not question.is_choice:
        rows = []
    if locked and len(rows) != len(existing):
        raise ValidationError(
            {"choices_fr": _("People have answered already: answers can be reworded but not added or removed.")}
        )
    for position, texts in enumerate(rows):
        choice = existing[position] if position < len(existing) else Choice(question=question)
        choice.position = position
        for code, text in texts.items():
            setattr(choice, f"text_{code}", text[:200])
        choice.full_clean(exclude=["question"])
        choice.save()
    for choice in existing[len(rows) :]:
        choice.delete()


def _check_locked_question(question, before, rows_before):
    changed = [
        name for name in STRUCTURE if before[name] != getattr(question, name if name != "show_if" else "show_if_id")
    ]
    if changed or (
        question.kind == Kind.MATRIX and rows_before != (len(question.row_labels), len(question.column_labels))
    ):
        raise ValidationError(
            _("People have answered already: only the texts of this question can change, not its kind or its answers.")
        )


@transaction.atomic
def question_save(*, survey, actor, data, choices=None, question=None):
    """Create (question=None) or edit a question and its answer choices (`choices`: lines per language)."""
    survey = Survey.objects.select_for_update().select_related("process").get(pk=survey.pk)
    ensure_allowed("surveys.manage_surveys", user=actor, obj=survey.process)
    locked = has_responses(survey)
    if question is None:
        if locked:
            raise ValidationError(_("People have answered already: questions can no longer be added."))
        question = Question(survey=survey)
        if "position" not in data:
            last = survey.questions.order_by("-position").values_list("position", flat=True).first()
            question.position = (last or 0) + 1
        before, rows_before = None, None
    else:
        question = Question.objects.select_related("survey").get(pk=question.pk, survey=survey)
        before = {name: getattr(question, name if name != "show_if" else "show_if_id") for name in STRUCTURE}
        rows_before = (len(question.row_labels), len(question.column_labels))
    show_if = data.get("show_if")
    if show_if is not None and not isinstance(show_if, Choice):
        data = {**data, "show_if": Choice.objects.filter(pk=show_if, question__survey=survey).first()}
    changed = assign_fields(question, data, QUESTION_FIELDS)
    if locked and before is not None:
        _check_locked_question(question, before, rows_before)
    if not question.text_fr and not question.text:
        raise ValidationError({"text_fr": _("Write the question.")})
    question.full_clean()
    question.save()
    _save_choices(question, choices or {}, locked=locked and before is not None and question.is_choice)
    audit_record(
        actor=actor,
        action="surveys.question_create" if before is None else "surveys.question_update",
        target=survey,
        data={"question": question.pk, "changed": changed},
    )
    bump_process(survey.process)
    return question


@transaction.atomic
def question_delete(*, question, actor):
    survey = Survey.objects.select_for_update().select_related("process").get(pk=question.survey_id)
    ensure_allowed("surveys.manage_surveys", user=actor, obj=survey.process)
    if has_responses(survey):
        raise ValidationError(_("People have answered already: questions can no longer be removed."))
    audit_record(actor=actor, action="surveys.question_delete", target=survey, data={"question": question.pk})
    question.delete()
    bump_process(survey.process)


# -- personal data ---------------------------------------------------------------------------------------------------


def responses_export(user):
    """'Download my data': the surveys answered; the answers themselves when they are linked to the person (an
    anonymous survey's answers are not)."""
    answered = Participation.objects.filter(user=user).select_related("survey__process")
    linked = {
        response.survey_id: response
        for response in Response.objects.filter(user=user).prefetch_related("answers__question", "answers__choice")
    }
    data = []
    for participation in answered:
        survey = participation.survey
        item = {"survey": survey.title, "process": survey.process.title, "anonymous": survey.is_anonymous}
        response = linked.get(survey.pk)
        if response is not None:
            item["submitted_at"] = response.submitted_at.isoformat() if response.submitted_at else None
            item["answers"] = [
                {
                    "question": answer.question.text,
                    "choice": answer.choice.text if answer.choice else None,
                    "text": answer.text,
                    "rank": answer.rank,
                    "value": answer.value,
                    "row": answer.row,
                    "column": answer.column,
                    "file": answer.file_name,
                }
                for answer in response.answers.all()
            ]
        data.append(item)
    return data


def responses_erase(user):
    """'Delete my account': the person's linked responses go (answers and files); an anonymous survey's answers were
    never linked to them and stay; the participation rows go."""
    files = [answer.file for answer in Answer.objects.filter(response__user=user).exclude(file="")]
    Response.objects.filter(user=user).delete()
    Participation.objects.filter(user=user).delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])
