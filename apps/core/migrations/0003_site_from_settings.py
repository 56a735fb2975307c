"""Give the Sites row the site's real domain and name (SITE_URL, SITE_NAME) instead of Django's "example.com",
which allauth's e-mails would otherwise show ("[example.com] Confirm your e-mail address")."""

from django.conf import settings
from django.db import migrations

from apps.core.sites import site_values


def forwards(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    values = site_values(site_url=settings.SITE_URL, site_name=settings.SITE_NAME)
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults=values)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_auditentry_process"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
