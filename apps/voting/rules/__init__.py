"""The counting rules, in plain Python with no Django import (a test checks it).

- ``greedy``: CONSUL's greedy and its variants (no-skip, minimum score);
- ``mes``: the Method of Equal Shares with the Add1 completion (and an optional greedy completion);
- ``phragmen``: sequential Phragmén for approval ballots;
- ``pabulib``: reading and writing Pabulib files;
- ``profile``: the compact election they all count;
- ``explain``: why each project won or lost, rule by rule (for the results page).
"""

from .count import COMPLETIONS, RULES, count, rule_from_meta
from .explain import Explanation, explain
from .greedy import greedy, scores
from .mes import mes, mes_add1
from .pabulib import PabulibError, PabulibFile, read
from .phragmen import phragmen
from .profile import Outcome, Profile, Project

__all__ = [
    "COMPLETIONS",
    "RULES",
    "count",
    "explain",
    "Explanation",
    "rule_from_meta",
    "Outcome",
    "PabulibError",
    "PabulibFile",
    "Profile",
    "Project",
    "greedy",
    "mes",
    "mes_add1",
    "phragmen",
    "read",
    "scores",
]
