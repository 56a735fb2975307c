"""Counting speed: apps/voting/rules beside pabutools 1.2.3, in the same run, on real Pabulib files.

For each file and rule: our time end to end from the file (read, group the ballots, count), pabutools' time (parse,
count), the ratio, and whether the winners (and for MES their order) are identical. pabutools' MES with Add1 on the
city-scale file takes many minutes: it is skipped unless ``--full``, and the output says so; its single MES run is
still timed beside ours.

    make bench BENCH=counting                          # or: .venv/bin/python bench/counting.py (a few minutes)
    .venv/bin/python bench/counting.py --full          # also pabutools' MES + Add1 on Praga-Południe (minutes)
    .venv/bin/python bench/counting.py --no-pabutools  # our side only
    .venv/bin/python bench/counting.py --only Zurich --only Assen --no-e2e   # only the rows whose file or rule say so
    .venv/bin/python bench/counting.py --e2e-only      # only the end-to-end part below
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_counting .venv/bin/python bench/counting.py --e2e-only
    PABULIB_DIR=/path/to/pabulib .venv/bin/python bench/counting.py

Then, end to end through the database (skip with --no-e2e): the two city-scale files imported with
``manage.py import_pabulib`` into a throw-away database (a temporary SQLite file, or the PostgreSQL database
DATABASE_URL names, which is migrated and emptied of what the bench imported), then ``manage.py tally`` run as a
user would: Łódź with greedy (target < 3 s) and Praga-Południe with MES + Add1 (target < 5 s). Each command is timed
as a whole process (Python and Django start-up included) and by the time it reports for reading the ballots from the
database and counting them; its peak memory is the process's maximum resident set (target < 1 GB).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Modules are imported before any clock starts, on both sides (pabutools imports NumPy too).
import numpy  # noqa: E402, F401

from apps.voting.rules import greedy, mes, mes_add1, phragmen, read, rule_from_meta  # noqa: E402


def pabulib_dir() -> Path:
    for candidate in (os.environ.get("PABULIB_DIR"), ROOT.parent / "shared" / "pabulib", "/work/shared/pabulib"):
        if candidate and Path(candidate, "bench").exists():
            return Path(candidate)
    sys.exit("No Pabulib files: set PABULIB_DIR to the folder holding the .pb files and bench/")


# (file, rule, pabutools is slow: skipped unless --full)
CASES = [
    ("bench/Poland_Lodz_2023.pb", "greedy", False),
    ("bench/Poland_Lodz_2023.pb", "own rule", False),
    ("bench/Poland_Warszawa_2023_Praga-Poludnie.pb", "greedy", False),
    ("bench/Poland_Warszawa_2023_Praga-Poludnie.pb", "mes (one run)", False),
    ("bench/Poland_Warszawa_2023_Praga-Poludnie.pb", "mes+add1", True),
    ("bench/Poland_Warszawa_2023_Praga-Poludnie.pb", "phragmen", False),
    ("Poland_Swiecie_2023.pb", "mes+add1", False),
    ("Poland_Swiecie_2023.pb", "phragmen", False),
    ("Poland_Warszawa_2017_Ursus_Poludniowy.pb", "greedy", False),
    ("Poland_Warszawa_2017_Ursus_Poludniowy.pb", "mes+add1", False),
    ("Poland_Warszawa_2017_Ursus_Poludniowy.pb", "phragmen", False),
    ("Netherlands_Assen_2024.pb", "mes+add1", False),
    ("Poland_Czestochowa_2025_Wrzosowiak.pb", "mes+add1", False),
    ("Switzerland_Zurich_S5R.pb", "mes+add1", False),
]


def ours_load(path: Path):
    pf = read(path)
    return pf, pf.profile()


def ours_count(loaded, rule: str):
    pf, profile = loaded
    if rule == "greedy":
        return greedy(profile).winners
    if rule == "own rule":
        name, min_score = rule_from_meta(pf.meta)
        return greedy(profile, skip=name != "greedy-no-skip", min_score=min_score).winners
    if rule == "mes (one run)":
        return mes(profile).winners
    if rule == "mes+add1":
        return mes_add1(profile).winners
    if rule == "phragmen":
        return sorted(phragmen(profile).winners)
    raise ValueError(rule)


def theirs_load(path: Path):
    from pabutools.election import parse_pabulib

    return parse_pabulib(str(path))


def theirs_count(loaded, rule: str):
    from pabutools.election import Additive_Borda_Sat, Additive_Cardinal_Sat, Cost_Sat, Instance
    from pabutools.rules import (
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    inst, prof = loaded
    sat = {"approval": Cost_Sat, "choose-1": Cost_Sat, "cumulative": Additive_Cardinal_Sat}.get(
        inst.meta["vote_type"], Additive_Borda_Sat
    )
    if rule == "greedy":
        return [p.name for p in greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)]
    if rule == "own rule":  # greedy-threshold: pabutools' greedy on the projects at or above the threshold
        threshold = Fraction(inst.meta.get("min_project_score_threshold", "0"))
        kept = [p for p in inst if prof.approval_score(p) >= threshold]
        sub = Instance(kept, budget_limit=inst.budget_limit)
        return [p.name for p in greedy_utilitarian_welfare(sub, prof, sat_class=Cost_Sat)]
    if rule == "mes (one run)":
        return [p.name for p in method_of_equal_shares(inst, prof.as_multiprofile(), sat_class=sat)]
    if rule == "mes+add1":
        outcome = exhaustion_by_budget_increase(
            inst,
            prof.as_multiprofile(),
            method_of_equal_shares,
            {"sat_class": sat},
            exhaustive_stop=False,
            budget_step=prof.num_ballots(),
        )
        return [p.name for p in outcome]
    if rule == "phragmen":
        return sorted(p.name for p in sequential_phragmen(inst, prof))
    raise ValueError(rule)


def timed(func, *args, repeat=1):
    best = None
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = func(*args)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="also run pabutools where it takes minutes")
    parser.add_argument("--no-pabutools", action="store_true", help="time our side only")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end part (import, tally)")
    parser.add_argument("--e2e-only", action="store_true", help="only the end-to-end part (import, tally)")
    parser.add_argument(
        "--only", action="append", metavar="TEXT", help="only the rows whose file or rule contain TEXT (repeatable)"
    )
    args = parser.parse_args()
    base = pabulib_dir()
    cases = [c for c in CASES if not args.only or any(t in c[0] or t in c[1] for t in args.only)]
    if args.e2e_only:
        sys.exit(end_to_end(base))
    try:
        import pabutools  # noqa: F401

        have_pabutools = not args.no_pabutools
    except ImportError:
        have_pabutools = False
        print("pabutools is not installed: our side only (pip install pabutools==1.2.3)")

    rows = []
    for name, rule, _slow in cases:
        path = base / name
        # Small files count in hundredths of a second: the best of 10 runs, so that a busy machine blurs less.
        repeat = 10 if path.stat().st_size < 200_000 else 1
        load_s, loaded = timed(ours_load, path, repeat=repeat)
        count_s, winners = timed(ours_count, loaded, rule, repeat=repeat)
        rows.append((name, rule, load_s, count_s, winners))
        del loaded
    # Peak memory of our side (the process's maximum resident set so far: pabutools has not run yet).
    our_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print("Seconds. 'read': reading the file and grouping the ballots (pabutools: parse_pabulib); 'count': the rule")
    print("alone on the loaded profile; 'total' = read + count. Ratios are pabutools' time over ours.\n")
    header = (
        f"{'file':<44} {'rule':<13} {'ours read':>9} {'count':>7} {'total':>6} | {'pabutools read':>14} "
        f"{'count':>8} {'total':>8} | {'x count':>8} {'x total':>7}  same winners"
    )
    print(header)
    print("-" * len(header))
    loaded_theirs: dict = {}
    failures = 0
    for (name, rule, load_s, count_s, winners), (_, _, slow) in zip(rows, cases, strict=True):
        path = base / name
        ours_total = load_s + count_s
        cells = [f"{name:<44} {rule:<13} {load_s:>9.3f} {count_s:>7.3f} {ours_total:>6.2f}"]
        if not have_pabutools:
            cells.append(f"{'-':>14} {'-':>8} {'-':>8} | {'-':>8} {'-':>7}  -")
        else:
            if name not in loaded_theirs:
                loaded_theirs.clear()
                loaded_theirs[name] = timed(theirs_load, path)
            their_load, their_loaded = loaded_theirs[name]
            if slow and not args.full:
                cells.append(
                    f"{their_load:>14.2f} {'skipped':>8} {'-':>8} | {'-':>8} {'-':>7}  "
                    "(pabutools needs minutes: --full)"
                )
            else:
                their_count, their_winners = timed(theirs_count, their_loaded, rule)
                their_total = their_load + their_count
                same = "yes" if their_winners == winners else f"NO: {their_winners} vs {winners}"
                failures += their_winners != winners
                cells.append(
                    f"{their_load:>14.2f} {their_count:>8.2f} {their_total:>8.2f} | "
                    f"{their_count / count_s:>7.0f}x {their_total / ours_total:>6.0f}x  {same}"
                )
        print(" | ".join(cells), flush=True)
    print(f"\nPeak memory of our side: {our_peak_mb:.0f} MB (whole process, before pabutools ran).")
    print("'own rule' is the file's META rule (greedy-threshold with its min_project_score_threshold).")
    if failures:
        print(f"{failures} outcome(s) differ from pabutools'.")
    e2e_failures = 0 if args.no_e2e else end_to_end(base, file_winners=rows)
    if failures or e2e_failures:
        sys.exit(1)


# --- End to end: import_pabulib, then tally, through the database ------------------------------------------------

# (file, tally arguments, label, target seconds for the whole tally process, the CASES row with the same winners)
E2E = [
    ("bench/Poland_Lodz_2023.pb", ["--rule", "greedy"], "greedy", 3.0, "greedy"),
    ("bench/Poland_Lodz_2023.pb", [], "own rule", None, "own rule"),
    ("bench/Poland_Warszawa_2023_Praga-Poludnie.pb", ["--rule", "mes"], "mes+add1", 5.0, "mes+add1"),
]
GIGABYTE_KB = 1024 * 1024


def run(command: list[str], env: dict) -> tuple[float, float, float, str]:
    """Run a command; its wall time, its CPU time (user + system), its own peak resident memory in MB (wait4's
    rusage), and its standard output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{err.read()}")
        return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read()


def end_to_end(base: Path, file_winners=None) -> int:
    manage = [sys.executable, str(ROOT / "manage.py")]
    url = os.environ.get("DATABASE_URL", "")
    tmp = None
    if not url:
        tmp = tempfile.mkdtemp(prefix="bench-counting-")
        url = f"sqlite:///{tmp}/bench.sqlite3"
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite (a file)"
    env = {**os.environ, "DATABASE_URL": url}
    print(f"\nEnd to end through the database ({engine}): manage.py import_pabulib, then manage.py tally.")
    print("'process' is the whole command's wall time (Python and Django start-up included), 'CPU' its CPU time (user")
    print("+ system: what the wall time would be on an idle machine, near enough); 'read' and 'count' are what tally")
    print("reports for reading the confirmed ballots from the database and for counting them; memory is the peak")
    print("resident set of the process.\n")
    run(manage + ["migrate", "-v0"], env)
    budgets: dict[str, str] = {}
    failures = 0
    header = f"{'step':<58} {'process':>8} {'CPU':>6} {'read':>6} {'count':>6} {'peak MB':>8}  target"
    print(header)
    print("-" * len(header))
    try:
        for name in dict.fromkeys(name for name, *_ in E2E):
            elapsed, cpu, peak, out = run(manage + ["import_pabulib", str(base / name)], env)
            budgets[name] = out.split()[-1]
            step = f"import_pabulib {Path(name).name}"
            print(f"{step:<58} {elapsed:>8.2f} {cpu:>6.2f} {'':>6} {'':>6} {peak:>8.0f}", flush=True)
        for name, extra, label, target, row_rule in E2E:
            elapsed, cpu, peak, out = run(manage + ["tally", budgets[name], *extra], env)
            lines = out.strip().splitlines()
            result = json.loads(lines[-1])
            times = re.search(r"read ([0-9.]+) s, counted ([0-9.]+) s", out)
            read_s, count_s = (float(times.group(1)), float(times.group(2))) if times else (float("nan"),) * 2
            verdict = ""
            if target is not None:
                ok = elapsed < target and peak * 1024 < GIGABYTE_KB
                failures += not ok
                verdict = f"< {target:.0f} s, < 1 GB: {'PASS' if ok else 'MISS'}"
            same = ""
            for row_name, rule, _l, _c, winners in file_winners or ():
                if row_name == name and rule == row_rule:
                    same = "; same winners as from the file" if winners == result["winners"] else "; WINNERS DIFFER"
                    failures += winners != result["winners"]
            step = f"tally {Path(name).name} {label} ({len(result['winners'])} winners{same})"
            print(
                f"{step:<58} {elapsed:>8.2f} {cpu:>6.2f} {read_s:>6.2f} {count_s:>6.3f} {peak:>8.0f}  {verdict}",
                flush=True,
            )
    finally:
        if tmp is None:  # PostgreSQL: take back what the bench imported
            ids = ",".join(budgets.values())
            if ids:
                cleanup = (
                    "from apps.budgets.models import Ballot, BallotItem, Budget\n"
                    f"budgets = Budget.objects.filter(pk__in=[{ids}])\n"
                    "processes = {b.process for b in budgets}\n"
                    "BallotItem.objects.filter(ballot__budget__in=budgets).delete()\n"
                    "Ballot.objects.filter(budget__in=budgets).delete()\n"
                    "for p in processes: p.delete()\n"
                )
                run(manage + ["shell", "-c", cleanup], env)
        else:
            for leftover in Path(tmp).glob("*"):
                leftover.unlink()
            os.rmdir(tmp)
    return failures


if __name__ == "__main__":
    main()
