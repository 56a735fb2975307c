# The demographics now live in accounts.Demographics (copied by 0004); postal_code stays on User.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_copy_demographics'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='user',
            name='birth_year',
        ),
        migrations.RemoveField(
            model_name='user',
            name='gender',
        ),
        migrations.RemoveField(
            model_name='user',
            name='socio_professional_category',
        ),
    ]
