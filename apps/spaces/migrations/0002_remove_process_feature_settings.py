# Per-feature settings now live in proposals, supports and comments (copied there by their data migrations).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('spaces', '0001_initial'),
        # The settings must be copied out before the columns go.
        ('proposals', '0005_copy_process_settings'),
        ('supports', '0003_copy_process_settings'),
        ('comments', '0003_copy_process_settings'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='process',
            name='attachment_max_mb',
        ),
        migrations.RemoveField(
            model_name='process',
            name='attachments_per_proposal',
        ),
        migrations.RemoveField(
            model_name='process',
            name='comment_max_length',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_body_help',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_body_help_en',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_body_help_es',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_body_help_fr',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_body_max_length',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_edit_minutes',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_title_help',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_title_help_en',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_title_help_es',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposal_title_help_fr',
        ),
        migrations.RemoveField(
            model_name='process',
            name='proposals_per_user',
        ),
        migrations.RemoveField(
            model_name='process',
            name='support_threshold',
        ),
        migrations.RemoveField(
            model_name='process',
            name='supports_per_user',
        ),
    ]
