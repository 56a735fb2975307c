import pytest
from django.utils import translation

from apps.accounts import selectors
from apps.accounts.models import User
from apps.accounts.selectors import demographics_summary, public_activity
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _groups(dimension):
    return {group["value"]: group["count"] for group in dimension["groups"]}


def test_demographics_summary_counts_and_suppresses_small_groups(django_assert_max_num_queries):
    UserFactory.create_batch(6, gender="woman", birth_year=1985, socio_professional_category="employee")
    UserFactory.create_batch(5, gender="man", birth_year=1972, socio_professional_category="employee")
    UserFactory.create_batch(2, gender="non_binary", birth_year=1989, socio_professional_category="student")
    UserFactory.create_batch(7, gender="", birth_year=None, socio_professional_category="")

    # Labels are translated: read them in English.
    with translation.override("en"):
        with django_assert_max_num_queries(4):
            summary = demographics_summary(users_queryset=User.objects.all())

        assert summary["total"] == 20
        assert summary["threshold"] == 5
        # Non-binary (2) is too small; the next smallest group (man, 5) is hidden with it so 2 cannot be deduced.
        assert _groups(summary["gender"]) == {"": 7, "woman": 6}
        assert summary["gender"]["hidden"] == 7
        labels = {group["value"]: group["label"] for group in summary["gender"]["groups"]}
        assert labels == {"": "Not given", "woman": "Woman"}
        # Decades: 1980s = 6 + 2, 1970s = 5, not given = 7.
        assert _groups(summary["birth_decade"]) == {1980: 8, 1970: 5, None: 7}
        assert summary["birth_decade"]["hidden"] == 0
        assert {g["label"] for g in summary["birth_decade"]["groups"]} == {"1980s", "1970s", "Not given"}
        # Student (2) is hidden along with the next smallest group.
        assert _groups(summary["socio_professional_category"]) == {"employee": 11}
        assert summary["socio_professional_category"]["hidden"] == 9


def test_demographics_summary_counts_no_row_and_empty_answers_as_not_given():
    UserFactory.create_batch(3)  # never answered: no Demographics row
    UserFactory.create_batch(5, birth_year=1990)  # a row, but no gender
    UserFactory.create_batch(5, gender="woman")  # a row, but no birth year
    summary = demographics_summary(users_queryset=User.objects.all())
    assert _groups(summary["gender"]) == {"": 8, "woman": 5}
    assert _groups(summary["birth_decade"]) == {None: 8, 1990: 5}
    assert summary["gender"]["hidden"] == summary["birth_decade"]["hidden"] == 0


def test_demographics_summary_never_shows_a_group_below_threshold():
    UserFactory.create_batch(3, gender="woman")
    UserFactory.create_batch(4, gender="man")
    summary = demographics_summary(users_queryset=User.objects.all())
    assert summary["gender"]["groups"] == []
    assert summary["gender"]["hidden"] == 7


def test_demographics_summary_respects_the_queryset():
    UserFactory.create_batch(5, gender="woman")
    UserFactory.create_batch(5, gender="man", postal_code="75001")
    summary = demographics_summary(users_queryset=User.objects.filter(postal_code="75001"))
    assert summary["total"] == 5
    assert _groups(summary["gender"]) == {"man": 5}


def test_demographics_summary_of_nobody():
    summary = demographics_summary(users_queryset=User.objects.none())
    assert summary["total"] == 0
    assert summary["gender"] == {"groups": [], "hidden": 0}


def test_public_activity_merges_sources_newest_first(user, monkeypatch):
    monkeypatch.setattr(selectors, "_ACTIVITY_SOURCES", [])
    selectors.register_activity_source(
        lambda u: [{"date": "2026-01-02", "label": "Proposed", "title": "A", "url": "/a"}]
    )
    selectors.register_activity_source(
        lambda u: [{"date": "2026-03-01", "label": "Commented", "title": "B", "url": "/b"}]
    )
    items = public_activity(user=user)
    assert [item["title"] for item in items] == ["B", "A"]
    assert public_activity(user=user, limit=1)[0]["title"] == "B"
