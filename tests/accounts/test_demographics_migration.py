"""The optional answers move from User to accounts.Demographics with their values, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0002_nickname_constraint_message")]
AFTER = [("accounts", "0005_remove_user_demographics")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_demographics_are_carried_over_and_back():
    old_apps = _migrate(BEFORE)
    try:
        OldUser = old_apps.get_model("accounts", "User")
        answered = OldUser.objects.create(
            email="a@example.org", nickname="answered", gender="woman", birth_year=1984, postal_code="59000",
            socio_professional_category="employee",
        )
        partial = OldUser.objects.create(email="b@example.org", nickname="partial", birth_year=1990)
        silent = OldUser.objects.create(email="c@example.org", nickname="silent", postal_code="59800")

        new_apps = _migrate(AFTER)
        rows = new_apps.get_model("accounts", "Demographics").objects
        assert set(rows.values_list("user_id", flat=True)) == {answered.pk, partial.pk}  # nothing given: no row
        row = rows.get(user_id=answered.pk)
        assert (row.gender, row.birth_year, row.socio_professional_category) == ("woman", 1984, "employee")
        assert (rows.get(user_id=partial.pk).gender, rows.get(user_id=partial.pk).birth_year) == ("", 1990)
        NewUser = new_apps.get_model("accounts", "User")
        assert NewUser.objects.get(pk=silent.pk).postal_code == "59800"  # postal_code stays on the user
        assert "gender" not in {field.name for field in NewUser._meta.fields}

        old_apps = _migrate(BEFORE)
        back = old_apps.get_model("accounts", "User").objects.get(pk=answered.pk)
        assert (back.gender, back.birth_year, back.postal_code, back.socio_professional_category) == (
            "woman", 1984, "59000", "employee",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
