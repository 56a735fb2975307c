"""Back-office: a process's surveys, building one (its questions and their answers), its results per question with
charts, the respondents' demographics, and the export of its answers (CSV, XLSX) through the back-office's writers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.backoffice.exports import Export, Format, export_response
from apps.core.http import FAILED, render_form_page, run_service
from apps.core.services import audit_record
from apps.spaces.models import Process

from . import selectors, services
from .forms import QuestionForm, SurveyForm
from .models import Question, Survey

EXPORT_FORMATS = (Format.CSV, Format.XLSX)


def process_from_url(request, slug, **kwargs):
    return get_object_or_404(Process, slug=slug)


def survey_from_url(request, pk, **kwargs):
    return get_object_or_404(Survey.objects.select_related("process"), pk=pk)


def question_from_url(request, pk, **kwargs):
    return get_object_or_404(Question.objects.select_related("survey__process"), pk=pk).survey


def survey_list(request, slug):
    process = process_from_url(request, slug)
    surveys = Survey.objects.filter(process=process).order_by("position", "pk")
    counts = {row["survey_id"]: row["n"] for row in selectors.response_counts(process=process)}
    for survey in surveys:
        survey.response_count = counts.get(survey.pk, 0)
    return render(request, "surveys/backoffice/survey_list.html", {"process": process, "surveys": surveys})


def survey_create(request, slug):
    process = process_from_url(request, slug)
    form = SurveyForm(request.POST or None, instance=Survey(process=process))
    if request.method == "POST" and form.is_valid():
        survey = run_service(form, services.survey_create, process=process, actor=request.user, data=form.cleaned_data)
        if survey is not FAILED:
            messages.success(request, _("The survey is created: add its questions."))
            return redirect("surveys_backoffice:survey_edit", pk=survey.pk)
    return render_form_page(request, "surveys/backoffice/survey_form.html", {"process": process, "form": form}, form)


def survey_edit(request, pk):
    survey = survey_from_url(request, pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form, services.survey_update, survey=Survey.objects.get(pk=pk), actor=request.user, data=form.cleaned_data
        )
        if saved is not FAILED:
            messages.success(request, _("The survey is saved."))
            return redirect("surveys_backoffice:survey_edit", pk=pk)
    context = {
        "process": survey.process,
        "survey": survey,
        "form": form,
        "questions": services.questions_of(survey),
        "locked": services.has_responses(survey),
    }
    return render_form_page(request, "surveys/backoffice/survey_form.html", context, form)


def _question_page(request, survey, question):
    form = QuestionForm(request.POST or None, instance=question or Question(survey=survey), survey=survey)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            services.question_save,
            survey=survey,
            actor=request.user,
            data=form.service_data(),
            choices=form.choices(),
            question=question,
        )
        if saved is not FAILED:
            messages.success(request, _("The question is saved."))
            return redirect("surveys_backoffice:survey_edit", pk=survey.pk)
    context = {"process": survey.process, "survey": survey, "question": question, "form": form}
    return render_form_page(request, "surveys/backoffice/question_form.html", context, form)


def question_create(request, pk):
    return _question_page(request, survey_from_url(request, pk), None)


def question_edit(request, pk):
    question = get_object_or_404(Question.objects.select_related("survey__process"), pk=pk)
    return _question_page(request, question.survey, question)


@require_POST
def question_delete(request, pk):
    question = get_object_or_404(Question.objects.select_related("survey__process"), pk=pk)
    try:
        services.question_delete(question=question, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question is removed."))
    return redirect("surveys_backoffice:survey_edit", pk=question.survey_id)


def results(request, pk):
    survey = survey_from_url(request, pk)
    context = {
        "process": survey.process,
        "survey": survey,
        "results": selectors.survey_results(survey=survey),
        "demographics": selectors.respondent_demographics(survey=survey),
        "formats": EXPORT_FORMATS,
    }
    return render(request, "surveys/backoffice/results.html", context)


def export(request, pk, fmt):
    survey = survey_from_url(request, pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    questions = services.questions_of(survey)
    answers_export = Export(
        key=f"survey-{survey.pk}-answers",
        model=None,
        title=gettext_lazy("Answers"),
        columns=selectors.export_columns(questions),
        rows=lambda user, process: selectors.export_rows(survey=survey, questions=questions),
        rule="surveys.manage_surveys",
    )
    audit_record(actor=request.user, action="surveys.export", target=survey, data={"format": fmt})
    return export_response(answers_export, user=request.user, process=survey.process, fmt=fmt)
