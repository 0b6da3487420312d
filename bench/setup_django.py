"""What a benchmark does before it imports the project: the repository on sys.path, the settings module, a throwaway
SQLite file when DATABASE_URL is not set (removed when the process exits), then `django.setup()`.

    from setup_django import setup_django   # bench/ is sys.path[0] when a benchmark runs as `python bench/NAME.py`

    setup_django(prefix="bench-select-", LOG_LEVEL="WARNING")
"""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(*, prefix: str = "bench-", force: dict[str, str] | None = None, **defaults: str) -> None:
    """`defaults` are set unless the environment has them; `force` always (e.g. a real broker for a worker)."""
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        with tempfile.NamedTemporaryFile(prefix=prefix, suffix=".sqlite3", delete=False) as tmp:
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}"
        atexit.register(Path(tmp.name).unlink, missing_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewmaster.settings")
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    os.environ.update(force or {})

    import django

    django.setup()
