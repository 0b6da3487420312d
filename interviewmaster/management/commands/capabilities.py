"""`manage.py capabilities check` validates capabilities.json; `manage.py capabilities show` prints a summary."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from interviewmaster.capabilities import CapabilitiesFileError, load_capabilities


class Command(BaseCommand):
    help = "Validate the platform capabilities file (check) or print a summary of it (show)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "show"])
        parser.add_argument("--file", default=None, help="Path to a capabilities file (default: the configured one).")

    def handle(self, *args, action: str, file: str | None, **options):
        try:
            caps = load_capabilities(file)
        except CapabilitiesFileError as exc:
            raise CommandError(str(exc)) from exc
        if action == "check":
            self.stdout.write(self.style.SUCCESS(
                f"{caps.source}: valid (version {caps.version}, updated {caps.last_updated})"))
            return
        self.stdout.write(f"Capabilities {caps.version} ({caps.last_updated}) from {caps.source}")
        rows = [
            ("languages", ", ".join(caps.languages)),
            ("roles", ", ".join(caps.roles)),
            ("experience levels", ", ".join(caps.experience_levels)),
            ("difficulties", ", ".join(f"{d.id} ({d.minutes_per_question} min)" for d in caps.difficulties_by_rank())),
            ("categories", ", ".join(caps.categories)),
            ("modes", ", ".join(caps.modes)),
            ("follow-up strategies", ", ".join(caps.follow_up_strategies)),
            ("evaluation criteria", ", ".join(caps.criteria)),
            ("state machines", ", ".join(caps.state_machines)),
            ("question tags", str(len(caps.question_tags))),
        ]
        for label, value in rows:
            self.stdout.write(f"  {label:<22} {value}")
