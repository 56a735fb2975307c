"""Authors no longer support their own proposal (supports.add_support refuses it): drop the supports given
before that rule and recount the proposals they counted on."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    Support = apps.get_model("supports", "Support")
    Proposal = apps.get_model("proposals", "Proposal")
    own = Support.objects.filter(user_id=F("proposal__author_id"))
    proposal_ids = list(own.values_list("proposal_id", flat=True).distinct())
    if not proposal_ids:
        return
    own.delete()
    for proposal_id in proposal_ids:
        Proposal.objects.filter(pk=proposal_id).update(
            support_count=Support.objects.filter(proposal_id=proposal_id).count()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("supports", "0003_copy_process_settings"),
        ("proposals", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
