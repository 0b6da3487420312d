"""The web process's start-up warm-up (interviewmaster/warmup.py): it does the first request's work and touches no
database or cache."""

from __future__ import annotations

import gc

import pytest
from django.db import connections
from django.template import engines
from django.test.utils import CaptureQueriesContext

from interviewmaster import warmup


@pytest.mark.django_db
def test_warm_up_compiles_every_project_template_without_a_query(monkeypatch):
    from django.core import cache as cache_module

    touched = []
    monkeypatch.setattr(cache_module.caches, "__getitem__", lambda self, alias: touched.append(alias))
    engine = engines["django"].engine
    loader = engine.template_loaders[0]
    if hasattr(loader, "reset"):
        loader.reset()
    with CaptureQueriesContext(connections["default"]) as queries:
        try:
            seconds = warmup.warm_up()
            frozen = gc.get_freeze_count()
        finally:
            gc.unfreeze()  # the test process is not a web worker
    assert seconds > 0
    assert len(queries) == 0 and touched == []
    assert frozen > 10_000  # what was loaded is out of the collector's way
    names = warmup._project_templates()
    assert "base.html" in names and len(names) > 20
    if hasattr(loader, "get_template_cache"):  # the cached loader (DEBUG off) now holds them all
        assert {"base.html", "studypaths/problem_list.html"} <= set(loader.get_template_cache)

