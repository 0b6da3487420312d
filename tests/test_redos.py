"""ReDoS guard: every regex that runs on uploaded or submitted text stays linear on 200,000-character adversarial input.

Two levels: each compiled pattern of the modules that read resumes and answers is run directly (`finditer` to the end,
the most work a caller can ask of it), and the entry points that also hold inline patterns (resume parsing, answer
evaluation, hints, resume analysis) run whole. Time is CPU time of this process, so a busy machine does not fail it.
A new module-level pattern in these modules is picked up automatically.
"""

from __future__ import annotations

import importlib
import re
import time
from datetime import date

import pytest

N = 200_000
BUDGET_SECONDS = 1.0

MODULES = [
    "resumes.facts", "resumes.positions", "resumes.sections", "resumes.extraction", "resumes.skills",
    "resumes.analysis", "resumes.privacy", "resumes.instructions", "resumes.rirekisho",
    "interviewmaster.ai.offline.text", "interviewmaster.ai.offline.evaluation",
    "interviewmaster.ai.offline.followups", "interviewmaster.ai.offline.writing", "interviewmaster.ai.offline.reading",
    "interviewmaster.ai.offline.point_kinds",
    "interviewmaster.ai.grading", "interviews.policy",
    # follow-up prompts a provider writes are read by these (which hints a follow-up gets)
    "interviewmaster.ai.offline.probes",
    # an expert's "Request changes" comment (up to 4,000 characters), read clause by clause
    "planning.send_back",
]

# Units repeated to N characters: long runs of one class, alternations that almost match, separators the patterns
# use (spaces, dots, @, dashes, digits), and fragments of the words patterns look for.
UNITS = [
    "a", "1", " ", "\n", ".", "@", "-", "+", "(", ":", "a.", "a@", "1 ", "1-", "1.", "a ", "a-", "a,", "a |", "- ",
    "a @ ", "a - ", "2020 - ", "jan ", "jan 2020 ", "01/", "for ", "for x:\n", "O(", "O ", "x =", "ignore ",
    "linkedin.com/in/", "github.com/", "+1 ", "(12) ", "12 ", "years ", "1 years of ", "1+ yrs ", ": ", "a:",
    "Skills: ", "http://", "a@b.", "a.b@", "<<<", "\t", "```\n", "```python\n", "I ", "i did ",
]
ADVERSARIAL = {f"{unit!r}*": (unit * (N // len(unit) + 1))[:N] for unit in UNITS}
ADVERSARIAL["letters then @"] = "a" * (N - 8) + "@x.co"
ADVERSARIAL["digits then letter"] = "1" * (N - 1) + "a"
ADVERSARIAL["spaces then colon"] = "a" + " " * (N - 2) + ":"


def _patterns_in(value, path: str, depth: int = 0):
    """The compiled patterns in `value` and in the tuples, lists, sets and dicts (keys and values) inside it, with
    where each sits (`probes.FOLLOW_UP_TOPICS[0][0]`, `TABLE['key']`): tables of (pattern, text) pairs hold patterns
    as much as a module's own names do."""
    if isinstance(value, re.Pattern):
        yield path, value
    elif depth < 4 and isinstance(value, dict):
        for index, (key, item) in enumerate(value.items()):
            where = f"{path}[{key!r}]" if isinstance(key, (str, int)) else f"{path}[#{index}]"
            yield from _patterns_in(key, f"{where}.key", depth + 1)
            yield from _patterns_in(item, where, depth + 1)
    elif depth < 4 and isinstance(value, (list, tuple, set, frozenset)):
        items = value if isinstance(value, (list, tuple)) else sorted(value, key=repr)
        for index, item in enumerate(items):
            yield from _patterns_in(item, f"{path}[{index}]", depth + 1)


def _patterns():
    """Every compiled pattern of MODULES, once each (a pattern a module imports, or one in a table that the module also
    names, is the same object), named by the first place it is found."""
    found, seen = [], set()
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            for path, pattern in _patterns_in(value, f"{name}.{attr}"):
                if id(pattern) not in seen:
                    seen.add(id(pattern))
                    found.append(pytest.param(pattern, id=path))
    return found


def _cpu(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def _over_budget(run, text: str, budget: float) -> float | None:
    """The CPU time `run(text)` took when it is over `budget` and not explained by a slower machine: over budget, it
    is timed again on a quarter of the text, in the same run, and passes only if its time grew linearly (about 4x for
    4x the text; a quadratic pattern grows 16x) and stays under three budgets. Some linear patterns take 0.9-1.3 s
    on 200,000 characters on this machine's slower days, as they did at the session-start commit."""
    spent = _cpu(lambda: run(text))
    if spent <= budget:
        return None
    quarter = _cpu(lambda: run(text[:len(text) // 4]))
    if spent <= 3 * budget and spent <= 8 * max(quarter, 0.01):
        return None
    return round(spent, 2)


def test_the_guard_finds_the_patterns_it_guards():
    ids = {p.id for p in _patterns()}
    assert {"resumes.facts.EMAIL", "resumes.facts.PHONE", "resumes.facts.DATE_RANGE", "resumes.skills._TOKEN",
            "interviewmaster.ai.offline.text.INJECTION_PATTERNS[0]",
            # inside tables of (pattern, text) pairs, which the guard did not look into
            "interviewmaster.ai.offline.probes.FOLLOW_UP_TOPICS[0][0]",
            "interviewmaster.ai.offline.probes.ASPECTS[2][0]", "resumes.analysis._TITLE_LEVELS[0][0]"} <= ids


@pytest.mark.parametrize("pattern", _patterns())
def test_pattern_is_linear_on_adversarial_input(pattern):
    slow = {}
    for label, text in ADVERSARIAL.items():
        spent = _over_budget(lambda text: sum(1 for _ in pattern.finditer(text)), text, BUDGET_SECONDS)
        if spent is not None:
            slow[label] = spent
    assert not slow, f"{pattern.pattern[:80]!r} took more than {BUDGET_SECONDS}s, not linearly, on {slow}"


def test_the_old_email_pattern_would_fail_this_guard():
    """The guard has teeth: the pattern issue 17 found (quadratic on a long word) exceeds the budget on far less."""
    old = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
    assert _cpu(lambda: old.search("a" * 20_000)) > 10 * _cpu(lambda: re.compile("x").search("a" * 20_000))
    # and the linear-growth allowance does not let it through: over budget on 16,000 characters, it grows ~16x
    assert _over_budget(lambda text: old.search(text), "a" * 16_000, 0.05) is not None


def _entry_points():
    from interviewmaster.ai.offline import evaluation, reading, text, writing
    from resumes.extraction import clean_text
    from resumes.services import parse_text

    return {
        "resumes.parse_text": parse_text,
        "resumes.clean_text": clean_text,
        "offline.signals": lambda t: evaluation.signals(t, t),
        "offline.strip_injection": text.strip_injection,
        "offline.words+sentences": lambda t: (text.words(t), text.sentences(t)),
        "offline.hint": lambda t: writing.hint({"code": t, "level": 3, "hints": [], "tags": []}),
        "offline.analyze_resume": lambda t: writing.analyze_resume({"text": t}),
        "offline.split_code": lambda t: reading.split_code(t, ""),
    }


@pytest.mark.parametrize("entry", ["resumes.parse_text", "resumes.clean_text", "offline.signals",
                                   "offline.strip_injection", "offline.words+sentences", "offline.hint",
                                   "offline.analyze_resume", "offline.split_code"])
def test_text_entry_points_are_fast_on_adversarial_input(entry):
    fn = _entry_points()[entry]
    slow = {}
    for label, text in ADVERSARIAL.items():
        spent = _over_budget(fn, text, 2 * BUDGET_SECONDS)  # a whole parse runs a dozen patterns plus the skill scan
        if spent is not None:
            slow[label] = spent
    assert not slow, f"{entry} was slow on {slow}"


# --- whole parses of one long line (moved from resumes/tests/test_skills.py: CPU-time limits belong here, where CI
# runs them without the coverage tracer, which roughly doubles them) ------------------------------------------------
@pytest.mark.parametrize("unit", ["SWIFT ", "learning Python. ", "no experience with Go, ", "the helm ",
                                  "Node.js and Express ", "Julia Novak\n", "node Python. ", "github.com/x/y "])
def test_reading_the_words_around_mentions_stays_linear_on_a_long_line(unit):
    """Each check looks a bounded distance around a mention; one that looked at the whole line per mention (whether
    the line is in capitals) took 18 s on 200,000 characters of "SWIFT "."""
    from resumes.services import parse_text

    text = (unit * (200_000 // len(unit) + 1))[:200_000]
    assert _over_budget(lambda text: parse_text(text, today=date(2025, 6, 1)), text, 2.0) is None


@pytest.mark.parametrize("unit", ["the client's Java ", "a team that used Go, ", "Java owned by the platform team ",
                                  "they kept PHP ",
                                  # other languages' parties, possessives before brackets, items being learned, a
                                  # matrix row being learned, list labels, consent clauses, plural acronyms
                                  "la base MongoDB del equipo, ", "the platform team's (Kubernetes) ",
                                  "Rust (learning), ", "Go – currently learning; ", "Kubernetes | 0 | want to learn | ",
                                  "DevOps: Docker ", "Autorizzo il trattamento dei dati ", "VLANs "])
def test_reading_other_peoples_technology_stays_linear_on_a_long_line(unit):
    from resumes.services import parse_text

    text = (unit * (200_000 // len(unit) + 1))[:200_000]
    assert _over_budget(lambda text: parse_text(text, today=date(2025, 6, 1)), text, 2.0) is None


def test_brackets_on_a_long_date_line_stay_linear():
    """Each bracketed note looks only at the word before it; looking at the whole line before it took 9.4 s."""
    from resumes.services import parse_text

    text = "EXPERIENCE\n2019 - 2020 " + "a (b) " * 20_000 + "\n"
    assert _over_budget(lambda text: parse_text(text, today=date(2025, 6, 1)), text, 2.0) is None


def test_thousands_of_jobs_with_the_same_dates_stay_linear():
    """A job listed twice is found among the few with its dates, not by comparing every pair: four times the jobs
    cost about four times the time (comparing every pair made it nine, 1.4 s at 4,000)."""
    import itertools
    import string

    from resumes.positions import find_positions
    from resumes.sections import labelled_lines

    def cost(count: int) -> float:
        names = ("".join(p).capitalize() for p in itertools.product(string.ascii_lowercase, repeat=3))
        lines = labelled_lines("EXPERIENCE\n" + "\n".join(f"{name} Engineer, Acme, 2019 – 2021"
                                                          for name in itertools.islice(names, count)))
        assert len(find_positions(lines, today=date(2025, 6, 1))) == count
        return min(_cpu(lambda: find_positions(lines, today=date(2025, 6, 1))) for _ in range(3))

    assert cost(4000) < 6 * cost(1000)


@pytest.mark.parametrize("unit", ["2019 – x ", "Jan 2019 – early ", "2021 – Promoted to ",
                                  # promotion chains, quarters, two-digit years, months sharing a year, segments
                                  "Engineer (Jul 2016 – Jun 2018) → ", "Q3 2021 – ", "'22 – ", "03/19 – ",
                                  "lipiec – ", "Acme SARL · ", "seit "])
def test_open_date_ranges_stay_linear_on_a_long_line(unit):
    """Whether "2024 –" opens a role looks at most 200 characters on; reading the whole rest of the line for every
    dash took 5.7 s on 120,000 characters of "2019 – x "."""
    from resumes.services import parse_text

    text = (unit * (200_000 // len(unit) + 1))[:200_000]
    assert _over_budget(lambda text: parse_text(text, today=date(2025, 6, 1)), text, 2.0) is None


@pytest.mark.parametrize("unit", ["Acme Corp, 2018 – 2022\nEngineer, Team (2019 – 2020)\n",
                                  "Associate (Jan 2016 – Jun 2018) → Engineer (Jul 2018 – Mar 2020) →\n"
                                  "Senior (Apr 2020 – now)\n",
                                  "Series/Grade: GS-11\nJackson, MS\n03/2019 – 02/2021\n",
                                  "postmortems\nSRE · jan 2020 – mrt 2022\n",
                                  "Career break (2019 – 2020)\nEngineer — Acme Ltd.\nMar 2019 – Aug 2019\n",
                                  "Currently working as QA in Acme from\nJan 2024 to till date.\n",
                                  # session 15: roles listed under an employer's dates, older jobs in brief under
                                  # their heading, a client's work after its dates, what was done after a role's
                                  "Acme Ltd — 2015 to present\nEngineer · Senior Engineer · Lead Engineer\n",
                                  "EARLIER ROLES (2003 – 2011)\nDev, Acme (2007 – 2011) · Analyst, Beta (2005 – "
                                  "2007)\n",
                                  "Zorg, 2020 – 2021: migratie naar React met TypeScript\n",
                                  "Acme, Minneapolis\nDirector | 03/2015 – 12/2019 — team of 14; Tableau rollout\n",
                                  "10/2021 – 03/2024 · Kunde: Maschinenbau, Ostwestfalen\nMission 2 (03/2019 – "
                                  "12/2020) : Vauban\n",
                                  # session 18: courses taught under a teaching heading (each looks up its heading),
                                  # en dashes between letters, a project year inside the job above, a start month
                                  # cut from its year, a range's end wrapped alone, the rirekisho form in English
                                  "TEACHING\nGuest lecturer, BINF90002 Genomics & Bioinformatics, 2021 – 2024\n",
                                  "Guest lecturer, BINF90002 Genomics & Bioinformatics, 2021 – 2024\n",
                                  "Acme Corp–London | Engineer–Acme Ltd | 2019 – 2022\n",
                                  "Senior Consultant | Accenture | Jan 2018 – Dec 2022\n- Technical Lead — Project "
                                  "Phoenix — 2021\n",
                                  "Engineer | Acme | May\n2017 – Aug 2017\n", "Engineer | Acme | 07/2019 –\n08/2020\n",
                                  "Year\nMonth\nEvent\n2012\n4\nJoined Fujitsu Limited as Systems Engineer, Public "
                                  "Sector\n2015\n3\nResigned from Fujitsu Limited\n",
                                  # session 19: promotion steps dated by their start, an employer's renaming date and
                                  # overall dates over its roles (each looks at the roles after it: first quadratic),
                                  # a duration under the dates, bullet signs, places after a semicolon, prose lines
                                  "Acme Inc., Manila\nAssociate (Jun 2016) › Consultant (Jul 2017) › Senior "
                                  "(Jan 2019 – Aug 2020)\n",
                                  "2014 – 2018\nSoftlab Sp. z o.o. (od 2017 r. Softlab Group S.A.)\n"
                                  "Programista (2016 – 2018)\n",
                                  "Jan 2019 - Feb 2022\n3 years 2 months\nIT Support Specialist\nLakeshore Inc. | "
                                  "Philippines\n",
                                  "Tarifio AG, München\n2020 – 2022 | Engineering Manager\n· Führung von 3 Teams\n",
                                  "U.S. Army — Fort Carson, CO; Camp Humphreys, Republic of Korea\n"
                                  "Team Lead, Jun 2021 – Sep 2024\n",
                                  "Analista de BI, de março de 2018 a 2021\n"
                                  "Cisco ISE for 802.1X on the corporate LAN\n",
                                  # session 20: a few weeks' training within one month, a role's label in brackets
                                  "Summer Trainee | Acme Institute (AI)\nAug 2024 (4 weeks) · Embedded track\n",
                                  "2020年7月~現在 | 【職種】SREエンジニア | AWS | メンバー\n",
                                  "Tester, Acme Ltd (Jul 2018 – May 2019) · Analyst, Beta (contract, Jan – Jun 2018)\n",
                                  "Royal Navy · 2009 – 2021\nTechnician (CIS) · 2016 – 2021\nHMS Tenacity\n",
                                  "Intern — Acme Data (2005): desktop support\n",
                                  # session 21: roles told in a sentence, chains, briefs, leading years, sentences
                                  "Maple Ridge Software — 2006 – 2014\nJoined as QA Analyst in 2006; promoted to "
                                  "Senior QA Analyst in 2009 and to QA Lead in 2011.\n",
                                  "Accenture — London, 2004 – 2012\nAnalyst (2004), Consultant (2006), Manager "
                                  "(2009)\n",
                                  "Acme Ltd, Pune\nDesign Engineer (Jul 2016 – May 2018) | Graduate Engineer Trainee "
                                  "(Jul 2015 – Jun 2016)\n",
                                  "2015 – 2017 Bioinformatics Analyst, GenoMatrix B.V.\n2014 Studentassistent, Radboud "
                                  "Universiteit\n",
                                  "Acme Ltd | 2018 – 2022\nSoftware Engineer → Senior Software Engineer → Engineering "
                                  "Manager\n(sinds 2016 onderdeel van Orion Groep)\n",
                                  "Taught IGCSE and A-Level mathematics and statistics; head of the maths\ndepartment "
                                  "from 2019.\n"])
def test_thousands_of_job_entries_in_the_newer_layouts_stay_linear(unit):
    """Employers over their roles, promotion chains, notes between a role and its dates, sentences carried over,
    breaks, wrapped "working as" lines: each entry looks a few lines around it, so 120,000 characters of them (the
    most an upload keeps) parse in a bounded time."""
    from resumes.services import parse_text

    text = "EXPERIENCE\n" + (unit * (120_000 // len(unit) + 1))[:120_000]
    assert _over_budget(lambda text: parse_text(text, today=date(2025, 6, 1)), text, 3.0) is None


def test_one_line_of_thousands_of_months_of_a_few_weeks_stays_linear():
    """"Onboarding at HQ, Aug 2024 (4 weeks) " 3,000 times on one line: each month read the whole line before it again
    (81 s CPU for 120,000 characters) until a month past a job's heading length was no longer read as one."""
    from resumes.services import parse_text

    unit = "Onboarding at HQ, Aug 2024 (4 weeks) "
    text = "EXPERIENCE\n" + (unit * (120_000 // len(unit) + 1))[:120_000]
    assert _over_budget(lambda text: parse_text(text, today=date(2025, 6, 1)), text, 2.0) is None


def test_thousands_of_rows_of_cells_without_a_role_stay_linear():
    """A row of cells read as an employer alone takes its role's cell from a layout the other rows give, found once
    for all rows: comparing every such row with every other took 20 s on 88,000 characters."""
    from resumes.positions import find_positions
    from resumes.sections import labelled_lines

    def cost(count: int) -> float:
        lines = labelled_lines("EXPERIENCE\n" + "".join(
            f"Engineer | Acme{i} | 2014 – 2017\n- x\nHarwood{i} Books | Leeds | Remote | 2011 – 2013\n- y\n"
            for i in range(count)))
        assert len(find_positions(lines, today=date(2025, 6, 1))) == 2 * count
        return min(_cpu(lambda: find_positions(lines, today=date(2025, 6, 1))) for _ in range(3))

    assert cost(800) < 6 * cost(200)


def test_thousands_of_dates_in_a_column_of_their_own_stay_linear():
    """A column of dates is given to the jobs through a lookup per line, not a scan of the jobs' list for each line:
    four times the jobs cost about four times the time (3.9 here; the scans made it 5.6 at 3,600 jobs, the most
    120,000 characters hold, which this bound of 6 does not catch: it guards against worse)."""
    from resumes.positions import find_positions
    from resumes.sections import labelled_lines

    def cost(count: int) -> float:
        lines = labelled_lines("2023 – 2024\n" * count + "EXPERIENCE\n" + "".join(
            f"Engineer\nAcme{i}\n-\n" for i in range(count)))
        assert len(find_positions(lines, today=date(2025, 6, 1))) == count
        return min(_cpu(lambda: find_positions(lines, today=date(2025, 6, 1))) for _ in range(3))

    assert cost(3600) < 6 * cost(900)
