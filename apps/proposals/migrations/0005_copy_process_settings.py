"""Carry each process's proposal settings over from spaces.Process (before 0002 in spaces removes them)."""

from django.db import migrations

LANGUAGES = ("fr", "en", "es")
FIELDS = (
    "proposal_body_max_length",
    "proposal_title_help",
    "proposal_body_help",
    "proposals_per_user",
    "proposal_edit_minutes",
    "attachment_max_mb",
    "attachments_per_proposal",
    *(f"{name}_{lang}" for name in ("proposal_title_help", "proposal_body_help") for lang in LANGUAGES),
)


def forwards(apps, schema_editor):
    Process = apps.get_model("spaces", "Process")
    ProposalSettings = apps.get_model("proposals", "ProposalSettings")
    done = set(ProposalSettings.objects.values_list("process_id", flat=True))
    ProposalSettings.objects.bulk_create(
        [
            ProposalSettings(process_id=row.pop("pk"), **row)
            for row in Process.objects.values("pk", *FIELDS).order_by("pk")
            if row["pk"] not in done
        ],
        batch_size=500,
    )


def backwards(apps, schema_editor):
    Process = apps.get_model("spaces", "Process")
    ProposalSettings = apps.get_model("proposals", "ProposalSettings")
    for row in ProposalSettings.objects.values("process_id", *FIELDS).order_by("process_id"):
        Process.objects.filter(pk=row.pop("process_id")).update(**row)


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_proposalsettings"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
