"""Counting: the rules (greedy and its variants, the Method of Equal Shares, Phragmén) and Pabulib files.

The counting itself lives in ``apps.voting.rules``, plain Python with no Django import, so it can be tested,
benchmarked and recounted alone.
"""
