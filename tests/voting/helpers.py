"""Shared bits for the counting tests: where the Pabulib files are, and pabutools as the oracle."""

import json
from pathlib import Path

PABULIB = Path(__file__).resolve().parents[3] / "shared" / "pabulib"
if not PABULIB.exists():  # a worktree under /work/wt/NAME: the files sit beside /work/main
    PABULIB = Path("/work/shared/pabulib")
BENCH = PABULIB / "bench"


def pabulib_files():
    return sorted(PABULIB.glob("*.pb"))


def expected_outcomes():
    path = PABULIB / "expected.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def pabutools_outcome(path, rule):
    """Run pabutools on a file as expected.jsonl was made (see SOURCES.md there)."""
    from pabutools.election import (
        Additive_Borda_Sat,
        Additive_Cardinal_Sat,
        Cost_Sat,
        parse_pabulib,
    )
    from pabutools.rules import (
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    inst, prof = parse_pabulib(str(path))
    if rule == "greedy":
        return [p.name for p in greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)]
    if rule == "phragmen":
        return sorted(p.name for p in sequential_phragmen(inst, prof))
    sat = {
        "approval": Cost_Sat,
        "choose-1": Cost_Sat,
        "cumulative": Additive_Cardinal_Sat,
        "ordinal": Additive_Borda_Sat,
    }[inst.meta["vote_type"]]
    result = exhaustion_by_budget_increase(
        inst,
        prof.as_multiprofile(),
        method_of_equal_shares,
        {"sat_class": sat},
        exhaustive_stop=False,
        budget_step=prof.num_ballots(),
    )
    return [p.name for p in result]
