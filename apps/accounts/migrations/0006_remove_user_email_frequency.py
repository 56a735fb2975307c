# The e-mail frequency now lives in notifications.NotificationPreference (copied there by notifications 0003).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_remove_user_demographics'),
        ('notifications', '0003_copy_email_frequency'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='user',
            name='email_frequency',
        ),
    ]
