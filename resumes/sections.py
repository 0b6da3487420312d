"""Splits resume text into lines labelled with the section they belong to (skills, experience, education...)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SKILLS, EXPERIENCE, PROJECTS, EDUCATION, SUMMARY, CERTIFICATIONS, OTHER, HEADER, PERSONAL = (
    "skills", "experience", "projects", "education", "summary", "certifications", "other", "header", "personal")

_HEADINGS: dict[str, str] = {}
for _section, _names in {
    SKILLS: ["skills", "keahlian", "keterampilan", "skill", "technical skills", "core skills", "key skills", "ky nang",
             "skills and tools",
             "tools and technologies", "technologies", "tech stack", "technical expertise", "core competencies",
             "competencies", "tools", "expertise", "programming languages", "languages and frameworks", "stack",
             "toolbox", "skill set", "skillset", "technical proficiencies", "areas of expertise", "technical summary",
             "hard skills", "soft skills", "frameworks", "skills summary", "tech", "tech skills", "technical stack",
             "kenntnisse", "fachkenntnisse", "it kenntnisse", "technische kenntnisse", "edv kenntnisse",
             "fahigkeiten", "kompetenzen", "competences", "competences techniques", "habilidades",
             "habilidades tecnicas", "competencias", "competencias tecnicas", "conocimientos",
             "conocimientos tecnicos", "conhecimentos", "competenze", "competenze tecniche", "vaardigheden",
             "technische vaardigheden", "umiejetnosci", "umiejetnosci techniczne", "dovednosti", "kompetenser",
             "fardigheter", "yetenekler", "teknik yetenekler", "beceriler", "herramientas", "ferramentas", "outils",
             "werkzeuge", "tecnologias", "technologien", "tecnologie", "technologie"],
    EXPERIENCE: ["experience", "work experience", "professional experience", "employment", "employment history",
                 "work history", "career history", "relevant experience", "career", "professional background",
                 "positions held", "industry experience", "work experiences", "experiences",
                 "research experience", "teaching experience", "teaching", "contracts", "contract work",
                 "freelance work", "academic appointments", "appointments", "academic positions", "positions",
                 "professional history", "employment record", "work record", "professional employment",
                 "internships", "internship", "internship experience", "internship experiences",
                 "work and internship experience", "internships and work experience", "job history",
                 "professional career", "previous employment",
                 "previous experience", "other experience", "permanent", "previous career", "earlier career",
                 "prior career", "earlier experience", "prior experience", "earlier roles", "previous roles",
                 "career before tech", "first career", "co op experience", "coop experience", "co op positions",
                 "co op work terms", "work terms", "co op terms", "co op work experience", "co op placements",
                 "work placements", "placements", "industrial placement", "industrial attachment",
                 "permanent roles", "permanent employment", "permanent positions", "contract employment",
                 "freelance", "freelance experience", "consulting experience",
                 "contract history", "professional appointments", "research appointments",
                 "research and teaching appointments", "teaching and research appointments", "teaching appointments",
                 "research and teaching experience", "teaching and research experience", "employment details",
                 "pengalaman kerja", "pengalaman", "riwayat pekerjaan",
                 # a civil servant's CV: "SERVICE RECORD (GOVERNMENT OF INDIA)", then "PRIVATE SECTOR"
                 "service record", "service history", "government service", "public service", "private sector",
                 "public sector", "private sector experience", "public sector experience",
                 "work details", "employment summary", "professional details", "recent experience", "recent roles",
                 "current role", "current position", "latest experience",
                 "contracting history", "contract roles", "engagements", "selected engagements",
                 "consulting engagements", "current engagements", "current roles", "interim roles",
                 "interim assignments", "interim and contract roles", "fractional roles", "freelance clients",
                 "client engagements", "consulting assignments", "consultancy engagements",
                 "assignments", "consulting", "freelance history", "employment experience", "work",
                 "trayectoria profesional", "historial laboral", "trajetoria profissional", "loopbaan",
                 "academische loopbaan", "academic career", "akademische laufbahn", "parcours academique",
                 "arbeitserfahrung", "berufspraxis", "beruflicher werdegang und praxis", "esperienze professionali",
                 "esperienza lavorativa",
                 # the same in the languages resumes here arrive in (accents are dropped before the lookup)
                 "berufserfahrung", "berufliche erfahrung", "beruflicher werdegang", "werdegang", "praxiserfahrung",
                 "praktische erfahrung", "praktika", "praktika und werkstudententatigkeiten",
                 "experiencia", "experiencia laboral", "experiencia profesional", "experiencia professional",
                 "experience professionnelle", "experiences professionnelles", "parcours professionnel",
                 "experiencia profissional", "esperienza", "esperienza professionale", "esperienze lavorative",
                 "doswiadczenie", "doswiadczenie zawodowe", "werkervaring", "ervaring", "pracovni zkusenosti",
                 "arbetslivserfarenhet", "erfarenhet", "is deneyimi", "deneyim", "experiencia profesional y laboral",
                 "beroepservaring", "esperienze professionali e lavorative",
                 # a freelancer's assignments: "OPDRACHTEN", "PROJEKTEINSÄTZE" (not "Missions :", a label under a job)
                 "opdrachten", "werkervaring en opdrachten", "projekteinsatze", "contract engagements",
                 "freelance engagements", "contract assignments",
                 "interim assignments", "tech experience", "technical experience", "it experience",
                 "berufliche stationen", "stationen", "berufliche tatigkeiten", "projekterfahrung",
                 "projekthistorie", "projektubersicht", "projektliste", "projekterfahrungen",
                 "software experience", "relevant work experience", "other work experience",
                 "kinh nghiem lam viec", "kinh nghiem", "percurso profissional", "percurso",
                 # "POSTES OCCUPÉS": the positions held, as French, Spanish, Portuguese and Italian CVs head them
                 "postes occupes", "fonctions occupees", "emplois occupes", "puestos ocupados", "cargos ocupados",
                 "cargos desempenados", "posizioni ricoperte", "incarichi ricoperti"],
    PROJECTS: ["projects", "personal projects", "side projects", "selected projects", "open source", "project details",
               "projects handled", "projects undertaken", "academic projects", "academic project", "project profile",
               "key projects", "project experience", "portfolio", "shipped titles", "selected shipped titles",
               "shipped games", "game credits", "selected titles",
               "projekte", "proyectos", "projetos", "projets",
               "progetti", "projecten", "projekty", "du an"],
    EDUCATION: ["education", "pendidikan", "riwayat pendidikan", "academic background", "qualifications",
                "education and training", "academics",
                "academic qualifications", "degrees", "ausbildung", "studium", "bildungsweg",
                "schul und berufsbildung", "berufsbildung", "schulbildung", "bildung", "aus und weiterbildung",
                "formacion",
                "formacion academica", "educacion", "formation", "formacao", "formacao academica", "istruzione",
                "wyksztalcenie", "opleiding", "estudios", "vzdelani", "utbildning", "egitim", "formacion y estudios",
                "opleidingen", "academic details", "academic profile", "educational qualifications",
                "educational qualification", "educational details", "academic credentials", "escolaridad",
                "preparacion academica", "estudios academicos", "formacion profesional",
                "wyksztalcenie i kursy", "edukacja", "vzdelavani", "vzdelanie", "koulutus", "uddannelse", "utdanning",
                "hoc van", "trinh do hoc van"],
    SUMMARY: ["summary", "profile", "professional summary", "about", "about me", "objective", "career objective",
              "overview", "personal statement", "professional profile", "career summary", "perfil", "profil",
              "profiel", "profilo", "resumo", "resumen", "o mnie", "zusammenfassung", "kurzprofil", "sammanfattning",
              "hakkimda", "perfil profesional", "perfil profissional", "profil professionnel", "a propos",
              "a propos de moi", "sobre mi", "sobre mim", "over mij", "profilo professionale",
              "muc tieu nghe nghiep", "gioi thieu ban than"],
    CERTIFICATIONS: ["certifications", "certificates", "certificate", "certification", "licenses and certifications",
                     "courses", "training", "certifications and courses", "zertifikate", "zertifizierungen",
                     "certificaciones", "certificacoes", "certificazioni", "certificaten", "certyfikaty",
                     "certifikaty", "sertifikalar", "licenses", "chung chi"],
    OTHER: ["languages", "spoken languages", "awards", "honors", "honours", "publications", "volunteering",
            "grants and awards", "grants", "awards and grants", "honors and awards", "awards and honors",
            "fellowships", "scholarships", "selected publications", "talks", "conference talks", "patents",
            "volunteer experience", "achievements", "additional information", "service", "professional service",
            "academic service", "reviewing", "boards", "boards and advising", "advising", "advisory roles",
            "memberships", "professional memberships", "affiliations", "community", "community involvement",
            "volunteer work", "volunteer", "extracurricular", "vrijwilligerswerk", "ehrenamt", "voluntariado",
            "benevolat", "bénévolat", "volontariato", "wolontariat", "sprachen", "idiomas", "langues", "lingue",
            "talen", "jezyki", "jazyky", "sprak", "diller", "publikationen", "publicaciones", "publicacoes",
            "publications et conferences", "pubblicazioni", "military service", "national service",
            "wehrdienst", "servicio militar", "servico militar", "service militaire", "askerlik", "sluzba wojskowa",
            "other", "miscellaneous", "administrative responsibilities", "administrative duties"],
    # About the person, not their work: a skill name here is a hobby, a referee's title, a street or a book.
    PERSONAL: ["interests", "data pribadi", "hobbies", "hobby", "hobbys", "interest", "hobbies and interests",
               "interests and hobbies",
               "personal interests", "outside work", "outside of work", "activities", "extracurricular activities",
               "sports", "reading", "books", "references", "referees", "contact", "contacts", "contact information",
               "contact details", "personal details", "personal information", "personal data", "personal",
               "interessen", "centres d interet", "intereses", "interesses", "interessi", "hobby s",
               "zainteresowania", "zajmy", "ilgi alanlari", "persoonlijke gegevens", "dane osobowe",
               "datos personales", "dados pessoais", "personliche daten", "persoenliche daten", "kontakt", "contacto",
               "contato", "contatti", "referenzen", "referencias", "hobbies e interesses", "freizeit", "loisirs",
               "aficiones", "passatempi", "so thich", "thong tin ca nhan", "lien he"],
}.items():
    for _name in _names:
        _HEADINGS[_name] = _section

# Inline labels that make their line a hobby wherever it stands ("Activities:" under a job is work, not a pastime);
# each is also a PERSONAL heading
_INLINE_PERSONAL = frozenset({"interests", "interest", "hobbies", "hobby", "hobbys", "hobbies and interests",
                              "interests and hobbies", "personal interests"})
_HEADING_CLEAN = re.compile(r"[^a-z ]+")
_INLINE_LABEL = re.compile(r"^\s*(?:[-*]\s*)?([A-Za-z][A-Za-z &/]{1,40}?)\s*:\s*(\S.*)$")


# Letters NFKD does not take apart: "WYKSZTAŁCENIE" is "wyksztalcenie", "Ø" an "o"
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})


def _heading_key(text: str) -> str:
    if not text.isascii():  # "Expérience", "Formação", "Doświadczenie": the key drops the accents
        text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()
    lowered = text.lower().replace("&", " and ").replace("/", " and ")
    return " ".join(_HEADING_CLEAN.sub(" ", lowered).split())


_DATED = re.compile(r"(?:19|20)\d\d[ \t]{0,3}(?:-{1,2}|–|—|to)[ \t]{0,3}(?:(?:19|20)\d\d|present|now|today)",
                    re.IGNORECASE)
_ALTERNATIVES = re.compile(r"[ \t]{0,3}[/|][ \t]{0,3}")


# "Freelance" alone over a role: its employer; "Shipped Titles" inside a job: a label over its games
_CAPITALS_ONLY = frozenset({"other", "miscellaneous", "freelance", "shipped titles", "selected shipped titles",
                            "shipped games", "game credits", "selected titles"})


def _bilingual_heading(stripped: str) -> str | None:
    """ "EXPERIÊNCIA PROFISSIONAL / PROFESSIONAL EXPERIENCE": two headings, each short, one in each language."""
    if len(stripped) > 95 or ("/" not in stripped and "|" not in stripped):
        return None  # most lines: a sentence, a job's line, a list
    parts = _ALTERNATIVES.split(stripped, maxsplit=2)
    if len(parts) != 2 or any(len(part) > 45 or len(part.split()) > 5 for part in parts):
        return None
    known = [heading_section(part) for part in parts]  # both halves: "Tech Stack | Java, Kafka, …" is no heading
    return known[0] if all(known) else None


# Chinese, Japanese and Korean resumes' section names (matched without spaces, markers or a bracketed note after them:
# "■ 경력사항 (총 10년 5개월)")
_CJK_HEADINGS: dict[str, str] = {}
for _section, _names in {
    EXPERIENCE: ["工作经历", "工作经验", "实习经历", "实习经验", "职业经历", "工作实习经历", "实习与工作经历",
                 "工作与实习经历", "工作及实习经历", "实习及工作经历", "工作和实习经历", "实习和工作经历",
                 "工作履历", "職務経歴", "職歴", "経歴", "職務内容", "学歴・職歴", "学歴職歴", "경력", "경력사항",
                 "경력및인턴경험", "경력및인턴십", "인턴경험", "경력기술서", "직무경험", "근무경력", "경력및경험",
                 "인턴십", "工作經歷", "工作經驗", "實習經歷", "經歷"],
    EDUCATION: ["教育背景", "教育经历", "学历", "学歴", "학력", "학력사항", "學歷", "教育經歷", "學歷背景"],
    PROJECTS: ["项目经历", "项目经验", "プロジェクト", "プロジェクト経歴", "開発実績", "프로젝트", "프로젝트경험",
               "주요프로젝트"],
    SKILLS: ["专业技能", "技能", "專長技能", "專業技能", "技能專長",
             "技能特长", "技术栈", "技术技能", "スキル", "技術スキル", "保有スキル",
             "テクニカルスキル", "活かせる経験・知識・技術", "보유기술", "기술스택", "기술", "보유역량", "핵심역량"],
    CERTIFICATIONS: ["证书", "资格证书", "证书与奖项", "資格", "免許・資格", "保有資格", "자격증", "자격증및어학",
                     "자격사항"],
    SUMMARY: ["自我评价", "个人简介", "个人总结", "個人摘要", "自傳", "自我介紹",
              "自己PR", "職務要約", "自己紹介", "자기소개", "자기소개서", "요약"],
    PERSONAL: ["个人信息", "基本信息", "인적사항", "個人情報"],
    OTHER: ["获奖情况", "荣誉奖项", "论文发表", "其他", "병역", "병역사항", "어학", "語学", "その他", "受賞歴"],
}.items():
    for _name in _names:
        _CJK_HEADINGS[_name] = _section
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CJK_NOISE = re.compile(r"[\s■□●◆◇▶▷•·:：【】\[\]]|[(（].{0,30}$")


# Ukrainian and Russian section names, matched in lower case
_CYRILLIC_HEADINGS = {
    "досвід роботи": EXPERIENCE, "досвід": EXPERIENCE, "трудова діяльність": EXPERIENCE, "опыт работы": EXPERIENCE,
    "опыт": EXPERIENCE, "трудовая деятельность": EXPERIENCE, "освіта": EDUCATION, "образование": EDUCATION,
    "навички": SKILLS, "ключові навички": SKILLS, "навыки": SKILLS, "ключевые навыки": SKILLS,
    "технічні навички": SKILLS, "технические навыки": SKILLS, "про себе": SUMMARY, "о себе": SUMMARY,
    "проєкти": PROJECTS, "проекти": PROJECTS, "проекты": PROJECTS, "сертифікати": CERTIFICATIONS,
    "сертификаты": CERTIFICATIONS, "мови": OTHER, "языки": OTHER, "хобі": OTHER, "хобби": OTHER,
}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af ]+")


def _cjk_heading(stripped: str) -> str | None:
    known = _CJK_HEADINGS.get(_CJK_NOISE.sub("", stripped))
    if known is None and stripped.isascii() is False:  # "경력 EXPERIENCE": the heading in both scripts, a space between
        run = _CJK_RUN.match(stripped)
        rest = stripped[run.end():].strip() if run else ""
        if run and rest and rest[:1].isalpha() and heading_section(rest):
            known = _CJK_HEADINGS.get(_CJK_NOISE.sub("", run.group(0)))
    if known is None and ("/" in stripped or "|" in stripped):  # "경력 사항 / Experience"
        parts = _ALTERNATIVES.split(stripped, maxsplit=2)
        known = next((section for section in map(heading_section, parts) if section), None) \
            if len(parts) == 2 else None
    return known


# "WORK EXPERIENCE (CO-OP)", "EXPERIENCE (SELECTED)", "CONTRACTS (via Acme (Pty) Ltd)"
_HEADING_NOTE = re.compile(r"[ \t]{0,3}\((?:[^()]|\([^()]{1,20}\)){1,80}\)$")


def _heading_text(line: str) -> str:
    """The line without its marks; "CONTRACTS (all via Foxglove Data Ltd, 2020 – present)": the heading alone, a long
    note on it dropped."""
    stripped = line.strip().strip("#*=_-:|").strip()
    noted = _HEADING_NOTE.sub("", stripped) if stripped.endswith(")") and len(stripped) <= 100 else stripped
    if noted == stripped or not noted.isupper() or len(noted) > 45:
        return stripped
    # a note with dates makes a job's line ("NATIONAL SERVICE (2012 – 2014)", "FREELANCE (UPWORK, 2019 – 2021)"), but
    # not over older jobs in brief ("EARLIER CAREER (1994 – 2002)") nor with the agency they came through
    # (a plural: "CONTRACTS (via …)", not "FREELANCE (via Toptal, 2019 – 2021)", a job)
    return noted if not _A_YEAR.search(stripped) or _SPAN_HEADING.match(noted) or (
        _AGENCY_NOTE.search(stripped) and noted.endswith("S")) else stripped


_SPAN_HEADING = re.compile(r"(?:earlier|previous|prior|early)[ \t]{1,3}\w", re.IGNORECASE)
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_AGENCY_NOTE = re.compile(r"\((?:[^()]{0,40}[ \t])?(?:via|through)[ \t]", re.IGNORECASE)


_SEVERAL_JOBS = re.compile(r"\b(?:CLIENTS|ENGAGEMENTS|ROLES|ASSIGNMENTS|CONTRACTS|POSITIONS|APPOINTMENTS)\b")


def heading_section(line: str) -> str | None:
    """The section a line opens, if the line is a heading (short, known name, optional trailing colon).

    A bilingual heading ("BERUFSERFAHRUNG / EXPERIENCE") opens the section of any part that is a known name.
    """
    stripped = _heading_text(line)
    if not stripped or len(stripped) > 45 or len(stripped.split()) > 5:
        return _bilingual_heading(stripped)  # None for an empty or long line but two short headings in two languages
    if _CJK.search(stripped[:3]):
        return _cjk_heading(stripped)
    if _CYRILLIC.search(stripped[:2]):
        return _CYRILLIC_HEADINGS.get(" ".join(stripped.lower().strip(" :").split()))
    noted = _HEADING_NOTE.sub("", stripped) if stripped.endswith(")") else stripped
    # "Freelance 2019 - 2021", "NATIONAL SERVICE (2012 – 2014)": a job's entry with its dates, not the heading; but
    # "FREELANCE CLIENTS (2022 – PRESENT)", a heading in capitals over several jobs, dated in a note
    if _DATED.search(noted if stripped.isupper() and noted != stripped and _SEVERAL_JOBS.search(noted) else stripped):
        return None
    key = _heading_key(noted if noted.isupper() else stripped)  # "WORK EXPERIENCE (CO-OP)", not "Volunteer (Code Club)"
    if key in _CAPITALS_ONLY and not stripped.isupper():
        return None  # "Other" under a skills list is a group of skills; "OTHER" is a section
    known = _HEADINGS.get(key)
    if known is None and ("■" in stripped or "\ufffd" in stripped):
        known = _HEADINGS_ONE_LOST.get(_heading_key(stripped.replace("■", "").replace("\ufffd", "")))
    if known is None and ("/" in stripped or "|" in stripped):
        for part in _ALTERNATIVES.split(stripped):
            known = known or _HEADINGS.get(_heading_key(part.strip(" :")))
    if known is None and " " in key:
        known = _two_in_one(key, labelled=line.rstrip().endswith(":") and not stripped.isupper()) or (
            _field_experience(key) if stripped.isupper() else None)
    return known


# Experience in a field of work, a heading in capitals: "DATA EXPERIENCE", "HOSPITALITY EXPERIENCE", "RETAIL MANAGEMENT
# EXPERIENCE", "WORKING EXPERIENCE". The fields are listed: "USER EXPERIENCE", "CUSTOMER EXPERIENCE" (skills, or a
# role's area: "DIRECTOR, CUSTOMER EXPERIENCE"), "PROGRAMMING EXPERIENCE", "SUMMARY OF EXPERIENCE" are none of them
_WORK_FIELDS = frozenset({"data", "hospitality", "retail", "military", "working", "sales", "banking", "finance",
                          "healthcare", "nursing", "engineering", "government", "corporate", "startup", "agency",
                          "contract", "contracting", "professional", "proffesional", "professinal", "proffessional",
                          "profesional", "employment", "job", "career", "paid", "relevant", "previous", "prior",
                          "recent", "additional", "other", "selected", "consultancy", "industry", "industrial",
                          # two words in one field
                          "retail management", "part time", "full time"})
# (no tools' words: "CLOUD EXPERIENCE" is skills; not "EDUCATION EXPERIENCE", 教育经历 in English; not "MANAGEMENT
# EXPERIENCE" over what was managed)


def _field_experience(key: str) -> str | None:
    words = key.split()
    if 2 <= len(words) <= 3 and words[-1] in ("experience", "experiences") and " ".join(words[:-1]) in _WORK_FIELDS:
        return EXPERIENCE
    return None


def _two_in_one(key: str, *, labelled: bool) -> str | None:
    """"Beruflicher Werdegang und Ausbildung", "Projects & Experience": two sections in one; jobs win. Not
    "Selected clients and projects:", a label under a job, one of its names no section's."""
    found = [_HEADINGS.get(part) for part in _AND.split(key)]
    if None in found and labelled and EXPERIENCE not in found:
        return None  # not "Work and Leadership Experience:", which heads jobs
    return EXPERIENCE if EXPERIENCE in found else next((section for section in found if section), None)


@dataclass(frozen=True)
class Line:
    index: int
    text: str
    section: str          # the block the line is in
    context: str          # `section`, or "skills" for an inline "Technologies: a, b" label line
    heading: bool = False  # the line is the section's heading itself


def _one_lost(headings: dict[str, str]) -> dict[str, str]:
    """Each heading name with one letter left out, as a PDF whose font lacks "Ł" or "Ś" extracts it."""
    lost: dict[str, str] = {}
    for name, section in headings.items():
        for at in range(len(name)):
            if name[at].isalpha():
                lost.setdefault(name[:at] + name[at + 1:], section)
    return lost


_HEADINGS_ONE_LOST = _one_lost(_HEADINGS)
_AND = re.compile(r" (?:and|und|et|y|e|i|en|og|och) ")
_CAPITALS = re.compile(r"[A-Z][A-Z &/]{2,29}")


def _ends_personal(raw: str) -> bool:
    """A short line in capitals after a personal block ("CONTACT", an email, then "TECH"): some heading we do not
    know, so the personal block is over (a sidebar lists contacts first and skills right after)."""
    stripped = raw.strip().rstrip(":")
    return len(stripped.split()) <= 4 and _CAPITALS.fullmatch(stripped) is not None


_INSIDE_A_JOB = frozenset({"achievements", "achievements and tasks", "tasks", "key achievements", "accomplishments",
                           "responsibilities", "key responsibilities", "main responsibilities", "main activities",
                           "duties", "achievements and responsibilities", "responsibilities and achievements"})


_PROJECTS_OF_A_JOB = frozenset({"key projects", "key project", "projects", "major projects", "notable projects",
                                "selected projects", "client projects",
                                # "Proyectos:", "Projets :", "Projetos:", "Projekte:" under a job, as other languages
                                # write them
                                "proyectos", "projets", "projetos", "projekte", "progetti", "projecten", "projekty",
                                "proyectos destacados", "principaux projets", "principais projetos"})


_VIETNAMESE_MONTH = re.compile(r"\b[Tt]háng[ \t]{1,3}(?=\d{1,2}[ \t]{0,2}/[ \t]{0,2}\d{4})")
_LABEL_CELL = re.compile(r"[ \t]{0,8}([^|:\n \t][^|:\n]{1,39}?):?[ \t]{0,3}\|[ \t]{0,3}([^|\n \t][^|\n]{0,300})")


def _carried_over(raw: str, out: list[Line]) -> bool:
    """"service." under "… built Grafana dashboards for the ledger": the end of a sentence wrapped onto its own line,
    not a heading (a heading does not open in lower case and end in a full stop; "education" alone still is one); so
    is one word under a long line that stops mid-sentence (`_wrapped_word`)."""
    stripped = raw.strip()
    return (stripped[:1].islower() and stripped.endswith(".")) or _wrapped_word(stripped, out)


def _wrapped_word(stripped: str, out: list[Line]) -> bool:
    """"service" under "Integrating M-Pesa Daraja API callbacks into a Node.js/Express payments": one word in lower case
    under a long line that stops mid-sentence (a lower-case word, no punctuation) is where that sentence wrapped, not a
    heading (a heading in lower case still opens after a blank line or a line that ends a sentence)."""
    # ("Stack." under "… shipped logs to the ELK": a capital too, where the word ends the sentence with a full stop)
    if not (stripped[:1].islower() or stripped.endswith(".")) or " " in stripped or not out or out[-1].heading:
        return False
    if not stripped.endswith(".") and stripped not in _SENTENCE_END_NOUNS:
        return False  # "volunteering", "projects", "education" in lower case: a template's headings, kept
    above = out[-1].text.rstrip()
    return len(above) >= 50 and above[-1:].isalpha() and (
        above.split()[-1][:1].islower() or (stripped.endswith(".") and above.lstrip()[:1] in "-•▪*–"))


# Heading words that also end sentences as plain nouns ("… into a Node.js/Express payments" / "service"); the main
# sections' names are not among them
_SENTENCE_END_NOUNS = frozenset({"service", "services", "stack", "tools", "support", "training", "community",
                                 "leadership", "interests", "activities", "highlights", "references", "achievements"})


_COLUMN_CELL = re.compile(r"[^\W\d][^\d.:;!?]{0,38}")


def _column_header_run(out: list[Line]) -> int:
    """How many short cells ("Periode", "Opdrachtgever / Werkgever", "Rol") come right after the heading of the jobs
    and nothing else: a table's header row, drawn a cell a line; 0 where anything else came between."""
    run = 0
    for line in reversed(out):
        if line.heading:
            return run
        if not line.text.strip():
            continue
        if len(line.text.split()) > 4 or not _COLUMN_CELL.fullmatch(line.text.strip()):
            return 0
        run += 1
    return 0


def _inside_the_jobs(opened: str, raw: str, out: list[Line]) -> bool:
    """A heading's name that, inside the jobs, opens nothing: "Achievements/Tasks" under each job of a builder's
    export; "Key projects:" under a job (its projects, and the jobs after it go on); "Technologie / Notities" after
    "Periode", "Werkgever", "Rol" (a table's last column, drawn a cell a line)."""
    key = _heading_key(raw.strip().strip(":"))
    return (key in _INSIDE_A_JOB
            or (opened == PROJECTS and raw.rstrip().endswith(":") and not raw.isupper() and key in _PROJECTS_OF_A_JOB)
            or (opened != EXPERIENCE and not raw.isupper() and _column_header_run(out) >= 2))


def labelled_lines(text: str) -> list[Line]:
    section = HEADER
    out: list[Line] = []
    for index, raw in enumerate(text.split("\n")):
        if not raw:  # a blank line opens nothing and carries no label
            out.append(Line(index=index, text=raw, section=section, context=section))
            continue
        if "háng" in raw:
            raw = _VIETNAMESE_MONTH.sub("", raw)  # "Tháng 3/2019 – Tháng 5/2021": the word "month" before each date
        cell = _LABEL_CELL.fullmatch(raw) if "|" in raw else None
        named = heading_section(cell.group(1)) if cell and not _DATED.search(cell.group(1)) else None
        # inside the jobs, "Technologies: | Java, Spring" or "Projects: | Billing engine" is a row about the job above
        about_the_job = section == EXPERIENCE and named not in {None, EXPERIENCE, EDUCATION}
        if named and not about_the_job:
            # "Work Experience: | Senior Network Engineer, Savanna Fibre Ltd": a form's row of a section's name and
            # its first line; the name opens the section, the rest is its first line
            section = named
            out.append(Line(index=index, text=cell.group(1), section=section, context=section, heading=True))
            raw = cell.group(2)
        opened = None if about_the_job or _carried_over(raw, out) else (
            heading_section(raw) or (OTHER if section == PERSONAL and _ends_personal(raw) else None))
        if opened and section == EXPERIENCE and _inside_the_jobs(opened, raw, out):
            opened = None
        if opened:
            section = opened
            out.append(Line(index=index, text=raw, section=section, context=section, heading=True))
            continue
        context = section
        label = _INLINE_LABEL.match(raw) if ":" in raw else None  # the pattern tries 40 lengths of label first
        key = _heading_key(label.group(1)) if label else ""
        if _HEADINGS.get(key) == SKILLS:
            context = SKILLS
        elif key in _INLINE_PERSONAL and section != HEADER:  # "Interests: climbing, espresso machines"
            context = PERSONAL
        out.append(Line(index=index, text=raw, section=section, context=context))
    return out
