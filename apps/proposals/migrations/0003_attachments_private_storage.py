# Attachments move to the private storage under random names (security review 2026-11-30, finding 2).

import shutil
import uuid
from pathlib import Path

import apps.core.files
import apps.proposals.models
from django.db import migrations, models


def move_to_private_storage(apps, schema_editor):
    """Move each attachment file from MEDIA_ROOT/proposals/<process>/<proposal>/<name> to
    PRIVATE_MEDIA_ROOT/proposals/<uuid>.<ext>, and store the new name. Missing files keep their row as is."""
    from django.conf import settings

    ProposalAttachment = apps.get_model("proposals", "ProposalAttachment")
    public_root = Path(settings.MEDIA_ROOT)
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    for attachment in ProposalAttachment.objects.all().iterator():
        changed = []
        for field in ("file", "thumbnail"):
            name = getattr(attachment, field).name
            source = public_root / name if name else None
            if not source or not source.is_file():
                continue
            extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
            new_name = f"proposals/{uuid.uuid4().hex}" + (f".{extension}" if extension else "")
            (private_root / "proposals").mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(private_root / new_name))
            setattr(attachment, field, new_name)
            changed.append(field)
        if changed:
            attachment.save(update_fields=changed)


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0002_pg_trgm'),
    ]

    operations = [
        migrations.AlterField(
            model_name='proposalattachment',
            name='file',
            field=models.FileField(max_length=255, storage=apps.core.files.private_storage, upload_to=apps.proposals.models.attachment_path, verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='proposalattachment',
            name='thumbnail',
            field=models.ImageField(blank=True, max_length=255, storage=apps.core.files.private_storage, upload_to=apps.proposals.models.attachment_path, verbose_name='thumbnail'),
        ),
        migrations.RunPython(move_to_private_storage, migrations.RunPython.noop),
    ]
