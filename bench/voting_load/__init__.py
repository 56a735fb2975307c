"""Support files of bench/voting.py: the settings and URLs gunicorn serves during the run, and the Locust users."""
