# Optional demographics leave User for their own one-to-one model (0004 copies them, 0005 drops the columns).

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_nickname_constraint_message'),
    ]

    operations = [
        migrations.CreateModel(
            name='Demographics',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='demographics', serialize=False, to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('gender', models.CharField(blank=True, choices=[('woman', 'Woman'), ('man', 'Man'), ('non_binary', 'Non-binary'), ('undisclosed', 'Prefer not to say')], max_length=20, verbose_name='gender')),
                ('birth_year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1900), django.core.validators.MaxValueValidator(2100)], verbose_name='birth year')),
                ('socio_professional_category', models.CharField(blank=True, choices=[('farmer', 'Farmer'), ('crafts', 'Craftsperson, shopkeeper, business owner'), ('executive', 'Executive, higher intellectual profession'), ('intermediate', 'Intermediate profession'), ('employee', 'Employee'), ('worker', 'Manual worker'), ('retired', 'Retired'), ('student', 'Student'), ('unemployed', 'Other, without professional activity')], max_length=20, verbose_name='socio-professional category')),
            ],
            options={
                'verbose_name': 'demographics',
                'verbose_name_plural': 'demographics',
            },
        ),
    ]
