"""Reads for surveys: a process's surveys for a visitor, one survey's questions, its results per question (figures
and the geometry of server-side SVG bar charts), its answers as export rows, and the respondents' demographics
(groups under `MIN_GROUP` never shown with their number)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, IntegerField, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Demographics
from apps.budgets.participation_selectors import (
    MIN_GROUP,
    age_groups,
    blank_to_null,
    choice_groups,
    percent,
    place_groups,
    suppress_small_groups,
)
from apps.core.permissions import is_allowed
from apps.spaces.predicates import is_process_admin

from .models import Answer, Participation, Question, Response, Survey

Kind = Question.Kind

CHART_ROW = 46  # px per bar: its label above, the bar below (as the budgets' results chart)
BAR_MAX = 75  # the longest bar, in % of the chart's width (its value is written after it)
LABEL_CHARS = 44


def surveys_for(*, process, user):
    """The surveys a visitor sees on a process's page: published ones (every one for its administrators)."""
    surveys = Survey.objects.filter(process=process).order_by("position", "pk")
    if not is_process_admin.test(user, process):
        surveys = surveys.filter(status=Survey.Status.PUBLISHED)
    return list(surveys)


def survey_detail(*, process, pk):
    return Survey.objects.select_related("process").get(process=process, pk=pk)


def answer_file_access(user, name):
    """Private-file resolver: a file given in an answer reaches the administrators of its process only."""
    answer = Answer.objects.select_related("response__survey__process").filter(file=name).first()
    if answer is None or not is_allowed("surveys.manage_surveys", user, answer.response.survey.process):
        return None
    return answer.content_type or "application/octet-stream"


# -- results ---------------------------------------------------------------------------------------------------------


def _short(label):
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


@dataclass
class Bar:
    label: str
    count: float
    share: float | None = None
    short_label: str = ""
    # The chart's geometry, as strings: numbers in a template would be localised ("62,5").
    y_label: str = ""
    y_bar: str = ""
    y_value: str = ""
    width: str = ""
    value_x: str = ""
    shown_value: str = ""


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list = field(default_factory=list)
    chart_height: str = ""
    texts: list = field(default_factory=list)
    files: list = field(default_factory=list)
    matrix: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    mean: float | None = None
    note: str = ""

    @property
    def has_chart(self):
        return bool(self.bars) and any(bar.count for bar in self.bars)


def _chart(result, bars, *, total):
    top = max((bar.count for bar in bars), default=0) or 1
    for index, bar in enumerate(bars):
        width = float(bar.count) * BAR_MAX / float(top)
        y = index * CHART_ROW
        bar.share = percent(bar.count, total) if total else None
        bar.short_label = _short(bar.label)
        bar.y_label, bar.y_bar, bar.y_value = str(y + 14), str(y + 20), str(y + 33)
        bar.width = f"{width:.2f}%"
        bar.value_x = f"{width + 1.5:.2f}%"
        bar.shown_value = bar.shown_value or (f"{bar.count:g}")
    result.bars = bars
    result.chart_height = str(CHART_ROW * len(bars) + 4)


def survey_results(*, survey, written=True):
    """Per question (in order): how many answered it, and its figures. A constant number of queries: the
    questions (3), the counts per choice, per scale value and per matrix cell (one each), the texts and files
    (one). Without `written` (the public page), only the closed questions' figures: no text, no file, no "other"
    answer, and no query for them."""
    questions = list(survey.questions.prefetch_related("choices").order_by("position", "pk"))
    if not written:
        questions = [question for question in questions if question.kind not in (*Question.TEXT_KINDS, Kind.FILE)]
    answers = Answer.objects.filter(response__survey=survey)
    respondents = Response.objects.filter(survey=survey).count()
    answered = {
        row["question_id"]: row["n"]
        for row in answers.values("question_id").annotate(n=Count("response_id", distinct=True)).order_by()
    }
    by_choice = Counter()
    other_counts = Counter()
    rank_points = defaultdict(int)
    first_places = Counter()
    for row in (
        answers.filter(question__kind__in=Question.CHOICE_KINDS)
        .values("question_id", "choice_id", "rank")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if row["choice_id"] is None:
            other_counts[row["question_id"]] += row["n"]
        elif row["rank"] is not None:
            rank_points[(row["question_id"], row["choice_id"], row["rank"])] += row["n"]
            if row["rank"] == 1:
                first_places[row["choice_id"]] += row["n"]
        else:
            by_choice[row["choice_id"]] += row["n"]
    by_value = Counter()
    for row in (
        answers.filter(question__kind=Kind.SCALE).values("question_id", "value").annotate(n=Count("pk")).order_by()
    ):
        by_value[(row["question_id"], row["value"])] = row["n"]
    by_cell = Counter()
    for row in (
        answers.filter(question__kind=Kind.MATRIX)
        .values("question_id", "row", "column")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_cell[(row["question_id"], row["row"], row["column"])] = row["n"]
    texts = defaultdict(list)
    files = defaultdict(list)
    for answer in (() if not written else
        answers.filter(question__kind__in=(*Question.TEXT_KINDS, Kind.SINGLE, Kind.MULTIPLE, Kind.FILE))
        .filter(choice__isnull=True)
        .exclude(text="", file="")
        .only("question_id", "text", "file", "file_name")
        .order_by("pk")
    ):
        if answer.file:
            files[answer.question_id].append(answer)
        elif answer.text:
            texts[answer.question_id].append(answer.text)
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered.get(question.pk, 0))
        choices = list(question.choices.all())
        if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            bars = [Bar(label=choice.text, count=by_choice[choice.pk]) for choice in choices]
            if question.allow_other:
                bars.append(Bar(label=_("Other"), count=other_counts[question.pk]))
            _chart(result, bars, total=result.answered)
            result.texts = texts[question.pk]
            if question.kind == Kind.MULTIPLE:
                result.note = _("Several answers could be chosen: the shares add up to more than 100 %.")
        elif question.kind == Kind.RANKING:
            count = len(choices)
            bars = []
            for choice in choices:
                ranks = {rank: rank_points[(question.pk, choice.pk, rank)] for rank in range(1, count + 1)}
                people = sum(ranks.values())
                points = sum((count - rank + 1) * n for rank, n in ranks.items())
                bar = Bar(label=choice.text, count=points)
                bar.mean_rank = round(sum(rank * n for rank, n in ranks.items()) / people, 2) if people else None
                bar.first = first_places[choice.pk]
                bars.append(bar)
            bars.sort(key=lambda bar: -bar.count)
            _chart(result, bars, total=0)
            result.note = _(
                "Points: a first place is worth as many points as there are answers, a last place one point."
            )
        elif question.kind == Kind.SCALE:
            bars = [Bar(label=str(value), count=by_value[(question.pk, value)]) for value in question.scale_values]
            if question.scale_min_label:
                bars[0].label = f"{question.scale_min} – {question.scale_min_label}"
            if question.scale_max_label:
                bars[-1].label = f"{question.scale_max} – {question.scale_max_label}"
            total = sum(bar.count for bar in bars)
            if total:
                result.mean = round(
                    sum(value * by_value[(question.pk, value)] for value in question.scale_values) / total, 2
                )
            _chart(result, bars, total=total)
        elif question.kind == Kind.MATRIX:
            result.columns = question.column_labels
            for index, label in enumerate(question.row_labels):
                counts = [by_cell[(question.pk, index, column)] for column in range(len(result.columns))]
                total = sum(counts)
                result.matrix.append(
                    {
                        "label": label,
                        "cells": [{"count": n, "share": percent(n, total)} for n in counts],
                        "total": total,
                    }
                )
        elif question.kind == Kind.FILE:
            result.files = files[question.pk]
        else:
            result.texts = texts[question.pk]
        results.append(result)
    return {"respondents": respondents, "questions": results}


# -- exports ---------------------------------------------------------------------------------------------------------


def _column(number, question, row=None):
    text = " ".join(str(question.text).split())[:80]
    if row is None:
        return f"Q{number}. {text}"
    return f"Q{number}.{row + 1}. {text} – {question.row_labels[row]}"


def export_columns(questions):
    """The header: the response, its day, the participant (empty for an anonymous survey), then one column per
    question (a matrix: one per row), named after its number and text."""
    columns = ["response", "submitted_on", "participant"]
    for number, question in enumerate(questions, start=1):
        if question.kind == Kind.MATRIX:
            columns += [_column(number, question, row) for row in range(len(question.row_labels))]
        else:
            columns.append(_column(number, question))
    return tuple(columns)


def export_rows(*, survey, questions):
    """One dict per response: its answers as text, one column per question (a matrix: one per row). Choices in
    the survey's default language (the export is for the organisers); a ranking as "1. A; 2. B"; several choices
    joined with "; "; a file by its name."""
    numbers = {question.pk: number for number, question in enumerate(questions, start=1)}
    by_pk = {question.pk: question for question in questions}
    responses = (
        Response.objects.filter(survey=survey).select_related("user").order_by("submitted_on", "submitted_at", "pk")
    )
    answers = defaultdict(list)
    for answer in (
        Answer.objects.filter(response__survey=survey)
        .select_related("choice")
        .order_by("question__position", "question_id", "rank", "row", "pk")
        .iterator(chunk_size=2000)
    ):
        answers[answer.response_id].append(answer)
    for response in responses.iterator(chunk_size=2000):
        row = {
            "response": str(response.pk)[:8],
            "submitted_on": response.submitted_on,
            "participant": response.user.display_name if response.user_id else "",
        }
        parts = defaultdict(list)
        for answer in answers.get(response.pk, ()):
            question = by_pk.get(answer.question_id)
            if question is None:
                continue
            number = numbers[question.pk]
            key = _column(number, question)
            if question.kind == Kind.MATRIX:
                labels = question.column_labels
                if answer.row < len(question.row_labels):
                    row[_column(number, question, answer.row)] = (
                        labels[answer.column] if answer.column < len(labels) else ""
                    )
            elif question.kind == Kind.RANKING:
                parts[key].append(f"{answer.rank}. {answer.choice.text}")
            elif question.kind == Kind.SCALE:
                row[key] = answer.value
            elif question.kind == Kind.FILE:
                parts[key].append(answer.file_name or "file")
            elif answer.choice_id:
                parts[key].append(answer.choice.text)
            elif question.kind in (Kind.SINGLE, Kind.MULTIPLE):
                parts[key].append(_("Other: %(text)s") % {"text": answer.text})
            else:
                parts[key].append(answer.text)
        for key, values in parts.items():
            row[key] = "; ".join(values)
        yield row


# -- demographics ----------------------------------------------------------------------------------------------------


def _grouped(people, expression, output_field):
    rows = (
        people.annotate(group=Coalesce(expression, Value(None), output_field=output_field))
        .values("group")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    )
    return {row["group"]: row["n"] for row in rows}


@dataclass
class DemographicRow:
    label: str
    count: int | None
    share: float | None
    hidden_text: str = ""


def _rows(groups, total):
    shown, _merged = suppress_small_groups(groups)
    kept = {id(group) for group in shown}
    rows = []
    for group in groups:
        if id(group) in kept:
            rows.append(DemographicRow(label=group.label, count=group.count, share=percent(group.count, total)))
        else:
            rows.append(
                DemographicRow(
                    label=group.label,
                    count=None,
                    share=None,
                    hidden_text=(
                        _("fewer than %(n)s") % {"n": MIN_GROUP} if group.count < MIN_GROUP else _("not shown")
                    ),
                )
            )
    return rows


def respondent_demographics(*, survey):
    """The people who answered (each once: the participation rows, anonymous surveys included) by age band, gender,
    socio-professional category and postal code. A group under MIN_GROUP never shows its number (see
    budgets.participation_selectors.suppress_small_groups); under MIN_GROUP people in all, nothing is shown.
    Four queries."""
    people = Participation.objects.filter(survey=survey)
    by_gender = _grouped(people, blank_to_null("user__demographics__gender"), CharField())
    total = sum(by_gender.values())
    if total < MIN_GROUP:
        return {"people": total, "minimum": MIN_GROUP, "dimensions": []}
    by_year = _grouped(
        people, Coalesce(ExtractYear("user__birth_date"), F("user__demographics__birth_year")), IntegerField()
    )
    by_category = _grouped(people, blank_to_null("user__demographics__socio_professional_category"), CharField())
    by_place = _grouped(people, blank_to_null("user__postal_code"), CharField())
    return {
        "people": total,
        "minimum": MIN_GROUP,
        "dimensions": [
            {"title": _("Age"), "rows": _rows(age_groups(by_year, timezone.localdate().year), total)},
            {"title": _("Gender"), "rows": _rows(choice_groups(by_gender, Demographics.Gender.choices), total)},
            {
                "title": _("Socio-professional category"),
                "rows": _rows(choice_groups(by_category, Demographics.SocioProfessionalCategory.choices), total),
            },
            {"title": _("Postal code"), "rows": _rows(place_groups(by_place), total)},
        ],
    }


def response_counts(*, process):
    """[{"survey_id", "n"}]: the responses of each survey of `process` (one query)."""
    return Response.objects.filter(survey__process=process).values("survey_id").annotate(n=Count("pk")).order_by()
