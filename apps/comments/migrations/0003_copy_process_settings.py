"""Carry each process's comment settings over from spaces.Process (before 0002 in spaces removes them)."""

from django.db import migrations

FIELDS = ("comment_max_length",)


def forwards(apps, schema_editor):
    Process = apps.get_model("spaces", "Process")
    CommentSettings = apps.get_model("comments", "CommentSettings")
    done = set(CommentSettings.objects.values_list("process_id", flat=True))
    CommentSettings.objects.bulk_create(
        [
            CommentSettings(process_id=row.pop("pk"), **row)
            for row in Process.objects.values("pk", *FIELDS).order_by("pk")
            if row["pk"] not in done
        ],
        batch_size=500,
    )


def backwards(apps, schema_editor):
    Process = apps.get_model("spaces", "Process")
    CommentSettings = apps.get_model("comments", "CommentSettings")
    for row in CommentSettings.objects.values("process_id", *FIELDS).order_by("process_id"):
        Process.objects.filter(pk=row.pop("process_id")).update(**row)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_commentsettings"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
