"""A marker, no schema change: when `migrate` applies it, accounts' post_migrate receiver (accounts/apps.py) runs
`scrub_earlier_deletions` once every migration of the run is in place.

Why not the scrub itself here: a data migration sees historical models, while the scrub must be the live deletion's
own code (accounts.admin_log, the apps' personal_data hooks), which uses the live models; run here, it would query
columns that later migrations of the same `migrate` have not created yet (an upgrade over several releases), or it
would have to be a second copy of the deletion kept in step by hand. After the whole run, the schema is the code's."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0012_admin_log_scrub")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop, elidable=False)]
