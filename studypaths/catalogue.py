"""The problem catalogue: what the problem list page and the problems API list show, which is the same for every user.

Built from the database once (5 queries, only the listed columns; each row's cells that are the same for everyone -
link, difficulty dots, topics - rendered here once instead of in every request) and kept in the cache until the bank
changes: a save or delete of a problem, module, track or track module forgets it, at once and again when the
transaction commits (a reader that rebuilt it from the old rows in between is dropped). `PROBLEM_LIST_CACHE_SECONDS`
bounds how long any copy lives. Per-user parts (the user's best verdicts) are never in it.

Each process also keeps the copy it last read for `PROBLEM_CATALOGUE_LOCAL_SECONDS` (default 5), so a busy worker
reads the shared cache at most once per that interval instead of once per request: a change reaches the process that
made it at once and the other processes within that many seconds. 0 turns the local copy off.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.urls import reverse

from studypaths.models import Module, Problem, Track, TrackModule

# The schema version is part of the key: a deploy that changes these classes never unpickles an old shape.
CACHE_KEY = "studypaths:catalogue:v1"
# The sources of the catalogue: a write to any of them forgets it.
SOURCES = (Problem, Module, Track, TrackModule)


@dataclass(frozen=True)
class ModuleRef:
    slug: str
    title: str


@dataclass(frozen=True)
class ListedProblem:
    id: int
    slug: str
    title: str
    difficulty: int
    topics: tuple[str, ...]
    module: str  # the module's slug
    url: str
    dots: str  # "●●○○○"
    cells: str = ""  # the row's shared cells (title link, difficulty, topics) rendered once, safe HTML

    def api_item(self) -> dict:
        """The problems API list's item (ProblemListApi.OutputSerializer's fields)."""
        return {"id": self.id, "slug": self.slug, "title": self.title, "module": self.module,
                "difficulty": self.difficulty, "topics": list(self.topics)}


@dataclass(frozen=True)
class ListedModule:
    slug: str
    title: str
    description: str
    listed_problems: tuple[ListedProblem, ...]


@dataclass(frozen=True)
class TrackEntry:
    module: ModuleRef


@dataclass(frozen=True)
class ListedTrack:
    title: str
    description: str
    ordered_track_modules: tuple[TrackEntry, ...]


@dataclass(frozen=True)
class Catalogue:
    all_modules: tuple[ModuleRef, ...]       # every module, in order (the filter's choices)
    modules: tuple[ListedModule, ...]        # modules with published problems, each problem in list order
    tracks: tuple[ListedTrack, ...]
    problems: tuple[ListedProblem, ...]      # every published problem in the API's order (Problem.Meta.ordering)
    version: str = field(default_factory=lambda: uuid.uuid4().hex)  # a new one each build

    def modules_matching(self, *, module: str | None = None, difficulty: int | None = None) -> list[ListedModule]:
        """Modules (in order) with the problems that pass the filter; modules left without a problem are dropped."""
        found = []
        for listed in self.modules:
            if module and listed.slug != module:
                continue
            problems = tuple(p for p in listed.listed_problems if not difficulty or p.difficulty == difficulty)
            if problems:
                found.append(dataclasses.replace(listed, listed_problems=problems))
        return found

    def api_items(self, *, module: str | None = None) -> list[dict]:
        return [p.api_item() for p in self.problems if not module or p.module == module]


def _dots(level: int) -> str:
    level = int(level or 0)
    return "●" * level + "○" * (5 - level)


def build_catalogue() -> Catalogue:
    """Read the catalogue from the database (no cache). Only the columns the lists show."""
    from studypaths import selectors

    modules = list(Module.objects.only("id", "slug", "title", "description", "position"))
    slug_of = {m.id: m.slug for m in modules}
    rows = (Problem.objects.filter(is_published=True)
            .only("id", "module_id", "slug", "title", "difficulty", "topics", "position"))
    by_id = {}
    for p in rows.order_by("position", "slug"):  # the order within a module on the page
        by_id[p.id] = ListedProblem(id=p.id, slug=p.slug, title=p.title, difficulty=p.difficulty,
                                    topics=tuple(p.topics or ()), module=slug_of[p.module_id],
                                    url=reverse("studypaths:problem", args=[p.slug]), dots=_dots(p.difficulty))
    by_id = {i: dataclasses.replace(p, cells=render_to_string("studypaths/_problem_cells.html", {"problem": p}))
             for i, p in by_id.items()}
    per_module: dict[str, list[ListedProblem]] = {}
    for problem in by_id.values():
        per_module.setdefault(problem.module, []).append(problem)
    api_order = rows.order_by(*Problem._meta.ordering).values_list("id", flat=True)
    tracks = [
        ListedTrack(title=t.title, description=t.description, ordered_track_modules=tuple(
            TrackEntry(module=ModuleRef(slug=tm.module.slug, title=tm.module.title))
            for tm in t.ordered_track_modules))
        for t in selectors.tracks_with_modules()
    ]
    return Catalogue(
        all_modules=tuple(ModuleRef(slug=m.slug, title=m.title) for m in modules),
        modules=tuple(ListedModule(slug=m.slug, title=m.title, description=m.description,
                                   listed_problems=tuple(per_module[m.slug]))
                      for m in modules if m.slug in per_module),
        tracks=tuple(tracks),
        problems=tuple(by_id[i] for i in api_order),
    )


# This process's last read: (catalogue, monotonic time of the read, generation). Replaced whole, never mutated, so
# threads need no lock. `_generation` counts this process's forgets: a copy read before the latest one is stale.
_local_copy: tuple[Catalogue, float, int] | None = None
_generation = 0


def problem_catalogue() -> Catalogue:
    """The catalogue: this process's copy while it is fresh, else the shared cache (one read), else built and stored."""
    global _local_copy
    now, copy = time.monotonic(), _local_copy
    if copy is not None and now - copy[1] < settings.PROBLEM_CATALOGUE_LOCAL_SECONDS and copy[2] == _generation:
        return copy[0]
    generation = _generation
    found = cache.get(CACHE_KEY)
    if found is None:
        found = build_catalogue()
        cache.set(CACHE_KEY, found, settings.PROBLEM_LIST_CACHE_SECONDS)
    _local_copy = (found, now, generation)
    return found


def _forget() -> None:
    global _generation
    _generation += 1
    cache.delete(CACHE_KEY)


def forget_catalogue(**_signal_kwargs) -> None:
    """The bank changed: drop the cached catalogue (shared and this process's) now and once more after the
    transaction commits."""
    _forget()
    transaction.on_commit(_forget, robust=True)


def connect_signals() -> None:
    for model in SOURCES:
        post_save.connect(forget_catalogue, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
        post_delete.connect(forget_catalogue, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}")
