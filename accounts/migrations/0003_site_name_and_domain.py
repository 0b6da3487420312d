"""The Sites framework's row says InterviewMaster at SITE_URL's host, not "example.com"."""

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    from interviewmaster.links import SITE_NAME, site_domain

    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(id=settings.SITE_ID, defaults={"domain": site_domain(), "name": SITE_NAME})


def unname_the_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Site.objects.filter(id=settings.SITE_ID).update(domain="example.com", name="example.com")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile_lockout_mentors"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, unname_the_site)]
