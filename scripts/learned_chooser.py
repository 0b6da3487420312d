"""Experiment (session 23), not part of the product: can a learned reader choose a job's title and employer better
than the rules, on resumes it was not trained on?

For every job the rules find, the candidates are the pieces of the lines around its dates (each line split at "|",
dashes, "·", "@", commas, brackets, "at", "/", ":"; one to three neighbouring pieces joined), plus the rules' reading
and nothing. An averaged perceptron learns to rank them from the labels, with or without the words themselves as
features, and a reading replaces the rules' only when its score beats theirs by a margin. It is trained on the tuning
resumes with odd ids and scored on those with even ids (and the other way round the scores only swap sides): a resume
counts as right only when every job's title, employer and dates are, as in the fixture set's scorer. Only the tuning
part is read; the held-out part never is.

Run from the repo root: .venv/bin/python scripts/learned_chooser.py  (about five minutes on two cores)
"""

from __future__ import annotations

import collections
import io
import os
import random
import re
import sys
from multiprocessing import Pool
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewmaster.settings")

import django  # noqa: E402

django.setup()

from resumes import services  # noqa: E402
from resumes.extraction import extract_text  # noqa: E402
from resumes.positions import find_positions  # noqa: E402
from resumes.tests import resume_set  # noqa: E402
from resumes.tests.resume_set import _norm, _same_date, _same_position  # noqa: E402

_SEPARATOR = re.compile(r"(\s*(?:\||–|—|·|•|@|,|;|\(|\)|\bat\b|\ben\b|/| - |:)\s*)")
_ORGANISATION = re.compile(r"\b(?:inc|ltd|llc|gmbh|s\.?a|sas|plc|pvt|corp|co|ag|bv|pte|limited|university"
                           r"|universidad|universität|institute|bank|group|technologies|solutions|systems|labs?"
                           r"|software|services|consulting)\b", re.IGNORECASE)


def read(spec: dict) -> tuple[str, list[dict]]:
    """One tuning resume's jobs as the whole parse reads them, each with the lines around its dates."""
    text = extract_text(io.BytesIO(resume_set.render(spec)), spec["kind"]).text
    seen: list = []

    def recorded(lines, *, today):
        positions = find_positions(lines, today=today)
        seen.append(([line.text for line in lines], positions))
        return positions

    with mock.patch.object(services, "find_positions", recorded):
        services.parse_text(text, today=resume_set.TODAY)
    texts, positions = seen[-1]
    jobs = []
    for position in positions:
        low = max(0, position.first_line - position.lines_above - 2)
        high = min(len(texts), position.first_line + position.lines_below + 2)
        jobs.append({"title": position.title, "company": position.company,
                     "window": [(at - position.first_line, texts[at]) for at in range(low, high)],
                     "found": dict(position.as_dict())})
    return spec["id"], jobs


def segments(window: list[tuple[int, str]]) -> dict[str, dict]:
    """The pieces of the window's lines, one to three neighbours joined, by their normal form."""
    out: dict[str, dict] = {}
    for offset, line in window:
        pieces = _SEPARATOR.split(line)
        count = (len(pieces) + 1) // 2
        for first in range(count):
            for last in range(first, min(count, first + 3)):
                text = "".join(pieces[2 * first:2 * last + 1]).strip()
                key = _norm(text)
                if key and key not in out:
                    out[key] = {"text": text, "offset": offset, "first": first, "span": last - first + 1,
                                "count": count, "before": pieces[2 * first - 1].strip()[:2] if first else "^",
                                "after": pieces[2 * last + 1].strip()[:2] if 2 * last + 1 < len(pieces) else "$"}
    return out


def features(role: str, key: str, piece: dict | None, rules: tuple[str, str], *, words: bool) -> list[str]:
    own, other = rules
    found = [f"{role}:bias"] + [f"{role}:{name}" for name, holds in
                                (("is_rule", key == own), ("is_other_rule", key == other)) if holds]
    if piece is None:
        return [*found, f"{role}:not_a_piece"]
    split = key.split()
    if words:
        found += [f"{role}:w={word}" for word in split[:6]] + [f"{role}:first={split[0]}", f"{role}:last={split[-1]}"]
    text = piece["text"]
    found += [f"{role}:words={min(len(split), 8)}", f"{role}:offset={max(-4, min(4, piece['offset']))}",
              f"{role}:first={min(piece['first'], 4)}", f"{role}:span={piece['span']}",
              f"{role}:count={min(piece['count'], 6)}", f"{role}:whole={piece['span'] == piece['count']}",
              f"{role}:before={piece['before']}", f"{role}:after={piece['after']}",
              f"{role}:digit={any(c.isdigit() for c in text)}", f"{role}:capitals={text.isupper()}",
              f"{role}:lower={text[:1].islower()}", f"{role}:organisation={bool(_ORGANISATION.search(text))}"]
    return found + _relation(role, key, own)


def _relation(role: str, key: str, own: str) -> list[str]:
    if not own or key == own:
        return []
    for name, holds in (("shorter", own.startswith(key + " ")), ("longer", key.startswith(own + " ")),
                        ("head_added", key.endswith(" " + own)), ("tail", own.endswith(" " + key))):
        if holds:
            return [f"{role}:{name}"]
    return []


def choices(read_jobs: dict, labels: dict, ids: list[str], *, words: bool) -> list[tuple]:
    """(id, role, candidates and their features, the labelled candidate or None, the rules' candidate) per job and
    field, where the rules found as many jobs as the labels have."""
    out = []
    for resume_id in ids:
        jobs, expected = read_jobs[resume_id], labels[resume_id]
        if len(jobs) != len(expected):
            continue
        for job, wanted in zip(jobs, expected, strict=True):
            pieces = segments(job["window"])
            for role, other in (("title", "company"), ("company", "title")):
                rules = (_norm(job[role]), _norm(job[other]))
                candidates = {key: features(role, key, piece, rules, words=words) for key, piece in pieces.items()}
                for key in (rules[0], ""):
                    candidates.setdefault(key, features(role, key, pieces.get(key), rules, words=words))
                gold = _norm(wanted[role])
                out.append((resume_id, role, candidates, gold if gold in candidates else None, rules[0]))
    return out


def _score(weights: dict, found: list[str]) -> float:
    return sum(weights.get(name, 0.0) for name in found)


def train(examples: list[tuple], epochs: int = 8) -> dict[str, float]:
    """An averaged perceptron over the candidates of each field."""
    weights: dict[str, float] = collections.defaultdict(float)
    total: dict[str, float] = collections.defaultdict(float)
    stamp: dict[str, int] = collections.defaultdict(int)
    step = 1

    def add(names: list[str], amount: float) -> None:
        for name in names:
            total[name] += (step - stamp[name]) * weights[name]
            stamp[name] = step
            weights[name] += amount

    for epoch in range(epochs):
        random.Random(epoch).shuffle(examples)
        for _, _, candidates, gold, rule in examples:
            if gold is None:
                continue
            best = max(candidates, key=lambda key: (_score(weights, candidates[key]), key == rule))
            if best != gold:
                add(candidates[gold], 1.0)
                add(candidates[best], -1.0)
            step += 1
    return {name: (total[name] + (step - stamp[name]) * weights[name]) / step for name in weights}


def evaluate(weights: dict, examples: list[tuple], read_jobs: dict, labels: dict, ids: list[str],
             margin: float) -> tuple[int, int, int, int]:
    """(resumes right by the rules, right with the chooser, gained, lost)."""
    picked: dict[str, list[str]] = collections.defaultdict(list)
    for resume_id, _, candidates, _, rule in examples:
        best = max(candidates, key=lambda key: (_score(weights, candidates[key]), key == rule))
        if _score(weights, candidates[best]) - _score(weights, candidates[rule]) <= margin:
            best = rule
        picked[resume_id].append(best)
    before = after = gained = lost = 0
    for resume_id in ids:
        jobs, expected = read_jobs[resume_id], labels[resume_id]
        right = len(jobs) == len(expected) and all(
            _same_position(e, j["found"]) for e, j in zip(expected, jobs, strict=True))
        now = right
        if len(jobs) == len(expected):
            chosen = iter(picked[resume_id])
            now = all(next(chosen) == _norm(e["title"]) and next(chosen) == _norm(e["company"])
                      and _same_date(e["start"], j["found"]["start"])
                      and _same_date(e["end"], None if j["found"]["current"] else j["found"]["end"])
                      for e, j in zip(expected, jobs, strict=True))
        before, after = before + right, after + now
        gained, lost = gained + (now and not right), lost + (right and not now)
    return before, after, gained, lost


def main() -> None:
    specs = resume_set.load("tuning")
    labels = {spec["id"]: spec["expected"]["positions"] for spec in specs}
    with Pool(2) as pool:
        read_jobs = dict(pool.map(read, specs, chunksize=20))
    odd = [spec["id"] for spec in specs if int(spec["id"][1:]) % 2]
    even = [spec["id"] for spec in specs if not int(spec["id"][1:]) % 2]
    for words in (True, False):
        weights = train(choices(read_jobs, labels, odd, words=words))
        seen, unseen = (choices(read_jobs, labels, ids, words=words) for ids in (odd, even))
        for margin in (0.0, 1.0, 2.0, 4.0):
            trained = evaluate(weights, seen, read_jobs, labels, odd, margin)
            held = evaluate(weights, unseen, read_jobs, labels, even, margin)
            print(f"words {'yes' if words else 'no '} margin {margin}: trained-on half {trained[0]} -> {trained[1]} "
                  f"(+{trained[2]} -{trained[3]}) of {len(odd)}; other half {held[0]} -> {held[1]} "
                  f"(+{held[2]} -{held[3]}) of {len(even)}")


if __name__ == "__main__":
    main()
