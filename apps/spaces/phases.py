"""Which features each phase kind enables (adhocracy4 style: the kind declares them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Feature(models.TextChoices):
    CREATE_PROPOSALS = "create_proposals", _("Submitting proposals")
    SUPPORT = "support", _("Supporting proposals")
    COMMENT = "comment", _("Commenting")
    VOTE = "vote", _("Voting")
    SHOW_RESULTS = "show_results", _("Results")
    SURVEY = "survey", _("Answering surveys")


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    PROPOSALS = "proposals", _("Proposals")
    FEASIBILITY = "feasibility", _("Feasibility review")
    SUPPORTS = "supports", _("Supports (prioritisation)")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results and implementation")
    SURVEY = "survey", _("Survey")


KIND_FEATURES = {
    PhaseKind.INFORMATION: frozenset(),
    # A process's surveys (apps/surveys) are open while ideas are collected or prioritised, or in a phase of their own.
    PhaseKind.PROPOSALS: frozenset({Feature.CREATE_PROPOSALS, Feature.SUPPORT, Feature.COMMENT, Feature.SURVEY}),
    PhaseKind.FEASIBILITY: frozenset({Feature.COMMENT}),
    PhaseKind.SUPPORTS: frozenset({Feature.SUPPORT, Feature.COMMENT, Feature.SURVEY}),
    PhaseKind.VOTING: frozenset({Feature.VOTE, Feature.COMMENT}),
    PhaseKind.RESULTS: frozenset({Feature.SHOW_RESULTS, Feature.COMMENT}),
    PhaseKind.SURVEY: frozenset({Feature.SURVEY, Feature.COMMENT}),
}

# How a refusal names the feature: "<Submitting proposals> opens on 3 March".
FEATURE_OPENS = {
    Feature.CREATE_PROPOSALS: _("Proposals can be submitted from %(date)s."),
    Feature.SUPPORT: _("Supports open on %(date)s."),
    Feature.COMMENT: _("Comments open on %(date)s."),
    Feature.VOTE: _("Voting opens on %(date)s."),
    Feature.SHOW_RESULTS: _("Results will be published on %(date)s."),
    Feature.SURVEY: _("Surveys open on %(date)s."),
}
FEATURE_CLOSED = {
    Feature.CREATE_PROPOSALS: _("Proposals could be submitted until %(date)s."),
    Feature.SUPPORT: _("Supports closed on %(date)s."),
    Feature.COMMENT: _("Comments closed on %(date)s."),
    Feature.VOTE: _("Voting closed on %(date)s."),
    Feature.SHOW_RESULTS: _("Results are not published in the current phase."),
    Feature.SURVEY: _("Surveys closed on %(date)s."),
}
FEATURE_NEVER = {
    Feature.CREATE_PROPOSALS: _("This process does not accept proposals."),
    Feature.SUPPORT: _("This process does not collect supports."),
    Feature.COMMENT: _("Comments are closed in this process."),
    Feature.VOTE: _("This process has no vote."),
    Feature.SHOW_RESULTS: _("This process publishes no results."),
    Feature.SURVEY: _("This process has no survey open to answers."),
}
# When an administrator pinned a phase that does not enable the feature, dates alone would mislead.
FEATURE_NOT_NOW = {
    Feature.CREATE_PROPOSALS: _("Proposals cannot be submitted in the current phase."),
    Feature.SUPPORT: _("Supports are not open in the current phase."),
    Feature.COMMENT: _("Comments are not open in the current phase."),
    Feature.VOTE: _("Voting is not open in the current phase."),
    Feature.SHOW_RESULTS: _("Results are not published in the current phase."),
    Feature.SURVEY: _("Surveys are not open in the current phase."),
}
