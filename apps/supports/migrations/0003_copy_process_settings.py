"""Carry each process's support settings over from spaces.Process (before 0002 in spaces removes them)."""

from django.db import migrations

FIELDS = ("supports_per_user", "support_threshold")


def forwards(apps, schema_editor):
    Process = apps.get_model("spaces", "Process")
    SupportSettings = apps.get_model("supports", "SupportSettings")
    done = set(SupportSettings.objects.values_list("process_id", flat=True))
    SupportSettings.objects.bulk_create(
        [
            SupportSettings(process_id=row.pop("pk"), **row)
            for row in Process.objects.values("pk", *FIELDS).order_by("pk")
            if row["pk"] not in done
        ],
        batch_size=500,
    )


def backwards(apps, schema_editor):
    Process = apps.get_model("spaces", "Process")
    SupportSettings = apps.get_model("supports", "SupportSettings")
    for row in SupportSettings.objects.values("process_id", *FIELDS).order_by("process_id"):
        Process.objects.filter(pk=row.pop("process_id")).update(**row)


class Migration(migrations.Migration):
    dependencies = [
        ("supports", "0002_supportsettings"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
