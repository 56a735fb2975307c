"""The shape of the input only: the answer form's values read from the request (every rule is the service's), and
the organisers' survey and question forms."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Choice, Question, Survey

Kind = Question.Kind
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def answers_from_request(questions, post, files):
    """{field name: raw value} for `services.survey_answer_submit`, from a posted answer form:
    `q<pk>` (a text, a choice id or "other", the ids of several choices, a scale value), `q<pk>_other`,
    `q<pk>_c<choice pk>` (the rank given to a choice), `q<pk>_r<row>` (a matrix row's column), a file."""
    data = {}
    for question in questions:
        name = question.field_name
        if question.kind == Kind.MULTIPLE:
            data[name] = post.getlist(name)
        elif question.kind == Kind.RANKING:
            data[name] = {choice.pk: post.get(f"{name}_c{choice.pk}", "") for choice in question.choices.all()}
        elif question.kind == Kind.MATRIX:
            data[name] = {row: post.get(f"{name}_r{row}", "") for row in range(len(question.row_labels))}
        elif question.kind == Kind.FILE:
            data[name] = files.get(name)
        else:
            data[name] = post.get(name, "")
        if question.allow_other:
            data[f"{name}_other"] = post.get(f"{name}_other", "")
    return data


def _translated_fields(model, names):
    return [f"{name}_{code}" for name in names for code in LANGUAGES]


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            *_translated_fields(Survey, ("title", "intro")), "status", "is_anonymous", "results_public", "position"
        ]
        widgets = {f"intro_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGES}


class QuestionForm(forms.ModelForm):
    choices_fr = forms.CharField(
        label=_("Answers (French), one per line"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    choices_en = forms.CharField(
        label=_("Answers (English), one per line"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    choices_es = forms.CharField(
        label=_("Answers (Spanish), one per line"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            *_translated_fields(Question, ("text", "help_text")),
            "required",
            "position",
            "allow_other",
            "show_if",
            "scale_min",
            "scale_max",
            *_translated_fields(Question, ("scale_min_label", "scale_max_label", "matrix_rows", "matrix_columns")),
        ]
        widgets = {
            **{f"matrix_rows_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGES},
            **{f"matrix_columns_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGES},
        }

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        conditions = Choice.objects.filter(
            question__survey=survey, question__kind__in=(Kind.SINGLE, Kind.MULTIPLE)
        ).select_related("question")
        if self.instance.pk:
            conditions = conditions.exclude(question=self.instance)
            for code in LANGUAGES:
                self.fields[f"choices_{code}"].initial = "\n".join(
                    getattr(choice, f"text_{code}") or "" for choice in self.instance.choices.all()
                )
        if not self.instance.pk and not self.is_bound:
            last = survey.questions.order_by("-position").values_list("position", flat=True).first()
            self.fields["position"].initial = (last or 0) + 1
        self.fields["show_if"].queryset = conditions
        self.fields["show_if"].label_from_instance = lambda choice: f"{choice.question.text} → {choice.text}"
        self.fields["show_if"].required = False

    def service_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["show_if"] = self.cleaned_data.get("show_if")
        return data

    def choices(self):
        return {code: (self.cleaned_data.get(f"choices_{code}") or "").splitlines() for code in LANGUAGES}
