"""One entry point for every rule, and the rule a Pabulib file's META asks for."""

from __future__ import annotations

from .greedy import greedy
from .mes import mes_add1
from .phragmen import phragmen
from .profile import APPROVAL, CHOOSE_1, Number, Outcome, Profile, exact_number

GREEDY = "greedy"
GREEDY_NO_SKIP = "greedy-no-skip"
MES = "mes"
PHRAGMEN = "phragmen"
RULES = (GREEDY, GREEDY_NO_SKIP, MES, PHRAGMEN)
COMPLETIONS = ("none", "greedy")


def rule_from_meta(meta: dict) -> tuple[str, Number | None]:
    """The rule (and minimum score) a Pabulib META ``rule`` names: ``greedy`` -> greedy; ``greedy-no-skip`` ->
    no-skip; ``greedy-threshold`` -> greedy with ``min_project_score_threshold``; ``equalshares`` and its variants
    -> MES with Add1; ``sequential-phragmen`` (as export_pabulib writes it), ``phragmen`` and their variants ->
    sequential Phragmén where the ballots are approval or choose-1 (it counts nothing else); anything else -> greedy."""
    name = (meta.get("rule") or "").strip().lower()
    if "phragmen" in name or "phragmén" in name:
        vote_type = (meta.get("vote_type") or APPROVAL).strip().lower()
        return (PHRAGMEN if vote_type in (APPROVAL, CHOOSE_1) else GREEDY), None
    if name == "greedy-no-skip":
        return GREEDY_NO_SKIP, None
    if name == "greedy-threshold":
        threshold = meta.get("min_project_score_threshold")
        return GREEDY, exact_number(threshold) if threshold not in (None, "") else None
    if name.startswith("equalshares") or name.startswith("mes"):
        return MES, None
    return GREEDY, None


def count(
    profile: Profile, rule: str = GREEDY, *, min_score: Number | None = None, completion: str = "none"
) -> Outcome:
    """Count ``profile`` with ``rule`` (one of RULES). ``min_score`` applies to the greedy rules; ``completion``
    (``none`` or ``greedy``) to MES."""
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}")
    if rule == GREEDY:
        return greedy(profile, min_score=min_score)
    if rule == GREEDY_NO_SKIP:
        return greedy(profile, skip=False, min_score=min_score)
    if rule == MES:
        return mes_add1(profile, completion=completion)
    if rule == PHRAGMEN:
        return phragmen(profile)
    raise ValueError(f"unknown rule {rule!r}")
