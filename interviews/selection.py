"""Question selection: pick the questions for an interview from the bank.

`select_questions(config=..., profile=..., seen_question_ids=..., seed=...)` fills every (category, difficulty) slot
of the config's `question_distribution` (a plain count means medium) with active questions for the candidate's target
role (and the config's languages, where a question depends on one), preferring questions the candidate has not seen,
then questions matching the candidate's skills, then (with no languages asked for) questions in the candidate's
resume languages or else the role's core languages (`preferred_languages`), then a seeded pseudo-random order. The
same inputs and seed give the same questions. It returns exactly the number requested or raises `NotEnoughQuestions`
naming each short slot.

One query whatever the bank's size: the database ranks each slot's candidates with a window function (unseen first,
then skill matches, then language fit, then the seeded shuffle) and returns only the chosen rows.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, F, IntegerField, Q, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Mod, RowNumber

from interviewmaster.capabilities import (
    InvalidInterviewConfig,
    distribution_counts,
    get_capabilities,
    validate_interview_config,
)
from interviewmaster.input_limits import echoed
from interviews import selectors
from interviews.errors import NotEnoughQuestions
from interviews.models import Question


@dataclass(frozen=True)
class CandidateProfile:
    """What selection knows about the candidate. `skills` are free text (e.g. from a parsed resume)."""

    target_role: str | None = None
    experience_level: str | None = None
    skills: Sequence[str] = field(default_factory=tuple)


def skill_tags(skills: Iterable[str]) -> frozenset[str]:
    """Resume skills in the bank's tag vocabulary: 'Golang' -> 'go', 'C++' -> 'cpp', 'Node.js' -> 'node',
    'Machine Learning' -> 'machine-learning'."""
    caps = get_capabilities()
    out: set[str] = set()
    for raw in skills:
        text = str(raw).strip()
        if not text:
            continue
        language = caps.language_for(text)
        if language is not None:
            out.add(language.id)
            continue
        tag = re.sub(r"[\s_/]+", "-", text.lower())
        if tag.endswith(".js") and tag[:-3] in caps.question_tags:
            tag = tag[:-3]
        out.add(tag)
    return frozenset(out)


def _column(name: str) -> str:
    return f"{connection.ops.quote_name(Question._meta.db_table)}.{connection.ops.quote_name(name)}"


# Seen ids and skills go in as raw SQL fragments with parameters: the same CASE built from ORM expressions costs
# Django far more to compile (it hashes every value when it wraps the window query) than the database takes to run.
def _seen_expression(seen: frozenset[int]):
    """0 for unseen questions, 1 for seen ones (unseen sort first)."""
    if not seen:
        return Value(0)
    ids = sorted(seen)
    placeholders = ", ".join(["%s"] * len(ids))
    return RawSQL(f"CASE WHEN {_column('id')} IN ({placeholders}) THEN 1 ELSE 0 END", ids,
                  output_field=IntegerField())


def _list_has_sql(column: str, value: str) -> tuple[str, list[str]]:
    """SQL testing that a JSON list column holds `value`: jsonb containment on PostgreSQL, an exact quoted-string
    match on the JSON text elsewhere."""
    if connection.vendor == "postgresql":
        return f"{_column(column)} @> %s::jsonb", [json.dumps([value])]
    return f"{_column(column)} LIKE %s", [f'%{json.dumps(value)}%']


def _json_list_has(field_name: str, value: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(**{f"{field_name}__contains": [value]})
    # Ids are whole JSON strings in the list, so matching the quoted id is exact.
    return Q(**{f"{field_name}__icontains": json.dumps(value)})


def _skill_expression(skills: frozenset[str]):
    """How many of the candidate's skills a question's tags or languages name."""
    if not skills:
        return Value(0)
    parts, params = [], []
    for skill in sorted(skills):
        tag_sql, tag_params = _list_has_sql("tags", skill)
        lang_sql, lang_params = _list_has_sql("languages", skill)
        parts.append(f"(CASE WHEN {tag_sql} OR {lang_sql} THEN 1 ELSE 0 END)")
        params.extend([*tag_params, *lang_params])
    return RawSQL(" + ".join(parts), params, output_field=IntegerField())


# With no language asked for, a question that names only languages the candidate is unlikely to answer in (a Ruby
# question for a Python backend engineer) waits behind the others. The candidate's own languages are those of their
# confirmed resume skills; with none, the role's core: the first CORE_LANGUAGES of its `typical_languages`, which
# capabilities.json lists most typical first (backend: Python, Java, Go).
CORE_LANGUAGES = 3


def preferred_languages(*, languages: frozenset[str], skills: frozenset[str], role: str | None) -> frozenset[str]:
    """The languages a question should name to come first when the config asks for none: empty when it asks for
    some (they filter instead), else the candidate's resume languages, else the role's core languages."""
    if languages:
        return frozenset()
    caps = get_capabilities()
    own = skills & frozenset(caps.languages)
    if own:
        return own
    typical = caps.roles[role].typical_languages if role in caps.roles else ()
    return frozenset(typical[:CORE_LANGUAGES])


def _language_fit_expression(preferred: frozenset[str]):
    """0 for a question that names no language or one of `preferred`, 1 for one that names only others."""
    if not preferred:
        return Value(0)
    length = "jsonb_array_length" if connection.vendor == "postgresql" else "json_array_length"
    parts, params = [f"{length}({_column('languages')}) = 0"], []
    for language in sorted(preferred):
        sql, values = _list_has_sql("languages", language)
        parts.append(sql)
        params.extend(values)
    return RawSQL(f"CASE WHEN {' OR '.join(parts)} THEN 0 ELSE 1 END", params, output_field=IntegerField())


_SHUFFLE_MODULUS = 2**32


def _shuffle_expression(seed: str):
    """A seeded pseudo-random order computed by the database: (a * id + b) mod 2^32 with an odd multiplier a and an
    offset b derived from the seed. Portable integer arithmetic (SQLite and PostgreSQL), no per-row Python work."""
    digest = hashlib.blake2b(seed.encode(), digest_size=8).digest()
    multiplier = (int.from_bytes(digest[:4], "big") % 2**30) * 2 + 1
    offset = int.from_bytes(digest[4:], "big")
    return Mod(F("id") * Value(multiplier) + Value(offset), Value(_SHUFFLE_MODULUS),
               output_field=BigIntegerField())


def select_questions(*, config: Mapping[str, Any], profile: CandidateProfile,
                     seen_question_ids: Iterable[int] = (), seed: int | str | None = None) -> list[Question]:
    """The questions for an interview, in distribution order (category as given, then easy → hard)."""
    validate_interview_config(config)
    caps = get_capabilities()
    slots = distribution_counts(config)
    if not slots:
        raise InvalidInterviewConfig("The configuration has no question_distribution to select questions for.",
                                     fields={"question_distribution": "required to select questions"})
    role = config.get("role") or profile.target_role
    if role is not None and role not in caps.roles:
        raise InvalidInterviewConfig(f"Unknown target role {echoed(role)}.",
                                     fields={"role": f"unknown role {echoed(role)}"})
    languages = frozenset(config.get("languages") or ())
    seen = frozenset(seen_question_ids)
    skills = skill_tags(profile.skills)
    seed_text = str(seed) if seed is not None else secrets.token_hex(8)

    vocabulary = caps.question_tags | frozenset(caps.languages)
    ranked = (
        selectors.askable_questions()
        .filter(reduce(or_, (Q(category=c, difficulty=d) for c, d in slots)))
        .annotate(pick_rank=Window(
            RowNumber(),
            partition_by=[F("category"), F("difficulty")],
            order_by=[_seen_expression(seen).asc(), _skill_expression(skills & vocabulary).desc(),
                      _language_fit_expression(preferred_languages(languages=languages, skills=skills,
                                                                   role=role)).asc(),
                      _shuffle_expression(seed_text).asc(), F("id").asc()],
        ))
    )
    if role:
        ranked = ranked.filter(_json_list_has("roles", role))
    if languages:
        ranked = ranked.filter(Q(languages=[]) | reduce(or_, (_json_list_has("languages", lang)
                                                             for lang in sorted(languages))))
    # Keep each slot's top rows. Written as an outer query rather than a filter on the window: Django's own
    # window filtering re-walks and hashes every expression and costs more than the query itself.
    inner_sql, inner_params = ranked.order_by().query.sql_with_params()
    keep = " OR ".join(["(ranked.category = %s AND ranked.difficulty = %s AND ranked.pick_rank <= %s)"] * len(slots))
    keep_params = [value for (c, d), n in slots.items() for value in (c, d, n)]
    picked: dict[tuple[str, str], list[Question]] = {slot: [] for slot in slots}
    for question in Question.objects.raw(f"SELECT * FROM ({inner_sql}) ranked WHERE {keep}",
                                         [*inner_params, *keep_params]):
        picked[(question.category, question.difficulty)].append(question)

    shortages = {f"{c}.{d}": f"needs {n}, only {len(picked[(c, d)])} available"
                 for (c, d), n in slots.items() if len(picked[(c, d)]) < n}
    if shortages:
        context = ", ".join(filter(None, [f"role {role}" if role else "",
                                          f"languages {', '.join(sorted(languages))}" if languages else ""]))
        raise NotEnoughQuestions(shortages, context=context)
    return [q for slot in slots for q in sorted(picked[slot], key=lambda q: q.pick_rank)]
