"""The question bank's JSON format: reading, checking, importing into `Question` and exporting back.

Files live under data/questions/*.json (docs/question-bank.md). `check_bank` finds errors (the bank is unusable:
schema, unknown vocabulary, difficulty/category mismatches, duplicates, missing expected points) and warnings (the bank
is usable but weaker: few expected points, points without keywords, unknown tags, no follow-up seeds, a question
filed under another category's file). `import_question_bank` refuses a bank with errors.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from interviewmaster.capabilities import get_capabilities
from interviews.errors import QuestionBankInvalid
from interviews.models import Question, ReviewStatus

FORMAT = "interviewmaster.questions/v1"
SCHEMA_PATH = Path(__file__).resolve().parent / "question_bank.schema.json"
MIN_EXPECTED_POINTS = 3
MIN_PROMPT_LENGTH = 40

# Fields copied between the JSON format and the model (JSON key -> model field).
_FIELDS = {
    "title": "title", "prompt": "prompt", "category": "category", "difficulty": "difficulty", "roles": "roles",
    "languages": "languages", "tags": "tags", "expected_points": "expected_points",
    "reference_answer": "reference_answer", "rubric_overrides": "rubric_overrides",
    "follow_up_seeds": "follow_up_seeds", "problem": "problem",
}
_DEFAULTS = {"reference_answer": "", "rubric_overrides": {}, "problem": ""}


@dataclass(frozen=True)
class BankIssue:
    level: str  # "error" | "warning"
    message: str
    field: str = ""
    file: str = ""
    index: int | None = None
    question_id: str = ""

    def __str__(self) -> str:
        where = self.file or "<question>"
        if self.index is not None:
            where += f" #{self.index}"
        if self.question_id:
            where += f" ({self.question_id})"
        if self.field:
            where += f" {self.field}"
        return f"{self.level.upper()}: {where}: {self.message}"


@dataclass
class BankReport:
    questions: list[tuple[str, int, dict]] = field(default_factory=list)  # (file, index, question)
    issues: list[BankIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[BankIssue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[BankIssue]:
        return [i for i in self.issues if i.level == "warning"]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    deactivated: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def normalise_prompt(prompt: str) -> str:
    """Lower-case, accents folded, punctuation dropped, whitespace collapsed: two prompts that differ only in
    formatting normalise to the same string."""
    text = unicodedata.normalize("NFKD", prompt).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9+#]+", " ", text).split())


def rewrites(original: str, text: str) -> bool:
    """Whether `text` changes a bank question's prompt beyond whitespace (case and punctuation count: "not" and "now"
    differ by a letter). A rewritten question is no longer the bank question: its title, judge problem and rubric
    overrides belong to the bank's text."""
    return " ".join(str(original or "").split()) != " ".join(str(text or "").split())


def expected_point_text(point: Any) -> str:
    return point.get("point", "") if isinstance(point, Mapping) else str(point)


@cache
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _where(path: Iterable[Any]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


Finding = tuple[str, str, str]  # (level, field, message)


def _vocabulary_findings(data: Mapping[str, Any], caps) -> list[Finding]:
    """Category, difficulty, roles, languages and tags must be words of the capabilities."""
    found: list[Finding] = []
    category = caps.categories.get(data["category"])
    if category is None:
        found.append(("error", "category",
                      f"unknown category {data['category']!r}; known: {', '.join(caps.categories)}"))
    if data["difficulty"] not in caps.difficulties:
        found.append(("error", "difficulty",
                      f"unknown difficulty {data['difficulty']!r}; known: {', '.join(caps.difficulties)}"))
    elif category is not None and data["difficulty"] not in category.allowed_difficulties:
        found.append(("error", "difficulty", f"category {category.id!r} does not offer {data['difficulty']!r} "
                                             f"questions (allowed: {', '.join(category.allowed_difficulties)})"))
    for key, known, what in (("roles", caps.roles, "role"), ("languages", caps.languages, "language")):
        unknown = [v for v in data[key] if v not in known]
        if unknown:
            found.append(("error", key, f"unknown {what} {', '.join(map(repr, unknown))}"))
        if len(set(data[key])) != len(data[key]):
            found.append(("error", key, "lists the same id twice"))
    unknown_tags = [t for t in data["tags"] if t not in caps.question_tags]
    if unknown_tags:
        found.append(("warning", "tags",
                      f"tags not in the capabilities vocabulary: {', '.join(map(repr, unknown_tags))}"))
    if not data["tags"]:
        found.append(("warning", "tags", "no tags: skill matching cannot prefer this question"))
    return found


def _content_findings(data: Mapping[str, Any]) -> list[Finding]:
    """Expected points to grade against, follow-up seeds, a specific prompt."""
    found: list[Finding] = []
    points = data["expected_points"]
    if not points:
        found.append(("error", "expected_points", "missing: the evaluator has nothing to grade against"))
    elif len(points) < MIN_EXPECTED_POINTS:
        found.append(("warning", "expected_points", f"only {len(points)}; give at least {MIN_EXPECTED_POINTS}"))
    found += [("warning", f"expected_points[{index}]",
               "no keywords: the offline evaluator can only match the point's text")
              for index, point in enumerate(points) if not isinstance(point, Mapping) or not point.get("keywords")]
    texts = [normalise_prompt(expected_point_text(p)) for p in points]
    if len(set(texts)) != len(texts):
        found.append(("error", "expected_points", "the same expected point is listed twice"))
    if not data["follow_up_seeds"]:
        found.append(("warning", "follow_up_seeds", "no follow-up seeds"))
    if len(data["prompt"].strip()) < MIN_PROMPT_LENGTH:
        found.append(("warning", "prompt", f"shorter than {MIN_PROMPT_LENGTH} characters; is it specific enough?"))
    return found


@dataclass(frozen=True)
class JudgeProblem:
    """What a bank question must agree with in the code-judge problem it links: the function the tests call (its name
    per language) and the parameters they pass. The room shows the problem's statement, signature and examples."""

    slug: str
    names: tuple[str, ...]
    params: tuple[str, ...]
    returns: str = ""
    published: bool = True

    @classmethod
    def from_spec(cls, slug: str, spec: Mapping[str, Any] | None, *, published: bool = True) -> JudgeProblem:
        spec = spec if isinstance(spec, Mapping) else {}
        names = spec.get("name") if isinstance(spec.get("name"), Mapping) else {}
        params = [p.get("name", "") for p in spec.get("params") or [] if isinstance(p, Mapping)]
        return cls(slug=slug, names=tuple(dict.fromkeys(str(n) for n in names.values() if n)),
                   params=tuple(str(p) for p in params if p), returns=str(spec.get("returns") or ""),
                   published=published)


def judge_problems_in_files(directory: str | Path | None = None) -> dict[str, JudgeProblem]:
    """The code-judge bank files' problems (studypaths/data/problems), what `validate_questions` checks the bank's
    links against: it runs before any problem is loaded into the database."""
    from studypaths.services import DEFAULT_BANK_DIR, bank_data

    return {slug: JudgeProblem.from_spec(slug, data.get("function"), published=data.get("published", True))
            for slug, data in bank_data(Path(directory or DEFAULT_BANK_DIR)).items()}


def judge_problems_in_db(slugs: Iterable[str]) -> dict[str, JudgeProblem]:
    """The same facts for problems in the database (a question edited in the admin may link one written there)."""
    from studypaths.models import Problem

    rows = Problem.objects.filter(slug__in=[s for s in slugs if s]).values_list("slug", "function_spec",
                                                                                 "is_published")
    return {slug: JudgeProblem.from_spec(slug, spec, published=published) for slug, spec, published in rows}


def _names(text: str, word: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(word)}(?![A-Za-z0-9_])", text) is not None


def _problem_findings(data: Mapping[str, Any], judge_problems: Mapping[str, JudgeProblem] | None) -> list[Finding]:
    """A coding question linked to a judge problem is graded by that problem's tests: the candidate must be able to
    tell from the question which function the tests call and with what. (The room also shows the problem's statement,
    signature and examples under the question; whether the prose agrees with the statement is for a reviewer.)"""
    slug = data.get("problem")
    if not slug:
        return []
    if data["category"] != "coding":
        return [("error", "problem", "only coding questions can point at a code-judge problem")]
    if judge_problems is None:
        return []
    problem = judge_problems.get(slug)
    if problem is not None and problem.names and not problem.published:
        return [("error", "problem", f"no published code-judge problem {slug!r} (it is unpublished): new interviews "
                                     "do not ask this question; those that already asked it keep the problem")]
    if problem is None or not problem.names:
        return [("error", "problem", f"no published code-judge problem {slug!r}: the room could not show its "
                                     "statement, and its tests could not judge the answer")]
    prompt = data["prompt"]
    call = f"{problem.names[0]}({', '.join(problem.params)})"
    if not any(_names(prompt, name) for name in problem.names):
        return [("error", "prompt", f"does not name the function the tests of {slug!r} call "
                                    f"({' / '.join(problem.names)}); say it, e.g. \"Write {call}: …\"")]
    missing = [p for p in problem.params if not _names(prompt, p)]
    if missing:
        return [("error", "prompt", f"does not name the parameter(s) {', '.join(map(repr, missing))} the tests of "
                                    f"{slug!r} pass; state the call, e.g. \"Write {call}: …\"")]
    if problem.returns == "bool" and not re.search(r"\b(whether|true|false)\b", prompt, re.IGNORECASE):
        return [("error", "prompt", f"the tests of {slug!r} expect true or false, but the prompt does not ask "
                                    "whether something holds")]
    return []


def _rubric_findings(data: Mapping[str, Any], caps) -> list[Finding]:
    overrides = data.get("rubric_overrides") or {}
    if not overrides:
        return []
    unknown = [k for k in overrides if k not in caps.criteria]
    if unknown:
        return [("error", "rubric_overrides", f"unknown evaluation criteria {', '.join(map(repr, unknown))}")]
    if abs(sum(overrides.values()) - 1.0) > 1e-6:
        return [("error", "rubric_overrides", f"weights must sum to 1, they sum to {sum(overrides.values()):g}")]
    return []


def question_problems(data: Mapping[str, Any], *,
                      judge_problems: Mapping[str, JudgeProblem] | None = None) -> list[BankIssue]:
    """Problems with one question (schema, vocabulary, category/difficulty fit, expected points, rubric and, given
    the code-judge problems, its agreement with the problem it links)."""
    caps = get_capabilities()
    qid = str(data.get("id", "")) if isinstance(data, Mapping) else ""
    schema_errors = list(_validator().iter_errors({"format": FORMAT, "questions": [data]}))
    if schema_errors:
        return [BankIssue("error", e.message, field=_where(list(e.absolute_path)[2:]) or "question", question_id=qid)
                for e in schema_errors]
    findings = [*_vocabulary_findings(data, caps), *_content_findings(data), *_rubric_findings(data, caps),
                *_problem_findings(data, judge_problems)]
    return [BankIssue(level, message, field=fld, question_id=qid) for level, fld, message in findings]


class _Seen:
    """Ids and normalised prompts already met across all bank files."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.prompts: dict[str, str] = {}

    def duplicates(self, question: Mapping[str, Any], qid: str, file_name: str, index: int) -> list[BankIssue]:
        issues = []
        if qid:
            if qid in self.ids:
                issues.append(BankIssue("error", f"duplicate id, first used in {self.ids[qid]}", "id",
                                        file_name, index, qid))
            else:
                self.ids[qid] = f"{file_name} #{index}"
        prompt = question.get("prompt")
        if isinstance(prompt, str):
            key = normalise_prompt(prompt)
            if key in self.prompts:
                issues.append(BankIssue("error", f"duplicate prompt (normalised) of {self.prompts[key]}",
                                        "prompt", file_name, index, qid))
            else:
                self.prompts[key] = f"{file_name} #{index} ({qid})"
        return issues


def _file_issues(file_name: str, document: Any) -> list[BankIssue] | None:
    """Errors in a file's top level (format marker, `questions` list); None when the file can be read question by
    question."""
    top_errors = [e for e in _validator().iter_errors(document) if len(e.absolute_path) < 2]
    if top_errors or not isinstance(document, Mapping):
        return [BankIssue("error", e.message, field=_where(e.absolute_path) or "file", file=file_name)
                for e in top_errors]
    return None


def _links_problems(documents: Sequence[tuple[str, Any]]) -> bool:
    return any(isinstance(q, Mapping) and q.get("problem") for _name, document in documents
               if isinstance(document, Mapping) and isinstance(document.get("questions"), list)
               for q in document["questions"])


def check_bank(documents: Sequence[tuple[str, Any]], *,
               judge_problems: Mapping[str, JudgeProblem] | None = None) -> BankReport:
    """Check parsed bank files [(file name, JSON document)], each question alone and all of them together. Links to
    code-judge problems are checked against `judge_problems` (default: the problem bank files)."""
    report = BankReport()
    seen = _Seen()
    caps = get_capabilities()
    if judge_problems is None and _links_problems(documents):
        judge_problems = judge_problems_in_files()
    for file_name, document in documents:
        file_issues = _file_issues(file_name, document)
        if file_issues is not None:
            report.issues += file_issues
            continue
        stem = Path(file_name).stem
        for index, question in enumerate(document["questions"]):
            qid = str(question.get("id", "")) if isinstance(question, Mapping) else ""
            for issue in question_problems(question, judge_problems=judge_problems):
                report.issues.append(BankIssue(issue.level, issue.message, issue.field, file_name, index, qid))
            if not isinstance(question, Mapping):
                continue
            report.questions.append((file_name, index, question))
            report.issues += seen.duplicates(question, qid, file_name, index)
            category = question.get("category")
            if stem in caps.categories and category in caps.categories and category != stem:
                report.issues.append(BankIssue("warning", f"a {category!r} question in the {stem!r} file",
                                               "category", file_name, index, qid))
    return report


def bank_files(paths: Sequence[str | Path] | None = None) -> list[Path]:
    """The JSON files to read: the given files, or every *.json in the given/configured directories."""
    targets = [Path(p) for p in (paths or [settings.QUESTION_BANK_DIR])]
    files: list[Path] = []
    for target in targets:
        files.extend(sorted(target.glob("*.json")) if target.is_dir() else [target])
    return files


def read_bank(paths: Sequence[str | Path] | None = None) -> BankReport:
    """Read and check bank files; unreadable or malformed files become errors in the report."""
    documents: list[tuple[str, Any]] = []
    unreadable: list[BankIssue] = []
    files = bank_files(paths)
    if not files:
        unreadable.append(BankIssue("error", "no question files found", file=", ".join(map(str, paths or [])) or
                                    str(settings.QUESTION_BANK_DIR)))
    for path in files:
        try:
            documents.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
        except OSError as exc:
            unreadable.append(BankIssue("error", f"cannot read: {exc.strerror or exc}", file=str(path)))
        except json.JSONDecodeError as exc:
            unreadable.append(BankIssue("error", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                                        file=path.name))
    report = check_bank(documents)
    report.issues[:0] = unreadable
    return report


def _model_values(question: Mapping[str, Any], file_name: str) -> dict[str, Any]:
    values = {model_field: question.get(key, _DEFAULTS.get(key)) for key, model_field in _FIELDS.items()}
    values["source"] = f"bank:{file_name}"
    return values


@transaction.atomic
def import_question_bank(*, paths: Sequence[str | Path] | None = None, only_new: bool = False,
                         deactivate_missing: bool = False) -> ImportResult:
    """Create or update `Question` rows from bank files, keyed by the questions' `id`. Idempotent: a second run
    changes nothing. A bank with errors is refused whole (`QuestionBankInvalid`) and nothing is written.

    `only_new` creates missing questions and leaves existing ones alone (what `load_demo` uses, so edits made in the
    admin survive `make run`). The `active` flag is applied when a question is created, never on update, so an
    expert's deactivation survives re-imports. `deactivate_missing` deactivates bank-sourced questions that are no
    longer in the files.
    """
    report = read_bank(paths)
    if report.errors:
        raise QuestionBankInvalid(report.errors)
    existing = {q.external_id: q for q in Question.objects.filter(
        external_id__in=[q["id"] for _f, _i, q in report.questions])}
    to_create, to_update = [], []
    unchanged = 0
    for file_name, _index, data in report.questions:
        values = _model_values(data, file_name)
        current = existing.get(data["id"])
        if current is None:
            to_create.append(Question(external_id=data["id"], is_active=data.get("active", True), **values))
        elif only_new or all(getattr(current, f) == v for f, v in values.items()):
            unchanged += 1
        else:
            for model_field, value in values.items():
                setattr(current, model_field, value)
            to_update.append(current)
    Question.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Question.objects.bulk_update(to_update, [*_FIELDS.values(), "source", "updated_at"], batch_size=500)
    deactivated = 0
    if deactivate_missing:
        deactivated = (Question.objects.filter(source__startswith="bank:", is_active=True)
                       .exclude(external_id__in=[q["id"] for _f, _i, q in report.questions])
                       .update(is_active=False))
    return ImportResult(created=len(to_create), updated=len(to_update), unchanged=unchanged, deactivated=deactivated)


def export_question_bank(*, questions: Iterable[Question] | None = None) -> dict[str, dict]:
    """The bank as JSON documents, one per category: {"coding.json": {"format": ..., "questions": [...]}, ...}."""
    rows = Question.objects.order_by("category", "difficulty", "external_id") if questions is None else questions
    documents: dict[str, dict] = {}
    for question in rows:
        name = f"{question.category}.json"
        documents.setdefault(name, {"format": FORMAT, "questions": []})["questions"].append(question.as_bank_dict())
    return documents


def write_bank(documents: Mapping[str, dict], directory: str | Path) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in documents.items():
        path = directory / name
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


@transaction.atomic
def set_questions_active(*, questions: Iterable[Question] | Any, active: bool) -> int:
    """Bulk (de)activate questions (the admin's actions). Returns how many rows changed.
    Questions still pending review (or rejected) are never activated here: they need `review_questions` first."""
    ids = [q.pk for q in questions]
    rows = Question.objects.filter(pk__in=ids).exclude(is_active=active)
    if active:
        rows = rows.filter(status=ReviewStatus.APPROVED)
    return rows.update(is_active=active)


@transaction.atomic
def review_questions(*, questions: Iterable[Question] | Any, approve: bool) -> int:
    """An expert's verdict on AI-generated questions: approved ones become active, rejected ones stay out.
    Returns how many questions changed."""
    ids = [q.pk for q in questions]
    pending = Question.objects.filter(pk__in=ids, status=ReviewStatus.PENDING_REVIEW)
    if approve:
        return pending.update(status=ReviewStatus.APPROVED, is_active=True)
    return pending.update(status=ReviewStatus.REJECTED, is_active=False)
