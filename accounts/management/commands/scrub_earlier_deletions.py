"""`manage.py scrub_earlier_deletions`: what account deletion now does to the admin's change log and the plans, for
accounts deleted before it did (accounts.services.deletion.scrub_earlier_deletions). `migrate` runs it once, when it
applies accounts' 0013_scrub_earlier_deletions; run it again by hand at any time (it is idempotent)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Scrub the admin log and the plans of accounts deleted before deletion covered them (idempotent)."

    def handle(self, *args, **options):
        from accounts.services.deletion import scrub_earlier_deletions

        counts = scrub_earlier_deletions()
        self.stdout.write(", ".join(f"{key.replace('_', ' ')}: {value}" for key, value in counts.items()))
