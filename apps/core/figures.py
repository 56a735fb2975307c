"""Key figures shown on the home page. Apps add theirs in AppConfig.ready():

    register_key_figure(gettext_lazy("proposals"), lambda: Proposal.objects.published().count())

Each function must run a constant number of queries (usually one count).
"""

_FIGURES = []


def register_key_figure(label, func):
    if (label, func) not in _FIGURES:
        _FIGURES.append((label, func))


def extra_key_figures():
    return [(label, func()) for label, func in _FIGURES]
