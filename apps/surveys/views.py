"""A process's surveys and the answer form: server-rendered, works without JavaScript (conditional questions are
checked by the server; static/js/surveys.js only hides what does not apply). A refused answer comes back with each
sentence next to its question and what was typed kept."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.permissions import is_allowed, needs_sign_in, refusal_reason
from apps.spaces.phases import Feature
from apps.spaces.predicates import phase_refusal
from apps.spaces.views import visible_process_or_404

from . import selectors, services
from .forms import answers_from_request
from .models import Question, Survey


def _visible_survey(request, process, pk):
    try:
        survey = selectors.survey_detail(process=process, pk=pk)
    except (Survey.DoesNotExist, OverflowError, ValueError) as missing:
        raise Http404 from missing
    if refusal_reason("surveys.view_survey", request.user, survey):
        raise Http404
    return survey


def survey_list(request, slug):
    process = visible_process_or_404(request, slug)
    surveys = selectors.surveys_for(process=process, user=request.user)
    return render(request, "surveys/survey_list.html", {"process": process, "surveys": surveys})


def _items(questions, values, errors):
    """Each question with what the form shows: its current values (as typed) and its error."""
    items = []
    for question in questions:
        name = question.field_name
        value = values.get(name)
        item = {"question": question, "name": name, "errors": errors.get(name, [])}
        if question.kind == Question.Kind.MULTIPLE:
            item["selected"] = {str(v) for v in (value or [])}
        elif question.kind in (Question.Kind.RANKING, Question.Kind.MATRIX):
            item["cells"] = {str(k): str(v) for k, v in (value or {}).items()}
        elif question.kind != Question.Kind.FILE:
            item["value"] = "" if value is None else str(value)
        item["other"] = values.get(f"{name}_other", "")
        if question.kind == Question.Kind.RANKING:
            count = len(question.choices.all())
            item["ranks"] = [str(rank) for rank in range(1, count + 1)]
            item["choices"] = [
                {"choice": choice, "rank": item["cells"].get(str(choice.pk), "")} for choice in question.choices.all()
            ]
            # After a refusal the choices come back in the order given (unranked ones last).
            if any(entry["rank"] for entry in item["choices"]):
                item["choices"].sort(key=lambda entry: int(entry["rank"]) if entry["rank"].isdigit() else 99)
        if question.kind == Question.Kind.MATRIX:
            item["rows"] = [
                {"index": str(index), "label": label, "value": item["cells"].get(str(index), "")}
                for index, label in enumerate(question.row_labels)
            ]
            item["columns"] = [
                {"index": str(index), "label": label} for index, label in enumerate(question.column_labels)
            ]
        if question.show_if_id:
            item["condition"] = {"field": question.show_if.question.field_name, "choice": str(question.show_if_id)}
            item["hidden"] = not _condition_met(question, values)
        items.append(item)
    return items


def _condition_met(question, values):
    chosen = values.get(question.show_if.question.field_name)
    chosen = chosen if isinstance(chosen, list) else [chosen]
    return str(question.show_if_id) in {str(value) for value in chosen}


def survey_detail(request, slug, pk):
    process = visible_process_or_404(request, slug)
    survey = _visible_survey(request, process, pk)
    questions = services.questions_of(survey)
    values, errors = {}, {}
    if request.method == "POST":
        values = answers_from_request(questions, request.POST, request.FILES)
        try:
            services.survey_answer_submit(survey=survey, user=request.user, data=values)
        except PermissionDenied as error:
            if needs_sign_in("surveys.answer_survey", request.user, survey):
                return redirect(f"{reverse('account_login')}?next={survey.get_absolute_url()}")
            messages.error(request, str(error))
            return redirect(survey.get_absolute_url())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {name: ValidationError(found).messages for name, found in error.error_dict.items()}
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(survey.get_absolute_url())
        else:
            messages.success(request, _("Thank you: your answers are recorded."))
            return redirect(survey.get_absolute_url())
    refusal = refusal_reason("surveys.answer_survey", request.user, survey)
    sign_in = needs_sign_in("surveys.answer_survey", request.user, survey)
    if sign_in and not survey.process.feature_enabled(Feature.SURVEY):
        # Signing in would not help: say when surveys open or closed instead.
        refusal, sign_in = phase_refusal(Feature.SURVEY)(request.user, survey), False
    context = {
        "process": process,
        "survey": survey,
        "items": _items(questions, values, errors),
        "refusal": refusal,
        "can_answer": refusal is None,
        "needs_sign_in": sign_in,
        "can_see_results": is_allowed("surveys.view_survey_results", request.user, survey),
        "error_count": len(errors),
        "other": services.OTHER,
        "file_max_mb": services.FILE_MAX_MB,
    }
    return render(request, "surveys/survey_detail.html", context, status=400 if errors else 200)


def survey_results(request, slug, pk):
    """The figures of the closed questions, once the administrators publish them and enough people have answered
    (fewer could be recognised); the written answers and files stay in the back-office."""
    process = visible_process_or_404(request, slug)
    survey = _visible_survey(request, process, pk)
    if refusal_reason("surveys.view_survey_results", request.user, survey):
        raise Http404
    results = selectors.survey_results(survey=survey, written=False)
    context = {
        "process": process,
        "survey": survey,
        "results": results,
        "minimum": selectors.MIN_GROUP,
        "enough": results["respondents"] >= selectors.MIN_GROUP,
    }
    return render(request, "surveys/survey_results.html", context)
