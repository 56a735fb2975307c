"""The standing adversarial suite (issue 7, section 8). Every new feature joins it: add its texts to the XSS
targets, its URL patterns are fuzzed automatically, and its content type joins the authorisation matrix.

Each module adds what it tried to COUNTS (counts.py); the totals are printed at the end of the run (payloads,
fuzzed requests, matrix cells, 5xx seen), so the numbers can be reported. The hooks that gather and print them
are in tests/conftest.py: under pytest-xdist the workers run these tests and the controller prints the summary,
and only the top conftest is loaded by both.
"""
