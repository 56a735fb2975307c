"""The standing adversarial suite (issue 7, section 8). Every new feature joins it: add its texts to the XSS
targets, its URL patterns are fuzzed automatically, and its content type joins the authorisation matrix.

Each module adds what it tried to COUNTS; the totals are printed at the end of the run (payloads, fuzzed
requests, matrix cells, 5xx seen), so the numbers can be reported.
"""

from .counts import COUNTS


def pytest_terminal_summary(terminalreporter):
    if COUNTS:
        terminalreporter.section("security suite counts")
        for key in sorted(COUNTS):
            terminalreporter.write_line(f"{key}: {COUNTS[key]}")
