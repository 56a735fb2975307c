"""What the security suite tried, printed at the end of the run by conftest.pytest_terminal_summary."""

COUNTS = {}


def count(key, n=1):
    COUNTS[key] = COUNTS.get(key, 0) + n
