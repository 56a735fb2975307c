"""Carry each participant's optional answers from User over to Demographics (only for those who gave any)."""

from django.db import migrations
from django.db.models import Q

FIELDS = ("gender", "birth_year", "socio_professional_category")


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Demographics = apps.get_model("accounts", "Demographics")
    done = set(Demographics.objects.values_list("user_id", flat=True))
    given = User.objects.filter(~Q(gender="") | Q(birth_year__isnull=False) | ~Q(socio_professional_category=""))
    batch = []
    for row in given.values("pk", *FIELDS).order_by("pk").iterator():
        if row["pk"] not in done:
            batch.append(Demographics(user_id=row.pop("pk"), **row))
        if len(batch) >= 500:
            Demographics.objects.bulk_create(batch)
            batch = []
    Demographics.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Demographics = apps.get_model("accounts", "Demographics")
    for row in Demographics.objects.values("user_id", *FIELDS).order_by("user_id").iterator():
        User.objects.filter(pk=row.pop("user_id")).update(**row)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_demographics"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
