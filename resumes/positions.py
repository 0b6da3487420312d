"""Positions a resume lists (title, company, dates) and the years of experience they add up to.

Handles the usual layouts: "Title, Company" or "Title at Company" above or beside the dates, "Company | Title |
dates", "Company (dates): Title doing things", company / title / dates on three lines, table rows, and the date
formats people write ("Jan 2020 – Present", "01/2019 - 03/2021", "2019-01 – 2025-01", "2018.03 – now", "2016 - 2019",
"Since May 2020").

Every pattern here runs on uploaded text, so each is linear: bounded repetitions, no nested quantifiers.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from resumes import rirekisho
from resumes.sections import CERTIFICATIONS, EDUCATION, EXPERIENCE, HEADER, PERSONAL, PROJECTS, SUMMARY, Line

_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
# The same months as Spanish, Portuguese, French, German, Italian and Dutch resumes write them ("ene. 2022", "März
# 2020", "févr. 2019", "set 2018"); each name maps to its month number.
_MONTHS.update({name: number for number, names in enumerate(
    [("ene", "enero", "janeiro", "janv", "janvier", "januar", "gen", "gennaio", "januari"),
     ("fev", "fevereiro", "febrero", "févr", "fevr", "février", "februar", "febbraio", "februari"),
     ("marzo", "março", "marco", "mars", "mär", "märz", "maerz", "maart"),
     ("abr", "abril", "avr", "avril", "aprile"),
     ("mayo", "mai", "maio", "mag", "maggio", "mei"),
     ("junio", "junho", "juin", "juni", "giu", "giugno"),
     ("julio", "julho", "juil", "juillet", "juli", "lug", "luglio"),
     ("ago", "agosto", "août", "aout", "augustus", "augusti"),
     ("set", "septiembre", "setembro", "settembre", "septembre"),
     ("out", "octubre", "outubro", "okt", "oktober", "ott", "ottobre", "octobre"),
     ("noviembre", "novembro", "novembre"),
     ("dic", "diciembre", "dez", "dezembro", "déc", "decembre", "décembre", "dezember", "dicembre")], start=1)
    for name in names})
# Dutch "mrt." and Polish ("od marca 2021", "lipiec – wrzesień 2015", "paź 2019"): nominative, genitive, short form.
_MONTHS.update({name: number for number, names in enumerate(
    [("styczeń", "stycznia", "sty"), ("luty", "lutego", "lut"), ("marzec", "marca", "mrt"),
     ("kwiecień", "kwietnia", "kwi"), ("maja", "maj"), ("czerwiec", "czerwca", "cze"), ("lipiec", "lipca", "lip"),
     ("sierpień", "sierpnia", "sie"), ("wrzesień", "września", "wrz"), ("październik", "października", "paź"),
     ("listopad", "listopada", "lis"), ("grudzień", "grudnia", "gru")], start=1) for name in names})
# Turkish: "Haziran 2022 – Halen", "Ekim 2019"
_MONTHS.update({name: number for number, name in enumerate(
    ["ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım", "aralık"],
    start=1)})
_MONTHS.update({"subat": 2, "mayis": 5, "agustos": 8, "eylul": 9, "kasim": 11, "aralik": 12,
                # Turkish abbreviations: "Oca 2022 – Halen", "Şub 2019 – Ara 2021"
                "oca": 1, "şub": 2, "sub": 2, "nis": 4, "haz": 6, "tem": 7, "ağu": 8, "agu": 8, "eyl": 9, "eki": 10,
                "kas": 11, "ara": 12,
                "maret": 3, "agustus": 8, "desember": 12, "nopember": 11, "pebruari": 2,  # and Indonesian
                "mac": 3, "julai": 7, "ogos": 8, "dis": 12, "disember": 12})  # and Malay
# Ukrainian and Russian: "березень 2022 – дотепер", "июнь 2019 – по настоящее время"
_MONTHS.update({name: number for number, names in enumerate(
    [("січень", "січня", "січ", "январь", "января", "янв"), ("лютий", "лютого", "лют", "февраль", "февраля", "фев"),
     ("березень", "березня", "бер", "март", "марта"), ("квітень", "квітня", "кві", "апрель", "апреля", "апр"),
     ("травень", "травня", "тра", "май", "мая"), ("червень", "червня", "чер", "июнь", "июня", "июн"),
     ("липень", "липня", "лип", "июль", "июля", "июл"), ("серпень", "серпня", "сер", "август", "августа", "авг"),
     ("вересень", "вересня", "вер", "сентябрь", "сентября", "сен", "сент"),
     ("жовтень", "жовтня", "жов", "октябрь", "октября", "окт"),
     ("листопад", "листопада", "лис", "ноябрь", "ноября", "ноя"), ("грудень", "грудня", "гру", "декабрь", "декабря",
                                                                   "дек")], start=1) for name in names})


def _starts_one_of(words) -> str:
    """A pattern that matches where one of `words` starts, as a tree of their letters ("(?:j(?:an|u(?:l|n))|m…)"): the
    engine reads a letter once instead of once per word. For a lookahead before a long alternation of those words,
    which then runs only where one of them stands (most words of a line start none)."""
    tree: dict = {}
    for word in words:
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}

    def render(node: dict) -> str:
        if "" in node:  # a word ends here: that it starts is enough
            return ""
        branches = [re.escape(letter) + render(child) for letter, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return render(tree)


# Every name _MONTH matches is a key of _MONTHS (a test enumerates them): the lookahead lets its 200 alternatives run
# only where a month's name starts, not at every word of every line.
_MONTH_AHEAD = rf"(?={_starts_one_of(_MONTHS)})"
_MONTH = (_MONTH_AHEAD +
          r"(?:jan(?:uary|uar|uari|eiro|vier|v)?|feb(?:ruary|rero|ruar|braio|ruari)?|mar(?:ch|zo|ço|co|s)?"
          r"|apr(?:il|ile)?|may(?:o)?|june?|july?|aug(?:ust|ustus|usti)?|sep(?:t(?:ember|iembre|embre)?)?"
          r"|oct(?:ober|ubre|obre)?"
          r"|nov(?:ember|iembre|embro|embre)?|dec(?:ember|embre)?"
          r"|ene(?:ro)?|fev(?:ereiro|r)?|févr(?:ier)?|mär(?:z)?|maerz|maart|abr(?:il)?|avr(?:il)?|ma(?:i|io|g|ggio)"
          r"|mei|jun(?:io|ho|i)|juin|giu(?:gno)?|jul(?:io|ho|i)|juil(?:let)?|lug(?:lio)?|ago(?:sto)?|août|aout"
          r"|set(?:embro|tembre)?|out(?:ubro)?|okt(?:ober)?|ott(?:obre)?|dic(?:iembre|embre)?|dez(?:embro|ember)?"
          r"|déc(?:embre)?|decembre|gen(?:naio)?"
          r"|sty(?:czeń|cznia)?|lut(?:y|ego)?|marzec|marca|mrt|kwi(?:ecień|etnia)?|maja?|cze(?:rwiec|rwca)?"
          r"|lip(?:iec|ca)?|sie(?:rpień|rpnia)?|wrz(?:esień|eśnia)?|paź(?:dziernik|dziernika)?|lis(?:topad|topada)?"
          r"|gru(?:dzień|dnia)?"
          r"|ocak|[şs]ubat|mart|nisan|may[ıi]s|haziran|temmuz|a[ğg]ustos|eyl[üu]l|ekim|kas[ıi]m|aral[ıi]k"
          r"|oca|[şs]ub|nis|haz|tem|a[ğg]u|eyl|eki|kas|ara"
          r"|maret|agustus|desember|nopember|pebruari"
          r"|mac|julai|ogos|dis(?:ember)?"  # Malay: "Mac 2012 – Dis 2016", "Julai 2010"
          r"|січ(?:ень|ня)?|лют(?:ий|ого)?|берез(?:ень|ня)|квіт(?:ень|ня)|трав(?:ень|ня)|черв(?:ень|ня)|лип(?:ень|ня)"
          r"|серп(?:ень|ня)|верес(?:ень|ня)|жовт(?:ень|ня)|листопада?|груд(?:ень|ня)"
          r"|янв(?:арь|аря)?|фев(?:раль|раля)?|марта?|апр(?:ель|еля)?|ма[йя]|июн[ья]?|июл[ья]?|авг(?:уст|уста)?"
          r"|сент(?:ябрь|ября)?|сен|окт(?:ябрь|ября)?|ноя(?:брь|бря)?|дек(?:абрь|абря)?)\.?")
_NOW = (r"pr[eé]sent(?:e)?|current(?:ly)?|now|today|ongoing|continuing|to date|date|till date|until now|till now|till"
        r"|heute|aktuell|actuel(?:lement)?|actual(?:idad|mente)?|la[ \t]actualidad"
        r"|d\.[ \t]?d(?=\.)"  # Norwegian and Danish "dags dato": "Sep 2022 – d.d."
        r"|atual(?:mente)?|obecnie|ahora|hoy|aujourd'hui|aujourd’hui|oggi|ad[ \t]oggi|in[ \t]corso|attuale|nu|heden"
        r"|dzisiaj|nyní|dosud|doposud|idag|pågående|günümüz|halen|devam[ \t]ediyor"
        r"|a[ \t]la[ \t]fecha|hasta[ \t]la[ \t]fecha|hasta[ \t]hoy|à[ \t]ce[ \t]jour|até[ \t]hoje|até[ \t]o[ \t]momento"
        # after the separator "até": "de março de 2023 até o momento"; Italian: "01/06/2020 – alla data attuale"
        r"|o[ \t]momento|ao[ \t]momento|hoje|à[ \t]data|alla[ \t]data[ \t]attuale|data[ \t]attuale|tuttora|a[ \t]oggi"
        r"|bis[ \t]heute|tot[ \t]heden|do[ \t]dziś|do[ \t]teraz|dodnes|sekarang|saat[ \t]ini|kini|hingga[ \t]kini"
        r"|dato|bis[ \t]dato|laufend|derzeit|nutid|nå|nu[ \t]i[ \t]dag|현재|재직[ \t]?중|至今|现在|現在|在職中"
        r"|迄今|目前|hiện[ \t]nay|hiện[ \t]tại|nay"
        r"|дотепер|донині|(?:по[ \t])?теперішній[ \t]час|(?:по[ \t])?настоящее[ \t]время|н\.[ \t]?в\.|сейчас|зараз")
_NOW_WORD = re.compile(_NOW, re.IGNORECASE)
_SEP = r"[ \t]{0,3}(?:-{1,2}|–|—|─{1,3}|~|→|to|until|till|a|ad|al|à|au|bis|tot|do|hasta|até|ate|fino[ \t]a)[ \t]{0,3}"


def _point(p: str) -> str:
    """One date: "Jan 2020", "mar/2023", "01/2020", "15/06/2018", "2020-01", "2020.01", "2021-09-01", "2020",
    "Jan '20", "Oct 24"."""
    # "14-Jun-2021": a day first (not "SOC N2 ene. 2020")
    return (rf"(?:(?:(?<![A-Za-z])(?:[12]\d|3[01]|0?[1-9])[ \t-](?=[A-Za-z]))?"
            rf"(?P<{p}m>\b{_MONTH})(?:[ \t]{{1,2}}(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?,)?"  # "Mar 15, 2020"
            rf"(?:[ \t]{{1,2}}del?(?=[ \t]))?"  # "julho de 2019"
            rf"[ \t,/'’-]{{0,3}}(?P<{p}y1>(?:19|20)\d\d)"
            rf"|(?P<{p}q>\bQ[1-4])[ \t]{{0,2}}(?P<{p}y7>(?:19|20)\d\d)"  # "Q3 2021"
            rf"|(?:(?:0?[1-9]|[12]\d|3[01])[/.](?=\d\d?[/.-](?:19|20)\d\d))?"  # a day first: "15/06/2018"
            rf"(?P<{p}n>0?[1-9]|1[0-2])[/.-](?P<{p}y2>(?:19|20)\d\d)"
            rf"|(?P<{p}y3>(?:19|20)\d\d)[/.-](?P<{p}n2>0[1-9]|1[0-2])(?:[/.-](?:0[1-9]|[12]\d|3[01]))?(?!\d)"
            # "2022 Apr": the year first (not "2019 Sub-contract", nor "2019 May 2020", a month of the next date)
            rf"|(?P<{p}y8>(?:19|20)\d\d)[ \t]{{1,2}}(?P<{p}m8>{_MONTH})(?![\w-])(?![ \t]{{1,3}}(?:19|20)\d\d)\.?"
            rf"|(?P<{p}y4>(?:19|20)\d\d)"
            rf"|(?P<{p}m3>\b{_MONTH})[ \t]{{0,2}}['’]?(?P<{p}y5>\d\d)(?![\d:,])(?![ \t]{{1,3}}(?:19|20)\d\d)"
            rf"|(?P<{p}sea>\b(?:spring|summer|fall|autumn|winter))[ \t]{{1,3}}(?P<{p}y6>(?:19|20)\d\d))")


# A date starts at a digit or at a word's start (a month's name, "Q3", a season): the lookahead turns every other
# position away at once, before the alternatives of _point are tried there.
_DATE_START = r"(?=\d|\b)"
DATE_RANGE = re.compile(rf"{_DATE_START}(?<![\d/.-]){_point('s')}{_SEP}(?:(?P<now>{_NOW})\b|{_point('e')}(?![\d/]))",
                        re.IGNORECASE)
SINCE = re.compile(rf"\b(?:since|from|seit|ab|depuis|desde|sinds|vanaf|od|da|dal|dall'|dalla|a partir de)[ \t]{{1,3}}"
                   rf"{_point('s')}(?![\d/-])", re.IGNORECASE)
# "2024 – Research Scientist": a start and a dash with no end after it, a job still held
OPEN = re.compile(rf"{_DATE_START}(?<![\d/.-]){_point('s')}[ \t]{{0,3}}(?:-{{1,2}}|–|—)[ \t]{{0,3}}(?=$|[A-Za-z(])",
                  re.IGNORECASE)
# "Jun – Aug 2019", "lipiec – wrzesień 2015": two months and the year they share, written once at the end
MONTH_SPAN = re.compile(rf"(?<![\w/.-])(?P<sm>{_MONTH}){_SEP}(?P<em>{_MONTH})[ \t,]{{0,3}}(?:del?[ \t]{{1,3}})?"
                        rf"(?P<y>(?:19|20)\d\d)\b"  # "de janeiro a junho de 2016"
                        # "2023 (Mar – May)", "Summer 2018 (Jun–Aug)": the year first, its months in brackets
                        rf"|(?<![\d/.-])(?P<y2>(?:19|20)\d\d)[ \t]{{0,2}}\([ \t]{{0,2}}(?P<sm2>{_MONTH}){_SEP}"
                        rf"(?P<em2>{_MONTH})[ \t]{{0,2}}\)", re.IGNORECASE)
# "03/19 – 12/21", "'22 – present", "'16 – '19": years in two digits, only ever read as a range
SHORT = re.compile(rf"(?<![\w/.'’-])(?:(?P<sn>0[1-9]|1[0-2])/|['’])(?P<sy>\d\d){_SEP}"
                   rf"(?:(?P<now>{_NOW})\b|(?:(?P<en>0[1-9]|1[0-2])/|['’])(?P<ey>\d\d)(?![\d/]))"
                   # "2012–15", "(2019 – 21)": not "2019-12", a month
                   rf"|(?<![\w/.-])(?P<sc>19|20)(?P<sy2>\d\d)(?:[ \t]{{0,3}}[–—][ \t]{{0,3}}|[ \t]{{1,3}}-[ \t]{{1,3}})"
                   rf"(?P<ey2>\d\d)(?![\d/.:-])", re.IGNORECASE)
# "Summer 2025": an internship's season, as its three months (a winter term is the year's first three)
SEASON = re.compile(r"\b(?:spring|summer|fall|autumn|winter|ver[ãa]o|inverno|primavera|outono|verano|invierno|oto[ñn]o"
                    r"|[ée]t[ée]|hiver|printemps|automne|sommer|fr[üu]hling|herbst|lato|zomer"
                    r"|yaz|k[ıi][şs]|(?:ilk|son)bahar)"
                    r"[ \t]{1,3}(?:(?:de|d['’])[ \t]{1,3})?(?P<sy4>(?:19|20)\d\d)\b",
                    re.IGNORECASE)
# "Research Intern · Summer '11": the same with a short year
SEASON_SHORT = re.compile(r"\b(?:spring|summer|fall|autumn|winter)[ \t]{1,3}['’](?P<sy2>\d\d)\b", re.IGNORECASE)
# "QA Tester (2017, contract)", "Research Intern (2019)": a role held within one year, the year in brackets at the end
# of the role's line (read as that year, as "2017 – 2017" is)
TITLE_YEAR = re.compile(r"(?<=\S)[ \t]{1,3}\([ \t]{0,2}(?P<sy4>(?:19|20)\d\d)"
                        r"(?:[ \t]{0,2}[,;][ \t]{0,2}[^()\d\n]{1,30})?[ \t]{0,2}\)"
                        # (or before what the job was: "Intern — Sembawang Data Services (2005): desktop support",
                        # that description taken into the match, so that it is read as no part of the entry)
                        r"(?:[ \t]{0,3}$|(?P<told>:[ \t]{1,3}\S[^\n]{0,300}$))")
# "Relief Teacher (casual) — Education Queensland — 2013": a role and its employer, then the one year it was held,
# last on the line after a dash or a bar
END_YEAR = re.compile(r"(?<=\S)[ \t]{1,3}[—–|·][ \t]{1,3}(?P<sy4>(?:19|20)\d\d)[ \t]{0,3}$")
# "Founding Engineer, later Detection Team Lead (2020)": the year of a promotion within a job dated elsewhere;
# "Administrator (2021)" under "CKA – Certified Kubernetes": a certificate's wrapped name
_TITLE_YEAR_NOT = re.compile(r"\b(?:later|then|promoted|since|from|certified|certificate)\b", re.IGNORECASE)
# "2015 (6 mnd)", "2010 (6 mois)", "2017 (9 meses)": a job within one year, told by its length (read as that year, as
# "2017 – 2017" is)
YEAR_FOR = re.compile(r"(?<![\d/.-])(?P<sy4>(?:19|20)\d\d)[ \t]{0,2}\([ \t]{0,2}\d{1,2}[ \t]{0,2}"
                      r"(?:months?|mos?|mths?|mois|meses|mnd|maanden|monate?|mesi|miesi\w{0,4}|ay|månader|måneder)"
                      r"\.?[ \t]{0,2}\)", re.IGNORECASE)
# "Aug 2024 (4 weeks)": a summer training of a few weeks, within one month (as "Aug 2024 – Aug 2024")
WEEKS = re.compile(rf"(?<![\w/.-])(?P<wm>{_MONTH})\.?[ \t]{{1,2}}(?P<wy>(?:19|20)\d\d)[ \t]{{0,2}}\([ \t]{{0,2}}"
                   r"(?P<wn>\d{1,2})[ \t]{0,2}"
                   r"(?:weeks?|wks?|semanas?|semaines?|wochen|settimane|weken|tygodni[ea]?|hafta)\.?[ \t]{0,2}\)",
                   re.IGNORECASE)
# "Trujillo · 2015": a town and one year, nothing else on the line (whether the first is a town is asked of the
# gazetteer); the match is the year, so that the town is what stands beside the dates
PLACE_YEAR = re.compile(r"^[ \t]{0,4}(?P<place>[^\d\s·|][^\d·|\n]{1,40}?)[ \t]{0,2}[·|][ \t]{0,2}(?P<sy4>(?:19|20)\d\d)"
                        r"[ \t]{0,4}$")
_AN_EVENT = re.compile(r"\b(?:promot\w{0,4}|of[ \t]the[ \t](?:quarter|month|year))\b", re.IGNORECASE)
# "2015 | Summer Research Intern — …": one year in the first cell of a job's line (whether a role follows is asked)
YEAR_CELL = re.compile(r"^[ \t]{0,4}(?P<sy4>(?:19|20)\d\d)(?=[ \t]{0,2}\|[ \t]{0,2}\S)")
_IN_A_SENTENCE = re.compile(r"\b(?:in|during|by|of)[ \t]{1,3}$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ANY_DIGITS = re.compile(r"\d\d")
# "\b(\d{1,2})" written digit first, "(\d(?<!\w\d)\d?)": the same matches (a digit with no word character before it,
# then one more digit if there is one), but the pattern now starts with a digit, so the regex engine skips to the digits
# of the text instead of trying the pattern at every character.
_CLAIMED_YEARS = re.compile(
    r"(\d(?<!\w\d)\d?)(?:\.\d)?[ \t]{0,2}\+?[ \t]{0,2}(?:years|yrs)\.?[ \t]{1,3}(?:of[ \t]{1,3})?"
    r"(?:(?:professional|industry|hands-on|commercial|software|relevant|work)[ \t]{1,3})?(?:experience|exp)\b",
    re.IGNORECASE)

_COOP_AFTER = ("engineering", "machine learning", "developer", "development", "automation", "analyst", "analytics",
               "science", "software", "helpdesk", "support", "desk", "network", "systems", "firmware", "hardware",
               "qa", "test", "testing", "it", "web", "data", "research", "design", "product", "security", "devops",
               "mobile", "frontend", "backend", "intern", "student")
# the role word first, then what must stand before it (a lookbehind first would be tried at every position of a line)
_COOP = "".join(f"{coop}(?:" + "|".join(f"(?<={word} {coop})" for word in _COOP_AFTER) + ")|"
                for coop in ("co-op", "coop"))
# Chinese, Japanese and Korean role words: "Java开发工程师", "SREエンジニア", "iOS 개발 리드", "课程助教"
_CJK_ROLES = (r"(?:工程师|经理|总监|主管|负责人|架构师|实习生|主程|分析师|科学家|设计师|程序员|专员|研究员|助教|助理"
              r"|分拣员|操作员|技术员|技術員|補助員|エンジニア|サイエンティスト|アシスタント|担当|補佐員|顧問|プログラマ|マネージャ"
              r"|リーダー|リード|アーキテクト|インターン|コンサルタント|デザイナ|アナリスト|課長|部長|係長|主任|技師|技师"
              r"|技術者|スタッフ|講師|엔지니어|개발자|리드|팀장|매니저|인턴|연구원|디자이너|분석가)")
# (behind a check that two word characters follow, so that a position no role word can start at is left at once)
TITLE_WORDS = re.compile(
    r"(?=\w\w)(?:\b(engineer|developer|programmer|architect|manager|lead|director|analyst|scientist|consultant|designer|"
    r"administrator|admin|intern|internship|cto|cio|vp|specialist|tester|sre|devops|founder|co-founder|leader|"
    # "Head of Engineering"; "Head, IT Infrastructure", "Deputy Head – Network Operations", "Department Head" (not
    # "Head Office", "Head Start", "Diamond Head Consultants": a bare "Head" before a comma, a dash or the end only)
    r"head[ \t]{1,3}of|head(?=[ \t]{0,3}[,–—\x06(-]|[ \t]{0,3}$)|"  # (\x06: an en dash kept inside a role)
    # "Head Gardener", "Head Baker" opening the line (not "Head Start", "Head Office", "Head Hunters International")
    r"(?<![\w.&] )(?<!\w)head(?=[ \t]{1,3}(?!start\b|offices?\b|over\b|quarters\b|hunters?\b|first\b)[a-z])|"
    r"officer|researcher|technician|coordinator|principal|owner|assistant(?:e)?|student|trainee|apprentice|librarian|"
    r"contractor|freelancer|freelance|teacher|lecturer|professor|instructor|tutor|fellow|postdoc|candidate|"
    r"associate|executive|representative|accountant|editor|writer|operator|supervisor|advisor|adviser|auditor|"
    r"strategist|planner|nurse|clerk|statistician|bioinformatician|economist|mathematician|physicist|"
    r"scrum master|staff|support|volunteer|evangelist|developer advocate|maintainer|aide|sdet|ambassador|responder|"
    r"crew|attendant|faculty(?<=\w faculty)(?![ \t]{1,3}of\b)|controller|author|surveyor|president|personnel|teller|"
    r"sergeant|scholar|aushilfe|sde|swe|(?:audit|tax|assurance|advisory)[ \t]senior|"
    # "Automaticien de tests", "Soldado de transmisiones", "Technik Helpdesk" (Polish), "Subject Head, ICT",
    # "Second in Department"
    r"automaticien(?:ne)?|soldado|sargento|subject[ \t]head"
    r"|technik(?=[ \t]{1,3}(?:helpdesk|it|informatyk|serwis\w{0,3}|sieci|wsparcia|utrzymania)\b)"
    r"|second[ \t]in[ \t](?:department|charge)|"
    # Vietnamese: "Lập trình viên", "Thực tập sinh", "Kỹ sư", "Chuyên viên", "Trưởng nhóm"
    r"lập[ \t]trình[ \t]viên|thực[ \t]tập[ \t]sinh|kỹ[ \t]sư|chuyên[ \t]viên|trưởng[ \t]nhóm|"
    # "Software Engineering Co-op", "QA Automation Co-op" (not "Lumen Learning Co-op", a cooperative)
    + _COOP +
    # "Industrial Attachment – ICT", "IT Attachment": a student's placement, named so (Kenya)
    r"(?-i:(?<=Industrial[ \t])Attachment|(?<=ICT[ \t])Attachment|(?<=IT[ \t])Attachment)|"
    r"member|attach(?:ee|[ée]e?)|dba|docent|leraar|lehrer(?:in)?|professeur|profesor(?:a)?|professora|"
    r"stage(?=[ \t]{1,3}(?:de|d['’]|en|chez|ing[ée]nieur|technicien)\b)|"
    r"practicante|auxiliar|(?-i:L[íi]der)(?:a)?|sta[żz]yst(?:a|ka)|geli[şs]tirici|m[üu]hendisi?|"
    r"uzman[ıi]?|stajyer(?:i)?|"
    r"y[öo]netici(?:si)?|assistent|assistente|asistente|asystent|doradca|konsultant(?:ka)?|wdro[żz]eniowiec|"
    # "Part-time Trainer", "PHP Bootcamp Mentor", "Ayudante de cátedra", "Comptable unique", "Professeure particulière",
    # "Vakkenvuller", "RSSI Groupe", "Data Analytics Learner"
    # (not "Mentor Graphics", an employer)
    r"trainer|mentor(?![ \t]{1,3}(?-i:[A-Z])|,)|learner(?![ \t]{1,3}(?-i:[A-Z]))|ayudante"
    r"|comptable(?![ \t]{1,3}(?-i:[A-Z]))|professeure|vakkenvuller|rssi|"
    # "Assegnista di ricerca", "Servicekraft", "Atendente", "Équipière", "Warehouse Operative", "Contador", "Arquiteto"
    r"assegnista|servicekraft|atendente|[ée]quipi[eè]re?|(?<!co-)operative(?![ \t]{1,3}(?-i:[A-Z]))|contador(?:a)?"
    r"|arquitet[oa]|"
    r"chef|cook|barista|bartender|cashier|receptionist|waiter|waitress|paralegal|pharmacist|"
    # "Apprentice Electrician", "Casual Storeperson", "Aerospace Maintenance Craftsman", "Animateur périscolaire",
    # "Bezorger" (Dutch), "Camarera" (Spanish), "Lifeguard"
    r"electrician|storeperson|storeman|craftsman|animat(?:eur|rice)|bezorger|camarer[oa]|lifeguard|"
    # "Lab Demonstrator", "Repartidor autónomo", "Cameriera (lavoro stagionale)", "Magazynier", "Asesora de Ventas",
    # "Data Annotator", "Alumno en prácticas FCT", "Voluntária de ensino", "Mitglied des Beirats", "Teamlead Platform
    # Engineering"
    r"demonstrator|repartidor(?:a)?|camerier[ea]|magazynier(?:ka)?|asesor(?:a)?|annotator|"
    r"alumn[oa][ \t]en[ \t]pr[áa]cticas|volunt[áa]ri[oa]|mitglied|teamlead|"
    # "Internee" (Pakistan), "Pegawai Teknologi Maklumat" (Malay: officer), "Cheffe de division" (French)
    r"internee|pegawai|cheffe|"
    # "Vendeuse", "Vendedor", "Recepcionista", "Mesera", "Jefa de Turno", "Data Encoder"
    r"vendeu(?:r|se)|vendedor(?:a)?|recepcionista|meser[oa]|encoder|"
    r"administrador(?:a)?|estagi[áa]ri[oa]|pasante|becari[oa]|"
    # the same roles as Spanish, Portuguese, French and Italian resumes name them
    r"desarrollador(?:a)?|ingenier[oa]|analista|desenvolvedor(?:a)?|engenheir[oa]|gerente|jef[ae]|programador(?:a)?|"
    r"cientista|sviluppatrice|programmatrice|test(?:eur|euse)|"
    r"consultor(?:a)?|arquitect[oa]|d[ée]veloppeu(?:r|se)|ing[ée]nieur(?:e)?|stagiaire|chef de projet|sviluppatore|"
    r"administrat(?:eur|rice)|consultante|analyste|technicien(?:ne)?|alternant(?:e)?|charg[ée]e? d(?:e|['’])|"
    r"responsable|architecte|sp[ée]cialiste|conseill(?:er|[eè]re)|gestionnaire|"
    # (not "Escola Técnica Horizonte", a school)
    r"(?<!escola )(?<!escuela )(?<!scuola )t[ée]cnic[oa]|especialista|coordinador(?:a)?|coordenador(?:a)?|"
    r"ingegnere|programmatore|stagista|consulente|"
    r"tecnico|sistemista|maquetador(?:a)?|dise[ñn]ador(?:a)?|redactor(?:a)?|directeur|directrice|directora|"
    r"pr[áa]cticas(?=[ \t]{1,3}(?:de|en)\b)|dependient[ae]|monitor(?:a)?(?=[ \t]{1,3}d[aeo]\b)|"
    r"diretor(?:a)?|"
    # Dutch and Polish: "Data Analist", "Junior Onderzoeker", "Programista", "Praktykant IT"
    r"analist|onderzoeker|ontwikkelaar|beheerder|medewerker|stagiair|adviseur|programmeu(?:r|se)|teamleider|"
    r"programist(?:a|ka)|praktykant(?:ka)?|analityk|kierownik|in[żz]ynier|specjalist(?:a|ka)|tester(?:ka)?|"
    r"kelner(?:ka)?|wolontariusz(?:ka)?|lehrbeauftragter?|juniorprofessor(?:in)?|"
    # Czech, Slovak and Romanian: "Junior výzkumný programátor", "Vývojářka", "Inginer software"
    r"program[áa]tor(?:ka)?|v[ýy]voj[áa][řr](?:ka)?|in[žz]en[ýy]r(?:ka)?|spr[áa]vce|dezvoltator|inginer|"
    r"soporte|suporte|monitor(?:a)?(?=[ \t]{1,3}acad[ée]mic)|operatore|operatrice|merchandiser|bolsista|bolseir[oa]"
    r"|afstudeerstage|meewerkstage|afstudeerstagiair|(?:student)?assistent(?:e|in)?"  # "Studentassistent"
    r"|cient[íi]fic[oa](?=[ \t]{1,3}de[ \t]datos)|usher"
    r"|pr[áa]ctica[ \t]profesional|biostatistician|investigador(?:a)?|chercheu(?:r|se)|modell?er|journeyman|agent"
    r"|auszubildende[rn]?|azubi|soldier|conscript|serviceman|servicewoman|airman|tirocinante"
    # doctoral and postdoctoral posts as French, German, Spanish, Portuguese and Dutch CVs name them
    r"|(?:post-?)?doctorant(?:e)?|doktorand(?:in)?|doctorand[oa]|doutorand[oa]|promovendus|enseignant(?:e)?"
    r"|ma[iî]tre[ \t]de[ \t]conf[ée]rences"
    # Turkish roles with their suffix: "Kıdemli Gameplay Programcısı", "Power BI Danışmanı"
    r"|programc[ıi](?:s[ıi])?|dan[ıi][şs]man[ıi]?|bilimci(?:si)?)\b"
    r"|fachinformatiker(?:in)?\b"
    # German compounds end in the role: "Softwareentwickler", "Werkstudent", "Projektleiterin"
    r"|(?:entwickler|ingenieur|berater|leiter|werkstudent|praktikant|architekt|administrator|tester|hilfskraft"
    r"|mitarbeiter|techniker)(?:in|innen)?\b"
    # and Swedish ones: "Systemutvecklare", "Mjukvaruingenjör"
    r"|(?:utvecklare|ingenjör|konsult|tekniker|analytiker|arkitekt|praktikant|udvikler|utvikler|ingeniør)\b"
    # and Dutch ones written as one word: "Webdeveloper", "Softwareontwikkelaar"
    r"|(?<=[a-z])(?:developer|ontwikkelaar|beheerder|medewerker)\b|\bsysadmin\b"
    r"|\bpraktikum\b"
    # Chinese, Japanese and Korean roles end in the role word, with no space before it:
    # "Java开发工程师", "SREエンジニア", "iOS 개발 리드"
    # (behind one check of the script, so that other text tries none of them)
    r"|(?=[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af])" + _CJK_ROLES + ")", re.IGNORECASE)
_PART_SPLIT = re.compile(r"[ \t]{1,5}(?:at|@|presso|bei|chez|bij|hos)[ \t]{1,5}|[ \t]{0,5}[|·•:()][ \t]{0,5}"
                         r"|[ \t]{1,5}[-–—][ \t]{1,5}|[ \t]{1,5}[–—]|[–—][ \t]{1,5}|—|(?<![^\W\d_])–|–(?![^\W\d_])"
                         r"|,[ \t]{1,5}")
# (an en dash between two letters joins a name: "CSIR–Centre for Cellular and Molecular Biology", "University of
# Wisconsin–Eau Claire"; an em dash with no spaces still separates, as US typography writes it: "Acme Corp—London")
_STRIP = " -–—:|,()[]\t·•【】◆◇■□●○▶▷★☆"
_STRIP_BUT_BRACKETS = _STRIP.replace("(", "").replace(")", "").replace("[", "").replace("]", "")


# "2020年7月~現在 | 【職種】SREエンジニア": a role's label in lenticular brackets, before the role
_ROLE_LABELS = frozenset({"職種", "役職", "职位", "职务", "岗位", "ポジション"})


def _strip(text: str) -> str:
    """`text` without the separators around it, but with a closing bracket whose opening one it keeps: "Guest
    Lecturer (part-time)" stays whole."""
    out = text.strip(_STRIP)
    if "】" in out[:8]:
        label, _, role = out.partition("】")
        out = role.strip(_STRIP) if label in _ROLE_LABELS else out
    if out[1:2] == ")" and out[0] in _BRACKETED_FORMS and text.lstrip(_STRIP_BUT_BRACKETS)[:3] == f"({out[0]})":
        return f"({out}"  # "(주)한빛페이", "(株)ミライ": a legal form in brackets opens the name
    if text.rstrip(_STRIP_BUT_BRACKETS).endswith(")") and out.count("(") > out.count(")"):
        out += ")"
    elif text.rstrip(_STRIP_BUT_BRACKETS).endswith("]") and out.count("[") > out.count("]"):
        out += "]"  # "Highveld Retail Group [FreshBasket]": a brand in square brackets
    return out
# a sign that opens a line as a bullet does, over a line that describes (a lower-case word among its first, or Chinese
# or Japanese text), not over a name or a role ("· 冷启动耗时降低60%", "· Führung von 3 Teams"; not "◆ Marketing
# Director", "● Head of Engineering", "■ Initech Ltd")
_SIGN_BULLET = (r"[·●■◆►➤✓✔][ \t]{1,3}(?=(?:\S{1,30}[ \t]{1,3}){0,5}"
                r"(?!(?:of|and|the|for|at|in|on|de|du|des|la|le|el|di|da|do|y|e|et)[ \t])(?-i:[a-zäöüßéèàçñ])"
                r"|[\u3040-\u30ff\u4e00-\u9fff])")
# "・" is a Japanese resume's bullet; "o " a typed one
_BULLET = re.compile(r"^(?:[-*•▪◦‣・]|o[ \t](?=[A-Z])|" + _SIGN_BULLET + ")")


# The rules ask the same question of the same line many times (on the tuning resumes, `_is_title` 3.4 times per
# distinct part, `_parts` 2.4 times, `find_date_range` 1.3 times): the answers of those pure functions for short texts
# are kept until `find_positions` starts on the next resume. Bounded: at most _MEMO_ENTRIES answers each, about texts
# of at most _MEMO_TEXT characters (a longer text is a description, asked about rarely).
_MEMO_TEXT = 400
_MEMO_ENTRIES = 4096
_MEMOS: list[dict] = []


def _remembered(function):
    answers: dict = {}
    _MEMOS.append(answers)

    @functools.wraps(function)
    def remember(text: str, *args):
        if len(text) > _MEMO_TEXT:
            return function(text, *args)
        key = (text, *args)
        try:
            return answers[key]
        except KeyError:
            pass
        if len(answers) >= _MEMO_ENTRIES:
            answers.clear()
        answer = answers[key] = function(text, *args)
        return answer

    return remember


def _forget_answers() -> None:
    for answers in _MEMOS:
        answers.clear()


@dataclass(frozen=True)
class DateRange:
    start: tuple[int, int]  # (year, month)
    end: tuple[int, int]
    current: bool
    start_precision: str = "month"   # "month" or "year": how the resume wrote the start
    end_precision: str = "month"

    @property
    def months(self) -> int:
        return max(0, (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1])


_SEASON_MONTHS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12,
                  # "Verão 2000", "verano de 2019", "été 2018", "Sommer 2017" (a northern hemisphere's seasons)
                  "verão": 6, "verao": 6, "inverno": 12, "primavera": 3, "outono": 9, "verano": 6, "invierno": 12,
                  "otoño": 9, "otono": 9, "été": 6, "ete": 6, "hiver": 12, "printemps": 3, "automne": 9,
                  "sommer": 6, "frühling": 3, "fruhling": 3, "herbst": 9, "lato": 6, "zomer": 6,
                  # "Yaz 2016": a Turkish summer
                  "yaz": 6, "kış": 12, "kis": 12, "ilkbahar": 3, "sonbahar": 9}


def _month_number(month: str) -> int:
    return _month_or_none(month) or 1


def _month_or_none(month: str) -> int | None:
    """The month a word names, None for a word that names none ("joined")."""
    name = month.lower().rstrip(".")
    found = _MONTHS.get(name) or _MONTHS.get(name[:3])
    if found is None:  # "NİS" lowers to "ni̇s", "Eté" to "eté": read without the marks
        bare = _without_marks(name)
        found = _MONTHS.get(bare) or _MONTHS.get(bare[:3])
    return found


def _without_marks(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _season_month(word: str) -> int:
    name = word.lower()
    return _SEASON_MONTHS.get(name) or _SEASON_MONTHS.get(_without_marks(name), 6)


def _two_digits(year: str) -> int:
    """A year written in two digits: this century up to '40, the last one after."""
    return 2000 + int(year) if int(year) <= 40 else 1900 + int(year)


def _read_point(match: re.Match, p: str) -> tuple[int, int | None]:
    if match.group(f"{p}y7"):  # "Q3 2021": a start is the quarter's first month, an end its last
        quarter = int(match.group(f"{p}q")[1])
        return int(match.group(f"{p}y7")), quarter * 3 - (2 if p == "s" else 0)
    if match.group(f"{p}y6"):  # "Fall 2019": the season's first month
        return int(match.group(f"{p}y6")), _season_month(match.group(f"{p}sea"))
    if match.group(f"{p}y5"):  # "Jan '20": a two-digit year, this century up to '40
        return _two_digits(match.group(f"{p}y5")), _month_number(match.group(f"{p}m3"))
    for year_group, month_group in ((f"{p}y1", f"{p}m"), (f"{p}y2", f"{p}n"), (f"{p}y3", f"{p}n2"),
                                    (f"{p}y8", f"{p}m8"), (f"{p}y4", None)):
        if match.group(year_group):
            month = match.group(month_group) if month_group else None
            if month is None:
                return int(match.group(year_group)), None
            number = _month_number(month) if month[0].isalpha() else int(month)
            return int(match.group(year_group)), number
    raise ValueError("no date in match")  # pragma: no cover - the pattern always sets one year group


def _build_range(start: tuple[int, int | None], end: tuple[int, int | None] | None,
                 today: date) -> DateRange | None:
    start_year, start_month = start
    now = (today.year, today.month)
    if end is None:
        end_point, current, end_precision = now, True, "month"
    else:
        end_year, end_month = end
        end_precision = "month" if end_month else "year"
        # "2016 - 2019" counts from January to January; "Mar 2017 - 2019" ends in December.
        end_point = (end_year, end_month or (start_month and 12) or 1)
        current = False
        end_point = min(end_point, now)
    begin = (start_year, start_month or 1)
    if end_point < begin or start_year < 1950 or begin > now:
        return None
    return DateRange(start=begin, end=end_point, current=current,
                     start_precision="month" if start_month else "year", end_precision=end_precision)


def _patterns_for(text: str) -> tuple[re.Pattern, ...]:
    """MONTH_SPAN and SEASON need a four-digit year, SHORT one or a short year written "'20" or "03/19": a line with
    neither (most lines of a resume) is not scanned by them."""
    if _YEAR.search(text):
        return (DATE_RANGE, MONTH_SPAN, SHORT, SINCE, SEASON, OPEN, YEAR_FOR, WEEKS, PLACE_YEAR, YEAR_CELL, TITLE_YEAR,
                END_YEAR)
    if "'" in text or "’" in text:
        return DATE_RANGE, SHORT, SINCE, OPEN, SEASON_SHORT
    if "/" in text:
        return DATE_RANGE, SHORT, SINCE, OPEN
    return DATE_RANGE, SINCE, OPEN


def find_date_range(text: str, *, today: date | None = None) -> tuple[DateRange, re.Match] | None:
    """The first date range in a line ("Jan 2020 – Present", "Since 2019"...) and where it is."""
    if not _ANY_DIGITS.search(text):
        return None
    return _first_date_range(text, today or date.today())


@_remembered
def _first_date_range(text: str, today: date) -> tuple[DateRange, re.Match] | None:
    for pattern in _patterns_for(text):
        for match in pattern.finditer(text):
            if pattern is OPEN and not _opens_a_role(text, match):
                continue  # "2019 – early 2021", "2021 – Promoted to Senior Engineer": no job still held
            found = _range_of(match, pattern, today)
            if found:
                return found, match
    return None


def _range_of(match: re.Match, pattern: re.Pattern, today: date) -> DateRange | None:
    """The range one pattern's match tells, None where it tells none."""
    if pattern is MONTH_SPAN or pattern is SHORT:
        return _short_range(match, pattern, today)
    if pattern is WEEKS:
        return _weeks_from(match, today)
    if pattern in (SEASON, SEASON_SHORT, YEAR_FOR, PLACE_YEAR, YEAR_CELL, TITLE_YEAR, END_YEAR):
        return _within_a_year(match, pattern, today)
    start = _read_point(match, "s")
    end = None if pattern in (SINCE, OPEN) or match.group("now") else _read_point(match, "e")
    return _build_range(start, end, today)


_MONTH_CELL = re.compile(rf"[ \t]{{0,2}}\|[ \t]{{0,2}}(?:\d{{1,2}}[ \t]{{0,2}}[月월]?|{_MONTH}\.?)[ \t]{{0,2}}\|",
                         re.IGNORECASE)


def _weeks_from(match: re.Match, today: date) -> DateRange | None:
    """"Aug 2024 (4 weeks)" alone, after a bar or a dot, or after a role ("Summer Intern, Siemens AG, Aug 2024 (4
    weeks)"): the months the weeks ran from that month ("(12 weeks)" three); not "Onboarding at Seattle HQ, Feb 2019 (2
    weeks)", a sentence's month; nor a month deep in a long line, a description (each match would read the line
    before it again: quadratic on one line of thousands of such months)."""
    if match.start() > _ENTRY_REACH:
        return None
    before = match.string[:match.start()].rstrip(" \t,–—-")
    parts = _parts(before) if before and before[-1] not in "|·" else []
    if parts and not _is_title(parts[0]):
        return None
    year, month = int(match.group("wy")), _month_number(match.group("wm"))
    last = year * 12 + month - 1 + max(0, round(min(int(match.group("wn")), 52) / 4.35) - 1)
    return _build_range((year, month), (last // 12, last % 12 + 1), today)


def _title_year(match: re.Match, year: int, today: date) -> DateRange | None:
    """"QA Tester (2017, contract)": not "Acme Corp (2017)", "Hackathon winner (2019)"; before a colon, only after a
    role and its employer ("Intern — Sembawang Data Services (2005): desktop support"; not "Data Engineer (2021):
    built pipelines for Acme", "Team Lead for the migration (2021): 5 engineers")."""
    before = match.string[:match.start()].strip()
    if match.group("told"):
        told = _parts(before)
        if not (len(told) == 2 and _role_and_employer(told) and not _prose(told[1])):
            return None
    return (_build_range((year, None), (year, None), today)
            if len(before.split()) > 1 and not _TITLE_YEAR_NOT.search(before) and _is_title(before)
            and not _NOT_A_JOB.search(before) and not _AN_EVENT.search(before) else None)


def _within_a_year(match: re.Match, pattern: re.Pattern, today: date) -> DateRange | None:
    """"Summer 2023" (its three months); "2015 (6 mnd)", "Trujillo · 2015" and "2015 | Research Intern — …" (the
    year, as "2015 – 2015")."""
    if pattern is SEASON_SHORT:  # "'11" is 2011, "'98" 1998: the century that does not put it after today
        year = 2000 + int(match.group("sy2"))
        year = year if year <= today.year else year - 100
    else:
        year = int(match.group("sy4"))
    if pattern is PLACE_YEAR:  # "Trujillo · 2015" under "Role — Employer": a job of that year
        return _build_range((year, None), (year, None), today) if is_place(match.group("place")) else None
    if pattern is YEAR_CELL:  # "2015 | Summer Research Intern — Wellcome Sanger Institute": a role of that year
        rest = match.string[match.end():]
        cells = _parts(rest)[:2]
        # (or its employer, then the role: "2015 | Banco Patativa S.A. | Estagiário de TI — relatórios em Excel"; not
        # the rirekisho's "2023 | 6 | Joined Kumo Robotics Inc. as …": a month's number, then what happened)
        role = next((cell for cell in cells if _is_title(cell)), None) if not _MONTH_CELL.match(rest) else None
        return (_build_range((year, None), (year, None), today) if role
                and not _NOT_A_JOB.search(role) and not _AN_EVENT.search(role) else None)
        # not "2018 | ISTQB Certified Tester", "2018 | Promoted to Senior Engineer"
    if pattern is END_YEAR:  # not "AWS Certified Developer — Associate — 2021", "Hackathon — 1st place — 2019"
        parts = _parts(match.string[:match.start()])
        return (_build_range((year, None), (year, None), today)
                if len(parts) == 2 and _is_title(parts[0]) and not _is_title(parts[1])
                and not _NOT_A_JOB.search(parts[0]) and not _AN_EVENT.search(parts[0]) else None)
    if pattern is TITLE_YEAR:
        return _title_year(match, year, today)
    if pattern is YEAR_FOR:
        before = match.string[:match.start()].rstrip()
        if before and before[-1] not in "|—–·•":  # "Migrated billing to AWS in 2015 (6 months)": a sentence's year
            return None
        return _build_range((year, None), (year, None), today)
    months = _SEASON_MONTHS_SPAN.match(match.string, match.end())
    # month names or their abbreviations, whole ("Sep–Dec"; not "Marketing – Junior Analyst program")
    first, last = ((_MONTHS.get(months.group(1).lower()), _MONTHS.get(months.group(2).lower())) if months
                   else (None, None))
    if first and last and first <= last:  # "Fall 2025 · Sep–Dec", "Winter 2025 (Jan–Apr)": the months the term ran
        return _build_range((year, first), (year, last), today)
    season = match.group(0).split()[0].lower()
    first = 1 if _season_month(season) == 12 else _season_month(season)
    return _build_range((year, first), (year, first + 2), today)


_SEASON_MONTHS_SPAN = re.compile(r"[ \t]{0,3}[·,(|:]?[ \t]{0,3}([A-Za-z]{3,9})\.?[ \t]{0,2}[–—-][ \t]{0,2}"
                                 r"([A-Za-z]{3,9})\b")


def _short_range(match: re.Match, pattern: re.Pattern, today: date) -> DateRange | None:
    if pattern is MONTH_SPAN:
        first = "" if match.group("y") else "2"
        year = int(match.group(f"y{first}"))
        return _build_range((year, _month_number(match.group(f"sm{first}"))),
                            (year, _month_number(match.group(f"em{first}"))), today)
    if match.group("sy2"):
        century, first, last = int(match.group("sc")) * 100, int(match.group("sy2")), int(match.group("ey2"))
        if not first < last <= today.year + 1 - century:  # "HSC – 2018 – 82%" is a mark, not a year
            return None
        return _build_range((century + first, None), (century + last, None), today)
    start = (_two_digits(match.group("sy")), int(match.group("sn")) if match.group("sn") else None)
    if match.group("now"):
        return _build_range(start, None, today)
    return _build_range(start, (_two_digits(match.group("ey")), int(match.group("en")) if match.group("en") else None),
                        today)


def total_months(ranges: list[DateRange]) -> int:
    """Months covered by the union of the ranges (overlapping jobs count once)."""
    spans = sorted((r.start[0] * 12 + r.start[1], r.end[0] * 12 + r.end[1]) for r in ranges)
    total, current_start, current_end = 0, None, None
    for start, end in spans:
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


# --- title and company --------------------------------------------------------------------------------------------
# "Senior .NET Developer (contract)", "Analyst (SOC L2)": a short note in brackets right after a role is part of it.
_QUALIFIER = re.compile(r"\(((?=[^)]{0,40}[A-Za-z])[A-Za-z0-9][\w .,+/&–'’*→-]{0,39})\)")
# The labels of a "Company : Infosys" / "Designation : Technology Lead" / "Duration : 2017 - 2021" block: what a value
# is, never a title or company itself.
_TITLE_LABELS = frozenset({"designation", "role", "position", "title", "job title", "job",
                           "役職", "職種", "职位", "职务", "岗位", "직급", "직책", "직위"})
_COMPANY_LABELS = frozenset({"company", "employer", "organisation", "organization", "company name", "firm"})
_OTHER_LABELS = frozenset({"duration", "period", "dates", "date", "client", "project", "location", "place", "city",
                           "tenure", "from", "to",
                           # "Earlier: Junior Developer, Sabre Polska (Jul 2013 – Aug 2014)": the older jobs in brief
                           "earlier", "previously", "before that", "prior", "early career", "earlier career",
                           "earlier roles", "earlier experience", "inicio de carreira", "início de carreira",
                           "früher", "auparavant",
                           # a consultant's assignment under the role: "Mission : Banque Rhodanienne — usine logicielle"
                           "mission", "missions", "assignment", "engagement", "projet", "proyecto", "projekt",
                           "cliente", "kunde", "client final",
                           "所属", "部署", "部门", "소속"})  # (the unit a role was in)
_LABELS = _TITLE_LABELS | _COMPANY_LABELS | _OTHER_LABELS
_FIELD_LINE = re.compile(r"[ \t]{0,4}([A-Za-z][A-Za-z ]{1,14}?)[ \t]{0,12}:[ \t]{0,12}(\S.{0,200})")


# What stands beside a job but is neither its role nor its employer: a duration ("2 yrs 4 mos"), how or where it was
# worked ("Remote", "part-time", "Presencial", "Teilzeit").
_NOTE = re.compile(
    r"(?:\d{1,2}[ \t]{0,2}(?:years?|yrs?|months?|mos?|lat[a]?|rok|miesi[ąa]c[ey]?|miesi[ęe]cy|jahre?|monate?|a[ñn]os?"
    r"|mes(?:es)?|anos?|ans?|mois|anni|mes[ei]|jaar|maand(?:en)?|y[ıi]l|ay)\.?[ \t]{0,2}){1,2}"
    r"|(?:remote|hybrid|on-?site(?![ \t]{1,3}consultant)|in office|full-?time|part-?time|permanent|temporary|temp"
    r"|casual|contract|"
    r"fixed[- ]term|teilzeit|vollzeit|remoto|presencial|h[íi]brido|modalidad|t[ée]l[ée]travail|"
    r"zdalnie|hybrydowo|bijbaan|nebenjob|side[ -]job|minijob|alternance|en[ \t]alternance|pr[áa]cticas|"
    r"est[áa]gio|contratto[ \t]a[ \t]progetto|tempo[ \t]parziale|medio[ \t]tiempo|meio[ \t]per[íi]odo|media[ \t]jornada"
    r"|temps[ \t]partiel|festanstellung|festangestellt)"
    r"(?:[ \t]{1,3}(?:role|position|work|working|contractor|consultant|freelancer|employee))?", re.IGNORECASE)


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&*-]{1,9}|haftungsbeschränkt|Pty|Pvt\.?|Private")
_PLACE_CODES = frozenset({"UK", "US", "USA", "UAE", "EU", "NL", "DE", "FR", "ES", "IT", "PL", "IN", "SG", "HK", "NZ",
                          "AU", "CA", "KSA", "NYC", "SF", "LA", "CH", "AT", "BE", "SE", "NO", "DK", "FI", "IE"})


_PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.txt"


@functools.cache
def _place_names_written() -> tuple[str, ...]:
    """Cities, countries and US states (resumes/data/places.txt), as the gazetteer writes them."""
    lines = _PLACES_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _place_names() -> frozenset[str]:
    """The gazetteer's names, lower case."""
    return frozenset(name.lower() for name in _place_names_written())


def is_place(text: str) -> bool:
    """"Lyon", "Seattle, WA", "Kraków, Poland": a place, by the gazetteer; not "Nectar", "Zoomr"."""
    if " / " in text:  # "Paris / Remote", "São Paulo / SP": every piece a place ("Bosch / Stuttgart" is not)
        return all(_place_piece(piece.strip()) for piece in text.split(" / ")[:4])
    pieces = [piece.strip().lower() for piece in text.split(",")[:3]]
    if any(piece in _place_names() or piece in _WORK_MODES for piece in pieces):
        return True
    town, _, state = text.split(",")[0].strip().rpartition(" ")
    if (state.isupper() and state.lower() in _STATE_CODES and not _LEGAL_FORM.fullmatch(state)
            and town.lower() in _place_names()):
        return True  # "Melbourne VIC", "Austin TX": a town and its state's code, no comma between (not "Orange SA")
    words = pieces[0].split()
    # "Hsinchu Science Park", "Dubai Silicon Oasis HQ": a place and what part of it
    return 1 < len(words) <= 4 and words[-1] in _PLACE_PARTS and (
        words[0] in _place_names() or " ".join(words[:2]) in _place_names())


def _place_piece(piece: str) -> bool:
    """A place, a state's code ("SP", "NSW") or a way of working ("Remote-first", "Hybrid (3 days)")."""
    first = piece.split(None, 1)[0].lower().rstrip(",") if piece else ""
    return (is_place(piece) or (piece.isupper() and 2 <= len(piece) <= 3)
            or first.split("-")[0] in _WORK_MODES)


_IRISH_COUNTIES = frozenset({"antrim", "armagh", "carlow", "cavan", "clare", "cork", "derry", "donegal", "down",
                             "dublin", "fermanagh", "galway", "kerry", "kildare", "kilkenny", "laois", "leitrim",
                             "limerick", "londonderry", "longford", "louth", "mayo", "meath", "monaghan", "offaly",
                             "roscommon", "sligo", "tipperary", "tyrone", "waterford", "westmeath", "wexford",
                             "wicklow"})
_STATE_CODES = frozenset({"vic", "nsw", "qld", "wa", "sa", "tas", "act", "nt", "tx", "ca", "ny", "ma", "il",
                          "ga", "nc", "va", "md", "co", "fl", "oh", "pa", "nj", "mn", "or", "az", "ut", "mi", "on",
                          "bc", "ab", "qc"})
_WORK_MODES = frozenset({"remote", "remoto", "hybrid", "on-site", "onsite", "head office", "hq", "headquarters",
                         "à distance", "a distancia", "télétravail", "teletrabajo"})
_PLACE_PARTS = frozenset({"park", "district", "city", "area", "region", "campus", "office", "hq", "county", "province",
                          "state", "metro", "zone"})


# A brand or trading name in brackets after an employer: "Sainsbury's (Nectar)", "Straits Mobility Pte. Ltd.
# (Zoomr)", "Northstar Creative Ltd (t/a Bluefin Digital)" (kept as written); not a place ("Médialis SAS (Lyon)"), a
# note ("(remote)", "(formerly Kinvara Software)", "(client: HDFC Bank)") or a description ("(food delivery app)")
_BRAND = re.compile(r"(?:t/a|trading[ \t]as)[ \t].{2,40}"
                    r"|(?-i:[A-Z])[\w&'’.-]{1,24}(?:[ \t](?-i:[A-Z])[\w&'’.-]{1,24}){0,2}", re.IGNORECASE)
_NOT_BRAND = re.compile(r"(?:formerly|now|ex|previously|acquired|client|via|through|part|a[ \t]division|fintech"
                        r"|start-?up|scale-?up|saas|b2b|b2c|agency|consultancy|non-?profit|ngo|government|public"
                        r"|e-?commerce|edtech|healthtech|insurtech|proptech|series)\b|\D{0,40}\d", re.IGNORECASE)


# "Stadtwerke Bergheim GmbH (Energie)", "Meridian Retail Group (Handel)": the employer's industry, not a brand
_INDUSTRY = re.compile(r"insurance|versicherung(?:en)?|energie|energy|handel|retail|automotive|pharma|banking"
                       r"|telecoms?|telco|logisti(?:cs|k)|healthcare|media|gaming|manufacturing|consulting|beratung"
                       r"|public[ \t]sector|education|finance|finanzen|industrie|industry|travel|tourism|hospitality"
                       r"|fmcg|real[ \t]estate"
                       r"|construction|aerospace|defen[cs]e|chemicals?|chemie|mining|utilities|transport|e-?commerce"
                       r"|maschinenbau|[öo]ffentlicher[ \t]dienst|gesundheitswesen|einzelhandel|gro[ßs]handel"
                       r"|(?:[\w-]{2,20}[ \t])?(?:sector|industry|branche)", re.IGNORECASE)


def _initials_of(note: str, before: list[str]) -> bool:
    """"Attachée temporaire d'enseignement et de recherche (ATER)", "Technical Account Manager (TAM)": the acronym of
    the words right before it (their initials, connectors left out) belongs to them."""
    if "/" in note:  # "Organización Panamericana de la Salud (OPS/OMS)": the name's initials, then its parent's
        note = note.split("/", 1)[0]
    if not 2 <= len(note) <= 8 or not note.isalpha() or not note.isupper():
        return False
    words = [word.split("'")[-1].split("’")[-1] for word in before if word.lower() not in _ROMANCE_CONNECTORS
             and word.lower() not in ("of", "and", "for", "the", "&", "und", "für", "der", "la", "las", "los", "y")]
    initials = "".join(word[:1] for word in words[-len(note):]).upper()
    return len(words) >= len(note) and initials == note


def _brand(note: str, before: list[str]) -> bool:
    return (bool(_BRAND.fullmatch(note)) and not _NOT_BRAND.match(note) and not _NOTE.fullmatch(note)
            and not _INDUSTRY.fullmatch(note)
            and not is_place(note) and not _is_title(note) and before[-1][:1].isupper()
            and not _is_title(before[-1]))


_CONTRACT_NOTE = re.compile(r"(?:contract|contrato|contrat|vertrag|freelance|part-time|temporary|temporal|interim"
                            r"|fixed-term|cdd|cdi)\b", re.IGNORECASE)


_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
_LATIN_NAME = re.compile(r"[A-Z][\w&.'-]{0,30}(?:[ \t][A-Z][\w&.'-]{0,30}){0,4}")


def _romanised(note: str, before: str) -> bool:
    """"(주)하늘페이 (Haneul Pay Inc.)", "넥스트스텝 소프트 (NextStep Soft)": an employer's name in Latin letters after
    its name in Korean, Japanese or Chinese is part of it."""
    return bool(_CJK.search(before)) and bool(_LATIN_NAME.fullmatch(note)) and not is_place(note)


_CELL_MARKS = ("|", "·", "•", "—", "–", "@", ", ")


def _terms_of_the_role(note: str, match: re.Match) -> bool:
    """"Técnica de Reporting (prácticas)", "Course Lecturer (part-time)": on what terms the role was held, right after
    the role (on the tuning part the labels keep such a note after a role 107 times, drop it 3 times)."""
    if not (_NOTE.fullmatch(note) or _EMPLOYMENT_TYPE.fullmatch(note) or _TRAINEE.fullmatch(note)) or (
            note.lower() == "bijbaan"):  # a student's side job: the one such note the labels drop more than keep
        return False
    before = match.string[max(0, match.start() - 80):match.start()]
    cell = before[max(before.rfind(mark) + len(mark) if mark in before else 0 for mark in _CELL_MARKS):]
    return _is_title(cell) and not _legal_name(cell.strip())


# What kind of firm the employer is, not its name: "Sopra Numérique (ESN)", "Cyberwall Asia Pte Ltd (MSSP)",
# "Clifton Contact Solutions (BPO)" (the tuning labels drop such a note 17 times, keep it once)
_FIRM_KINDS = frozenset({"ESN", "SSII", "MSSP", "MSP", "BPO", "KPO", "NGO", "NPO", "INGO", "MNC", "PSU", "EURL", "SASU",
                         "ONG", "NBFC"})  # not "SME": "Oracle DBA (SME)" is a subject-matter expert


# "Verhoeven Software (own company)", "(sole trader)": how the employer stood to the candidate, not its name
_OWN_FIRM = re.compile(r"(?:my[ \t])?own[ \t](?:company|business|firm|consultancy|limited company|ltd|corporation)"
                       r"|my[ \t]company"
                       r"|sole[ \t](?:trader|proprietor(?:ship)?)|ltd[ \t]company[ \t]contractor",
                       re.IGNORECASE)


# "Upwork (Top Rated)", "Fiverr (Level 2 Seller)": a marketplace's badge for the freelancer, not the employer's name
_BADGE = re.compile(r"top[ \t]rated(?:[ \t]plus)?|rising[ \t]talent|expert-?vetted"
                    r"|(?:level[ \t]\d|top(?:[ \t]rated)?)[ \t]seller|pro[ \t]verified", re.IGNORECASE)


# How a Brazilian, French or American employee was hired, in brackets after the employer: "(CLT)", "(PJ)", "(CDI)"
_REGIMES = frozenset({"CLT", "PJ", "CDI", "CDD", "W2", "W-2", "1099", "C2C"})


_AGENCY_NOTE = re.compile(r"(?:(?:contratad[oa]|contracted|hired|placed)[ \t]{1,3})?"
                          r"(?:via|vía|through|vermittelt|über|por[ \t]medio[ \t]de|tramite)[ \t]", re.IGNORECASE)


def _protect_note(match: re.Match) -> str:
    """A bracketed note right after a role word, kept whole through the split: "\x02contract\x03"; so is an
    acronym right after a name: "Groupe Altaïr Conseil (GAC)", "Kiezkaufhaus UG (haftungsbeschränkt)", and a parent
    company: "Lazada (Alibaba Group)", "MoMo (M_Service JSC)"."""
    note = match.group(1)
    if _OWN_FIRM.fullmatch(note) or _BADGE.fullmatch(note):
        return ""  # how the employer stood to the candidate: no part of the line's role or employer
    if note == "publ" and match.string[max(0, match.start() - 3):match.start()].rstrip() == "AB":
        return "\x02publ\x03"  # "Nordvik Bank AB (publ)": a Swedish public company's legal form, part of its name
    if _LEGAL_AFTER.match(match.string, match.end()) and match.start() and match.string[match.start() - 1] in " \t":
        # "Tencent Technology (Shenzhen) Co., Ltd.", "Equity Bank (Kenya) Limited": a legal form after the brackets
        # says they are inside the name
        return "\x02" + note.replace(",", "\x04").replace("–", "\x05") + "\x03"
    if (note.lower() in _WORK_MODES or _DESCRIPTOR.match(note) or _EMPLOYER_NOTE.match(note) or _AGENCY_NOTE.match(note)
            or note in _FIRM_KINDS):
        # "HNG Internship (Remote)": where, not what; "Yondu Inc. (formerly Nuvola Soft Inc.)", "(part of …)": what
        # the employer was or belongs to, not its name
        return match.group(0)
    before = match.string[max(0, match.start() - 40):match.start()].split()
    # the role word itself, or the role's head before one lower-case word of it ("Maquetadora web (prácticas)")
    # the role's last word, with the word before it where the role word needs one ("Computer Faculty")
    head = " ".join(before[-2:]) if before and before[-1].lower() == "faculty" else (before[-1] if before else "")
    if len(before) > 1 and (_RANK.fullmatch(before[-1]) or (before[-1].lower().strip(".") in _SENIORITY
                                                           and not _is_title(before[-1]))):
        head = before[-2]  # "Teacher II (Mathematics)", "Desarrollador Jr. (prácticas)": a rank after the role word
    role = before and (_is_title(head) or (len(before) > 1 and before[-1].isalpha() and before[-1].islower()
                                                 and _is_title(before[-2]))
                       # "Chargée de recherche (CRCN)": the role goes on after its "de"
                       or (len(before) > 2 and before[-1].isalpha() and before[-1].islower()
                           and before[-2] in _ROMANCE_CONNECTORS and _is_title(" ".join(before[-3:])))
                       # "Desarrollador Java (contrato por proyecto)": a contract note a word or two after the role
                       or (bool(_CONTRACT_NOTE.match(note)) and any(map(_is_title, before[-3:]))))
    if not role and note in _REGIMES and not any(map(_is_title, before[-3:])):
        return ""  # "Agência Pixelaria (CLT)": the terms the employer hired on, no part of its name
    parent = len(note.split()) > 1 and (_legal_name(note) or note.split()[-1] in ("Group", "Holdings"))
    if before and (role or (
            (parent or _ACRONYM.fullmatch(note)) and note not in _PLACE_CODES and before[-1][:1].isupper())
            or _brand(note, before) or _romanised(note, before[-1]) or _terms_of_the_role(note, match)
            or _initials_of(note, match.string[max(0, match.start() - 90):match.start()].split())):
        return "\x02" + note.replace(",", "\x04").replace("–", "\x05") + "\x03"
    return match.group(0)


# "Murata Manufacturing Co., Ltd.", "Acme, Inc.": the legal form after a comma is part of the company's name.
_LEGAL_FORMS = (r"ltd|inc|llc|llp|plc|corp|co|gmbh|ag|bv|b\.v|nv|n\.v|s\.?a|s\.?l|s\.?a\.?s|pfa|lda"
                r"|s\.?r\.?l|s\.?p\.?a|oy|ab|as|a/s|pty|pvt|limited|incorporated|k\.?k|sp\. z o\.o|ltda"
                r"|s\.?a\. de c\.?v|sarl|se|ug|kg|gbr|dac|cic|fz-llc|w\.?l\.?l|aps|asa|s\.c|pvt\. ltd|pty ltd"
                r"|corporation|company|s\.r\.o|spol\. s r\.o|a\.s|k\.s|v\.o\.s|sp\.j|sp\. j|sp\.k|sp\. k|s\.k\.a"
                r"|jsc|pjsc|ojsc")
_LEGAL_FORM = re.compile(rf"(?:{_LEGAL_FORMS})\.?", re.IGNORECASE)
_LEGAL_AFTER = re.compile(
    rf"[ \t]{{1,3}}(?=(?-i:[A-Z]))(?:{_LEGAL_FORMS})\.?(?:,?[ \t]{{1,3}}(?:{_LEGAL_FORMS})\.?)?(?!\w)", re.IGNORECASE)


_CJK_LEGAL = re.compile(r"\S{2,40}(?:公司|株式会社|有限会社|集团|集團|研究所|研究院)"
                        r"|(?:株式会社|有限会社|\(주\)|㈜|\(株\))\S{2,40}")


def _legal_name(part: str) -> bool:
    """"Hébergia SARL", "Nubelia Software S.L.", "Sfera Systems Sp. z o.o.", "南京恒信软件有限公司",
    "株式会社ミナトペイ": a name ending (or, in Japanese and Korean, starting) in a legal form is an employer's, never a
    role."""
    words = part.split()
    if len(words) == 1 and _CJK_LEGAL.fullmatch(part):
        return True
    if len(words) < 2 or words[-1] == "CO" or not any(_LEGAL_FORM.fullmatch(" ".join(words[-n:]).strip(","))
                                                      for n in (1, 2, 3) if len(words) > n):
        return False
    # "Ltd co." alone ("(Ltd co., outside IR35)"): how the work was billed, no employer named
    return not all(_LEGAL_FORM.fullmatch(word.strip(",")) for word in words)


_LEGAL_THEN_MORE = re.compile(rf"((?:{_LEGAL_FORMS})\.)[ \t]{{1,3}}((?-i:[A-Z]).{{0,120}})", re.IGNORECASE)


# A dotted legal form with a word in capitals after it ("K.K. QA"): where a name ends inside a part. It starts at the
# legal form itself, so scanning a long text tries a few short alternatives per character.
_LEGAL_INSIDE = re.compile(rf"(?<=[ \t])(?:{_LEGAL_FORMS})\.(?=[ \t]{{1,3}}(?-i:[A-Z]))", re.IGNORECASE)


def _split_after_legal_form(part: str) -> list[str]:
    """"Kaminari Games K.K. QA Intern": a name that ends in a dotted legal form, then a role."""
    inside = _LEGAL_INSIDE.search(part, 2, 200) if len(part) < 200 else None
    if not inside:
        return [part]
    name, rest = part[:inside.end()], part[inside.end():].strip()
    return [name, rest] if _is_title(rest) else [part]


def _split_glued_role(part: str) -> list[str]:
    """"QA Automation Lead Kalinaw Digital Solutions, Inc.": a role and then an employer's legal name, the space
    between two columns lost."""
    words = part.split()
    last, _ = _last_title_word(words)
    rest = words[last + 1:]
    if (0 <= last and len(rest) >= 2 and rest[0][:1].isupper() and not _is_title(" ".join(rest))
            and rest[0].lower().strip(".") not in _SENIORITY and _legal_name(" ".join(rest))):
        return [" ".join(words[:last + 1]), " ".join(rest)]
    return [part]


def _irish_county(part: str) -> bool:
    """"Co. Cork", "County Galway": an Irish county, by name."""
    words = part.lower().split()
    return len(words) == 2 and words[0] in ("co.", "co", "county") and words[1] in _IRISH_COUNTIES


_STATE_AFTER = re.compile(r",[ \t]{0,2}[A-Z]{2}\b")


def _rejoin_legal_forms(parts: list[str], text: str) -> list[str]:
    out: list[str] = []
    for part in parts:
        more = _LEGAL_THEN_MORE.fullmatch(part) if out and not _LEGAL_FORM.fullmatch(part) else None
        if more and _irish_county(part) and not _STATE_AFTER.match(text, text.find(part) + len(part)):
            more = None  # "Moorepark, Co. Cork": an Irish county, no "Co." of a company (not "… Co. Dublin, OH")
        if more and f"{out[-1]}, {more.group(1)}" in text:  # "Technology Co., Ltd. Senior DBA"
            out[-1] = f"{out[-1]}, {more.group(1)}"
            out.append(more.group(2))
            continue
        # not two capitals after a comma: "Boulder, CO", "Calgary, AB" are places
        if (out and _LEGAL_FORM.fullmatch(part) and not (len(part) == 2 and part.isupper())
                and f"{out[-1]}, {part}" in text):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


# "Centre for AI, IIIT Delhi", "Visual Intelligence Lab, KAIST", "UMC Utrecht, Department of Genetics": a research
# unit and its institution are one employer, where "Acme, Berlin" is an employer and its place
_UNIT = re.compile(r"\b(?:lab|labs|laboratory|laboratoire|labor|laboratorio|centre|center|centro|institute|institut"
                   r"|instituto|istituto|department|dept\.?|school|faculty|university|universit[yéäà]\w{0,3}"
                   r"|lehrstuhl|chair|grupo|gruppe|groupe|gruppo|research[ \t]group"
                   r"|universidad|universidade|college|hospital)\b", re.IGNORECASE)
_SUBUNIT = re.compile(r"(?:department|dept\.?|school|faculty|division|college|institute)[ \t]{1,3}(?:of|for)\b.{1,60}",
                      re.IGNORECASE)
_INSTITUTION = re.compile(r"(?:the[ \t])?(?:[\w'’.-]{2,30}[ \t]){0,3}(?:university|universit[éäà]\w{0,3}|universidad"
                          r"|universidade|universitat|universiteit|universitas|universiti|universitet|uniwersytet"
                          r"|univerzita|institute[ \t]of[ \t]technology|public[ \t]schools"
                          r"|school[ \t]district)"
                          # "Hanoi University of Science and Technology", "Universitat Politècnica de València"
                          r"(?:[ \t](?:(?:of|and|for|de|del|d'|di|der)[ \t])?(?-i:[A-Z])[\w'’.-]{1,30}){0,4}"
                          r"|(?:the[ \t])?(?:university|universit[éäà]\w{0,3}|universidad|universidade|universit[àa])"
                          r"[ \t]{1,3}"
                          r"(?:of|de|do|da|di|du|des|del|la|degli)[ \t][\w'’. -]{2,40}"
                          # "IISc", "A*STAR"
                          r"|(?-i:[A-Z][A-Z*&]{1,6}[a-z]?)(?:-(?-i:[A-Z]{2,6}))?(?:[ \t](?-i:[A-Z])[a-z]{2,20})?",
                          re.IGNORECASE)


_ENTRY_REACH = 300  # characters: longer lines are descriptions, never a job's heading


def _rejoin_institutions(parts: list[str], text: str) -> list[str]:
    out: list[str] = []
    for part in parts:
        unit = bool(out) and (
            _SUBUNIT.fullmatch(part) or (_UNIT.search(out[-1]) and _INSTITUTION.fullmatch(part)
                                         and part not in _PLACE_CODES and part not in _US_STATES
                                         and not _COUNTRY.fullmatch(part))
            # "University of Washington, Northwest Computing Lab": the university's lab after it
            or (_UNIT.search(part) and _INSTITUTION.fullmatch(out[-1]))
            # "Ghana Health Service, Ashanti Regional Health Directorate", "World Health Organization, Uganda Country
            # Office": a public body's directorate or office after it
            or (_body_and_unit(out[-1], part) and not is_place(part))
        ) and not _is_title(out[-1]) and not _is_title(part) and f"{out[-1]}, {part}" in text
        if unit:
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


_PUBLIC_BODY = re.compile(r"\b(?:ministry|ministerio|minist[èe]re|organi[sz]ation|service|government|agency|authority"
                          r"|commission|council)\b", re.IGNORECASE)
_BODY_UNIT = re.compile(r"(?:[\w'’.&-]{1,30}[ \t]){1,5}(?:directorate|office|division|unit|centre|center|secretariat"
                        r"|bureau)", re.IGNORECASE)


# "Opole University of Technology – IT Department", "Mila – Quebec AI Institute", "Saarland University – Dept. of
# Language Science": an institution and its unit after a dash are one employer
_UNIT_AFTER_DASH = re.compile(r"(?:[\w.&'’-]{1,30}[ \t]){0,4}(?:department|dept\.?|services|institute|lab|laboratory"
                              r"|faculty|school|centre|center|office|division|directorate|bureau)(?:[ \t].{1,60})?",
                              re.IGNORECASE)


def _body_and_unit(body: str, unit: str) -> bool:
    """"City Government of Iloilo – Management Information Systems Office": a public body and its office."""
    return bool(_PUBLIC_BODY.search(body) and _BODY_UNIT.fullmatch(unit))


def _rejoin_dashed_units(parts: list[str], text: str) -> list[str]:
    if len(parts) < 2 or len(text) > _ENTRY_REACH or not (" – " in text or " — " in text or " - " in text):
        return parts
    out: list[str] = []
    for part in parts:
        if (out and not _is_title(out[-1]) and not _is_title(part) and not is_place(part) and not _legal_name(out[-1])
                and (_UNIT.search(out[-1]) or f", {out[-1]}" not in text)  # "Lecturer, Statistics — Rift Valley …"
                and (_SUBUNIT.fullmatch(part) or (_UNIT_AFTER_DASH.fullmatch(part)
                                                  and (_UNIT.search(out[-1]) or _UNIT.search(part)
                                                       or _body_and_unit(out[-1], part))))):
            joined = next((f"{out[-1]}{dash}{part}" for dash in (" – ", " — ", " - ")
                           if f"{out[-1]}{dash}{part}" in text), None)
            if joined:
                out[-1] = joined
                continue
        out.append(part)
    return out


_ENUMERATOR = re.compile(r"^\d{1,2}[.)][ \t]{1,3}(?=\D)")
_RANK = re.compile(r"(?:tier|level|grade|band|nivel|niveau|stufe|line)[ \t]{1,2}\d{1,2}|[ln]\d(?:/[ln]?\d)?|ii|iii|iv",
                   re.IGNORECASE)  # "SOC Analyst L1/L2", "Technicien réseau N2"


_RANK_TAIL = re.compile(rf"(?:[–—-][ \t]{{0,2}})?(?:{_RANK.pattern})(?!\w)", re.IGNORECASE)


def _with_ranks(parts: list[str], text: str) -> list[str]:
    """"SOC Analyst – Tier 2": a rank right after a role is part of it, as written."""
    out: list[str] = []
    for part in parts:
        if out and _RANK.fullmatch(part) and _is_title(out[-1]):
            start = text.find(out[-1])
            end = text.find(part, start + len(out[-1])) if start >= 0 else -1
            if 0 <= end - start - len(out[-1]) <= 5:
                out[-1] = text[start:end + len(part)]
                continue
        out.append(part)
    return out


# What an employer's name is followed by to say what it is: "Kudira — a Zenvest Holdings company", "Narmada IT
# Solutions (a division of Narmada Industries Ltd)", "Lojaki — plataforma de e-commerce do Grupo Vértice Digital"
_DESCRIPTOR = re.compile(r"(?:an?|part[ \t]of|now|formerly|previously)[ \t]"
                         r"|(?:[\w-]{1,20}[ \t]){0,3}(?:brand|division|subsidiary|unit|arm|part)[ \t]of[ \t]")


_EMPLOYMENT_TYPE = re.compile(r"full-?time|part-?time|internship|contract|apprenticeship"
                              r"|seasonal|permanent|temporary|trainee|co-?op|stage|tirocinio|praktikum"
                              r"|doctorat|doctorado|doutorado|praktyki(?:[ \t]studenckie)?|praca[ \t]sezonowa"
                              # "(6-month contract)", "(fixed-term contract)"
                              r"|(?:\d{1,2}[- ](?:month|week|year)|fixed-term|short-term|summer)[ \t]contract"
                              # "(stage + CDD)", "(stage coopératif)", "(estágio curricular)", "(projet de fin
                              # d'études)", "(pigiste)": a student's or a freelancer's terms, in French and Portuguese
                              r"|stage[ \t]\+[ \t]cd[di]|stage[ \t]coop[ée]ratif|est[áa]gio(?:[ \t]curricular)?"
                              r"|projet[ \t]de[ \t]fin[ \t]d['’][ée]tudes|pigiste|volunteer|voluntary|unpaid",
                              re.IGNORECASE)


def _profile_parts(parts: list[str], text: str) -> list[str]:
    """A profile page's lines: "Kinaxis · Internship" (an employer and the kind of job), "Kinaxis logo" (the alt text
    of the employer's logo)."""
    if len(parts) == 2 and _EMPLOYMENT_TYPE.fullmatch(parts[1]) and " · " in text:
        parts = parts[:1]
    if parts and parts[0].endswith(" logo") and len(parts[0]) > 5:
        parts = [parts[0][:-5], *parts[1:]]
    return parts


def _descriptor(part: str, first: str) -> bool:
    """A part after the first that describes the employer rather than naming it."""
    if not part[:1].islower() or not first[:1].isupper():
        return False
    if part.startswith(("member", "a member")) and _EMPLOYER_NOTE.match(part):
        return not _is_title(first)  # "Mansour & Partners (member of an international audit network)": no role
    if not (_DESCRIPTOR.match(part) or (len(part.split()) >= 3 and not _legal_name(part))):
        return False
    return not _is_title(first) and not _is_title(part)


def _protect_prefix(text: str) -> str:
    """"(주)우아한형제들", "(株)ミライ": a legal form in brackets before the name stays with it; so does one after it
    ("NHN(주)", "누리소프트(주)")."""
    text = f"\x02{text[1]}\x03{text[3:]}" if text[:1] == "(" and text[2:3] == ")" else text
    # and the name ends there: "NHN(주) 사내시스템팀" is the employer and its team
    return _LEGAL_FORM_AFTER.sub(lambda m: f"\x02{m.group(1)}\x03" + (" |" if m.group(2) else ""), text) if (
        "(" in text) else text


_BRACKETED_FORMS = "주株유有재사"  # 주식회사, 株式会社, 유한회사, 有限会社, 재단법인, 사단법인
_LEGAL_FORM_AFTER = re.compile(rf"(?<=[\w.])\(([{_BRACKETED_FORMS}])\)(?=([ \t]{{1,3}}[\uac00-\ud7af])?)")


# A line whose cells are parted by a pipe, an em dash or a middle dot keeps an en dash inside a role: "Sessional Tutor
# – Cloud Computing | Yarra Institute", "Becaria – Administración de Sistemas — Universitat Politècnica de València"
# (on the tuning part, 17 of 17 such en dashes lie inside a title or an employer, none between them; after an
# employer the labels split on what follows: "AICTE – EduSkills" whole, "Harbourline Insurance – Claims Analytics" not)
_STRONGER_CELLS = re.compile(r"[ \t]{1,5}(?:\||—|·|•)[ \t]{1,5}")
_INNER_DASH = re.compile(r"(?<=\S)[ \t]{1,3}–[ \t]{1,3}(?=[A-ZÀ-Þa-z])")


# (not after a group or an institute: "中国电子科技集团 第十四研究所 软件工程师", a subsidiary follows)
_AFTER_CHINESE_COMPANY = re.compile(r"(?:(?<=公司)|(?<=工作室))[ \t]{1,4}(?=\S)")


def _protect_inner_dashes(text: str) -> str:
    if "–" not in text or len(text) > _ENTRY_REACH or not _STRONGER_CELLS.search(_BRACKETED.sub("", text)):
        return text  # "Senior ML Engineer – Lumenbridge AI (Austin, TX · remoto)": a dot in brackets parts nothing

    def inner(match: re.Match) -> str:
        before, after = _STRONGER_CELLS.split(text[:match.start()])[-1], _STRONGER_CELLS.split(text[match.end():])[0]
        return " \x06 " if _is_title(before) or _is_title(after) else match.group(0)

    cells = _STRONGER_CELLS.split(_BRACKETED.sub("", text))
    if not any("–" not in cell and _names_an_employer_cell(cell.strip()) for cell in cells):
        return text  # "Software Engineer – Google | London, UK": no other cell names the employer, the dash does
    return _INNER_DASH.sub(inner, text)


def _names_an_employer_cell(cell: str) -> bool:
    return bool(cell) and not (is_place(cell.split(",")[0]) or _NOTE.fullmatch(cell) or _YEAR.search(cell)
                               or _is_title(cell) or _NOW_WORD.fullmatch(cell) or find_date_range(cell) is not None)


def _protected(text: str) -> str:
    """The line with what must not be split marked, and an unwritten split written."""
    if text[:1].isdigit():
        text = _ENUMERATOR.sub("", text, count=1)  # "1. PT Sinar Kode Nusantara — Backend Developer"
    if "(" in text:
        text = _QUALIFIER.sub(_protect_note, _protect_prefix(text))
    text = _protect_inner_dashes(text)
    if "公司 " in text or "工作室 " in text:
        # "南京恒信软件有限公司 Java开发工程师", "北京像素方块工作室 Cocos2d-x 开发工程师": the employer and the role,
        # a space between them
        text = _AFTER_CHINESE_COMPANY.sub(" | ", text)
    if "(" in text and _CJK.search(text):
        text = _CJK_NOTE.sub(_protect_cjk_note, _IN_A_CHINESE_NAME.sub("\x02\\1\x03", text))
    return _cjk_role_last(text) if " " in text and "|" not in text and _CJK.search(text) else text


# "百纳网络科技(北京)有限公司": a town in brackets inside a Chinese employer's name
_IN_A_CHINESE_NAME = re.compile(r"(?<=[\u4e00-\u9fff])\(([\u4e00-\u9fff]{1,6})\)(?=[\u4e00-\u9fff])")
# "浙江大学计算机学院 助教", "微澜数据 数据挖掘实习生": an employer and, after a space, a role, at the end of a line
_CJK_ROLE_LAST = re.compile(r"[ \t]{1,4}(?P<role>[^\s|]{0,16}" + _CJK_ROLES
                            + r"(?:[(（\x02][^()（）\x02\x03\n]{1,12}[)）\x03])?)[ \t]*$")  # (\x02 \x03: a kept note)


_SENIORITY_OR_UNIT = re.compile(r"^(?:高级|资深|初级|中级|首席|前端|后端|全栈|见习)$|(?:部|组|团队)$")


def _cjk_role_last(text: str) -> str:
    found = _CJK_ROLE_LAST.search(text)
    # Chinese only: a Korean or Japanese role has spaces in it ("시니어 백엔드 개발자", "SREチーム リーダー")
    head = text[:found.start()].split()[-1] if found and text[:found.start()].split() else ""
    if (not found or not _HAN.match(text[found.start() - 1:found.start()]) or _KANA_HANGUL.search(found.group("role"))
            or _is_title(text[:found.start()]) or _SENIORITY_OR_UNIT.search(head)):
        return text  # "高级 Java开发工程师", "技术部 经理": a rank or a department and the role, one title
    return f"{text[:found.start()]} | {found.group('role')}"


# "インフラエンジニア(主任)", "テックリード(バックエンド)": a note in brackets after a Japanese, Chinese or Korean
# role word stays with it; one with a number ("(メンバー5名)", a team's size) does not
_CJK_NOTE = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af])\(([\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
                       r"[^()\d]{0,15})\)")


# "フリーランス(個人事業主)": a freelancer's standing as a sole proprietor; "北京易达信息技术有限公司(杭州分公司)": the
# branch of the company worked at. Part of the employer as written (the tuning labels keep both each time)
_CJK_NAME_NOTE = re.compile(r"個人事業主|[\u4e00-\u9fff]{1,6}分公司")


def _protect_cjk_note(match: re.Match) -> str:
    before = match.string[max(0, match.start() - 12):match.start()]
    role = TITLE_WORDS.search(before)
    kept = (role and role.end() == len(before)) or _CJK_NAME_NOTE.fullmatch(match.group(1))
    return f"\x02{match.group(1)}\x03" if kept else match.group(0)


_LETTER_DASH = re.compile(r"(?<=[^\W\d_])–(?=[^\W\d_])")


def _role_dash_employer(part: str) -> list[str]:
    """"Developer–Acme Ltd", "Acme Corp–Senior Engineer", "Acme Corp–London": a role and its employer, or an employer
    and its town, with no space about an en dash (not "CSIR–Centre for …", "University of Wisconsin–Madison": one
    name)."""
    dash = _LETTER_DASH.search(part)
    if not dash:
        return [part]
    left, right = part[:dash.start()], part[dash.end():]
    if _is_title(left) != _is_title(right) or (is_place(right) and not is_place(left) and not _UNIT.search(left)):
        return [left, right]
    return [part]


_MOST_PARTS = 64


def _parts(text: str) -> list[str]:
    return list(_parts_of(text))  # a list of its own: callers change theirs


@_remembered
def _parts_of(text: str) -> tuple[str, ...]:
    text = _protected(text)
    # a job's fields are among a line's first parts (a stack of 30 technologies may stand between them); a line of
    # hundreds is a list (of skills, of anything), and each part is read as a title or a name several times over
    parts = [_strip(p) for p in itertools.islice(_PART_SPLIT.split(text, _MOST_PARTS), _MOST_PARTS)
             if p.strip(_STRIP)]
    if "–" in text:  # (an em dash always splits: only an en dash can be left between two letters)
        parts = [piece for part in parts for piece in _role_dash_employer(part)]
    if len(parts) > 1 and "," in text and len(text) <= _ENTRY_REACH:
        # a job's heading line is short; a long line is a description, and each join scans the line once more
        parts = _rejoin_institutions(_rejoin_legal_forms(parts, text), text)
    parts = _rejoin_dashed_units(parts, text)
    if "." in text:
        parts = [piece for part in parts for piece in _split_after_legal_form(part)]
    if parts and len(parts[0]) > 12 and _legal_name(parts[0]) and _is_title(parts[0]):
        parts = _split_glued_role(parts[0]) + parts[1:]
    if "\x02" in text:
        parts = [p.replace("\x02", "(").replace("\x03", ")").replace("\x04", ",").replace("\x05", "–")
                 for p in parts]
    if len(parts) > 1 and any(_RANK.fullmatch(p) for p in parts[1:]):
        parts = _with_ranks(parts, text)
    if " · " in text or " logo" in text:
        parts = _profile_parts(parts, text)
    if len(parts) > 1 and any(p[:1].islower() for p in parts[1:]):
        parts = parts[:1] + [p for p in parts[1:] if not _descriptor(p, parts[0])]
    return tuple(p for p in parts if p.lower() not in _LABELS and not _NOTE.fullmatch(p)
                 and not _NOW_WORD.fullmatch(p) and not _PAGE_MARK.fullmatch(p))


# a PDF's page footer ("Page 1 of 2"), never an employer
_PAGE_MARK = re.compile(r"(?:page|seite|página|pagina|strona)[ \t]{1,3}\d{1,2}"
                        r"(?:[ \t]{1,3}(?:of|von|de|di|z)[ \t]{1,3}\d{1,2})?", re.IGNORECASE)


def _labelled(text: str) -> tuple[str, str] | None:
    """("designation", "Technology Lead") for "Designation : Technology Lead"; "2. Organisation : Wipro" is read
    without its number."""
    if ":" not in text:
        return _labelled_cjk(text) if "：" in text else None
    match = _FIELD_LINE.fullmatch(_ENUMERATOR.sub("", text.lstrip(), count=1) if text.lstrip()[:1].isdigit() else text)
    return (" ".join(match.group(1).lower().split()), match.group(2)) if match else _labelled_cjk(text)


# "役職:シニアエンジニア", "所属:ファームウェア開発グループ", "职位:算法工程师": a label in Japanese, Chinese or Korean
_CJK_FIELD_LINE = re.compile(r"[ \t]{0,4}(役職|職種|职位|职务|岗位|직급|직책|직위|所属|部署|部门|소속)"
                             r"[ \t]{0,2}[:：][ \t]{0,4}(\S.{0,200})")


def _labelled_cjk(text: str) -> tuple[str, str] | None:
    match = _CJK_FIELD_LINE.fullmatch(text) if _CJK.search(text[:12]) else None
    return (match.group(1), match.group(2)) if match else None


def _field(text: str) -> tuple[str, str] | None:
    """("title", "Technology Lead") for "Designation : Technology Lead"; ("other", ...) for a client or location."""
    labelled = _labelled(text)
    if not labelled:
        return None
    label, value = labelled
    if label in _TITLE_LABELS:
        return "title", _strip(value)
    if label in _COMPANY_LABELS:
        company = _parts(value)
        return "company", company[0] if company else ""
    return ("other", "") if label in _OTHER_LABELS else None


_CONNECTORS = frozenset({"of", "and", "for", "&", "de", "da", "do", "das", "dos", "des", "du", "en", "di", "del",
                         "della", "der", "für", "y", "e", "et"})
_ACRONYM_WORD = re.compile(r"\.?[A-Z][A-Z0-9+#&]{0,4}(?:/[A-Z][A-Z0-9+#]{0,4})?")  # "R&D", ".NET", "QA", "FI/CO"
_ROMANCE_CONNECTORS = frozenset({"de", "da", "do", "das", "dos", "des", "du", "en", "di", "del", "della", "em", "et",
                                 "e", "y", "a"})  # "a": "Analista de Suporte a Banco de Dados"
_ROMANCE_TITLE = re.compile(
    r"^(?:administrador(?:a)?|estagi[áa]ri[oa]|pasante|becari[oa]|desarrollador(?:a)?|ingenier[oa]|analista"
    r"|desenvolvedor(?:a)?|engenheir[oa]|gerente|jefe|programador(?:a)?|consultor(?:a)?|arquitect[oa]"
    r"|d[ée]veloppeu(?:r|se)|ing[ée]nieur(?:e)?|stagiaire|chef|sviluppatore|responsable|t[ée]cnic[oa]|technicien(?:ne)?"
    r"|especialista|coordinador(?:a)?|coordenador(?:a)?|directeur|directrice|director(?:a)?|diretor(?:a)?"
    r"|administrat(?:eur|rice|or)|consultante|analyste|alternant(?:e)?|ingegnere|programmatore|stagista|consulente"
    r"|tecnico|sistemista|practicante|auxiliar|programist(?:a|ka)|sta[żz]yst(?:a|ka)|praktykant(?:ka)?|in[żz]ynier"
    r"|analityk|architecte|apprentie?|cientista|sviluppatrice|test(?:eur|euse)"
    r"|specjalist(?:a|ka)|tester(?:ka)?|kierownik|maquetador(?:a)?|dise[ñn]ador(?:a)?|redactor(?:a)?"
    r"|chercheu(?:r|se)|vendeu(?:r|se)|vendedor(?:a)?|recepcionista|meser[oa]|jef[ae]|gestionnaire|cheffe)$",
    re.IGNORECASE)
_SENIORITY = frozenset({"senior", "junior", "sr", "jr", "sênior", "júnior", "lead", "principal", "ii", "iii",
                        "confirmé", "confirmée", "expérimenté", "expérimentée", "pleno", "ssr", "semi-senior"})


@_remembered
def _title_word(word: str) -> bool:
    """A word of a role's title ("Engineer", "engineer,", "Senior."): the same words come back in every entry."""
    word = word.strip(".,;")
    return bool(TITLE_WORDS.fullmatch(word.lower()) or TITLE_WORDS.search(word))


@_remembered
def _holds_title_word(text: str) -> bool:
    return bool(TITLE_WORDS.search(text))


def _last_title_word(words: list[str]) -> tuple[int, bool]:
    """Where the head of a role ends: the index of its last title word (-1 for none), and whether a full stop ends
    the role there."""
    last = -1
    for index, word in enumerate(words[:7]):
        if word.lower() == "head" and words[index + 1:index + 2] == ["of"]:
            continue  # "Head of Engineering in Payments": the role is "Head of …", its words read as before
        if _title_word(word):
            last = index
            if word.endswith(".") and len(word) > 4 and word[:-1].isalpha():
                return index, True
        elif (last >= 0 and word[:1].islower() and word.lower() not in _CONNECTORS
              and not any(map(_holds_title_word, words[index + 1:index + 3]))):
            break  # "Backend engineer building REST APIs"; not "Freelance full-stack developer"
    return last, False


_DASH_AREA = re.compile(r"[–—-][ \t]{1,3}(\S.{0,40})")


_ENGLISH_TAIL = frozenset({"in", "with", "for", "on", "at", "and", "of", "to", "the", "an", "by", "from", "who",
                           "building", "across", "using", "via", "per", "since", "until", "plus", "then", "remote",
                           "hybrid", "onsite", "full", "part", "time", "contract", "temporary", "permanent"})


def _object_of_the_role(tail: list[str]) -> bool:
    """A short lower-case tail in another language, what the role is of ("bediening", "a tiempo parcial", "für
    „Programmieren“"), not English words that begin a description."""
    if not tail or not tail[0][:1].islower():
        return False
    for word in tail:
        bare = word.strip("„“”\"'()")
        if not bare.isalpha() or bare.lower() in _ENGLISH_TAIL or bare.endswith(("ing", "ed")):
            return False
    return True


def _goes_on(tail: str, words: list[str], last: int) -> bool:
    """What follows the role's last title word belongs to it: its area after a dash ("Assistant Manager –
    Analytics"), or a short lower-case tail in another language ("Parttime docent webdevelopment")."""
    area = _DASH_AREA.fullmatch(tail)
    return bool(area and _area(area.group(1))) or (len(words) <= 4 and _object_of_the_role(words[last + 1:]))


_INNER_AREA = re.compile(r"\x06[ \t]{1,3}\S[^\x06]{0,40}")  # a role's area after a kept en dash


_NOTE_REACH = 42  # how long a note in brackets after a role can be: "(NYSC Primary Place of Assignment)"
_NOT_THE_ROLES = re.compile(r"\b(?:through|via|remote|hybrid|on-?site|client|for)\b", re.IGNORECASE)


def _note_kept(bracketed: str) -> bool:
    """"(contract)", "(Alternative Military Service)": a note on the role after it; a longer one is not where it was
    held ("(Sydney, remote from Melbourne)") nor through whom ("(contract through Apex Temp Services)")."""
    end = bracketed.find(")")
    if not 0 < end <= _NOTE_REACH:
        return False
    note = bracketed[1:end]
    return end <= 25 or not (_NOT_THE_ROLES.search(note) or is_place(note.split(",")[0].strip()))


# a post named with its subject: "Senior Lecturer in Machine Learning", "Research Fellow in Computational Genomics",
# "Software Development Engineer in Test" (not "Data Engineer in Berlin")
_CHAIRS = frozenset({"professor", "lecturer", "reader", "fellow", "associate", "researcher", "scientist", "engineer",
                     "assistant"})
_CHAIR_IN = re.compile(r"in(?:[ \t](?:and[ \t]|&[ \t])?(?-i:[A-Z])[\w-]{1,30}){1,4}(?=$|[ \t]*[,(|])")


def _subject_or_rank(trimmed: list[str], tail: str) -> str | None:
    """The role with what follows its last word when that is its subject or its rank, else None."""
    chair = _CHAIR_IN.match(tail) if trimmed[-1].lower() in _CHAIRS else None
    if chair and not is_place(chair.group(0)[3:]):  # "Senior Lecturer in Machine Learning": a post names its subject
        return " ".join([*trimmed, chair.group(0)])
    rank = _RANK_TAIL.match(tail)
    if rank:  # "SOC Analyst – Tier 2", "Teacher II (Mathematics)"
        rest = tail[rank.end():].lstrip()
        note = rest[:rest.find(")") + 1] if rest.startswith("(") and 0 < rest.find(")") <= _NOTE_REACH else ""
        return " ".join([*trimmed, tail[:rank.end()], note]).strip(_STRIP_BUT_BRACKETS if note else _STRIP)
    return None


_TRAILING_ACRONYM = re.compile(r"[ \t]{1,3}[(\x02]{1,2}([A-Z]{2,8})[)\x03]{1,2}[ \t]{0,3}$")


def _trim_title(part: str) -> str:
    """"Backend engineer building REST APIs" -> "Backend engineer": cut after the last title word of the head."""
    acronym = _TRAILING_ACRONYM.search(part)
    if acronym and _initials_of(acronym.group(1), part[:acronym.start()].split()):
        return part.strip(_STRIP_BUT_BRACKETS)  # "Attachée temporaire d'enseignement et de recherche (ATER)": whole
    if "→" in part:  # "Software Engineer → Senior Software Engineer → Engineering Manager": each step a role, whole
        steps = [step.strip() for step in part.split("→", 6)]
        trimmed = [_trim_title_words(step) for step in steps] if len(steps) <= 6 and "(" not in part else []
        if trimmed and trimmed[:-1] == steps[:-1] and all(map(_is_title, trimmed)):
            return " → ".join(trimmed)
    return _trim_title_words(part)


_IN_CHARGE_OF = frozenset({"ds.", "d/s", "ds"})


def _trim_title_words(part: str) -> str:
    words = part.split()
    last, stop = _last_title_word(words)
    if stop:
        return " ".join(words[:last + 1]).rstrip(".")  # "Software Engineer. Powertrain Control Group: ..."
    if last < 0:
        return part
    trimmed = words[:last + 1]
    tail = " ".join(words[last + 1:])
    # ("Specjalista ds. bezpieczeństwa IT": a Polish role "in charge of" its area goes on to its end)
    in_charge_of = words[last + 1:last + 2] and words[last + 1].lower() in _IN_CHARGE_OF and len(words) - last <= 6
    if _goes_on(tail, words, last) or _INNER_AREA.fullmatch(tail) or in_charge_of:
        return part.strip(_STRIP_BUT_BRACKETS if part.rstrip().endswith(")") and "(" in part else _STRIP)
    named = _subject_or_rank(trimmed, tail)
    if named:
        return named
    if tail.startswith("(") and _note_kept(tail):  # "Developer (contract)": the note stays with the role
        return " ".join([*trimmed, tail[:tail.find(")") + 1]]).strip(" -–—:|,[]\t")
    # keep "Head of Data", "Engenheiro de Dados Sênior", "Data Scientist senior" style tails: capitalised words or a
    # seniority right after, or a connector with a capitalised word after it
    tail_words = words[last + 1:last + 7]
    romance = bool(_ROMANCE_TITLE.search(words[last]))
    shouted = part.isupper()  # "ASSEGNISTA DI RICERCA": a role in capitals goes on after its connector
    for position, word in enumerate(tail_words):
        after_connector = shouted and position and tail_words[position - 1].lower() in _ROMANCE_CONNECTORS | _CONNECTORS
        following = tail_words[position + 1] if position + 1 < len(tail_words) else ""
        if len(trimmed) >= 7:
            break
        note = " ".join(tail_words[position:]) if position and word.startswith("(") else ""
        if note and _note_kept(note):
            # "Maquetadora web (prácticas)", "Desarrollador Java (contrato por proyecto)": the note after the role's
            # last word stays with it
            return " ".join([*trimmed, note[:note.find(")") + 1]]).strip(_STRIP_BUT_BRACKETS)
        if ((word[:1].isupper() and (after_connector or not word.isupper())) or word.lower().strip(".") in _SENIORITY
                or _RANK.fullmatch(word)  # "Technicien réseau N2"
                # "Full-stack Developer / Team Leader": a second role after a slash
                or (word == "/" and following[:1].isupper() and position + 1 < len(tail_words))
                or (word.lower() in _CONNECTORS and following[:1].isupper())
                # "Analista de datos", "Stagiaire en recherche": a Spanish, Portuguese, French or Italian role goes on
                # in lower case after its "de"
                or (romance and word.lower() in _ROMANCE_CONNECTORS and following[:1].isalpha()
                    and (word.lower() != "a" or following[:1].isupper()))  # not "Consultor SAP a serviço da …"
                # "Ingénieur d'études et développement", "Responsable d’exploitation"
                or (romance and word[:2].lower() in ("d'", "d’") and word[2:3].isalpha())
                or (romance and position and tail_words[position - 1].lower() in _ROMANCE_CONNECTORS)
                or (romance and position < 3 and word.replace("-", "").isalpha() and word.islower() and len(word) > 2
                    and (not position or tail_words[0].islower())
                    and not word.endswith(("ando", "endo", "ant", "ing")) and word not in _ROMANCE_CONNECTORS)
                or (_ACRONYM_WORD.fullmatch(word) and (not position or trimmed[-1][:1].isupper()
                                                       or trimmed[-1] == "/"))
                or (word[:1].islower() and any(c.isupper() for c in word[1:]) and word.isalpha())  # "iOS"
                or (word.isdigit() and len(word) <= 2 and trimmed[-1][:1].isupper())
                or (word.isupper() and len(word) <= 4 and position
                    and tail_words[position - 1].lower() in _CONNECTORS)):
            trimmed.append(word)
        else:
            break
    return _closed(" ".join(trimmed), part)


def _closed(title: str, part: str) -> str:
    """The trimmed role, not cut inside its brackets ("Stażysta (programista C)"), and with a closing bracket that
    closes one in it ("Web Developer (Student Assistant)")."""
    if title.count("(") > title.count(")") and part.startswith(title) and 0 <= part.find(")", len(title)) <= len(
            title) + _NOTE_REACH:
        title = part[:part.find(")", len(title)) + 1]
    return title.strip(_STRIP_BUT_BRACKETS if title.endswith(")") and "(" in title else _STRIP)


# "Consultora Datum Norte", "Consultora Andes Analytics": a Spanish consulting firm's name, not a consultant
# ("Consultora SAP FI", "Consultora Senior"); four tuning resumes name a firm so, one a role
_FIRM_NAMED_CONSULTORA = re.compile(r"consultora[ \t]{1,3}(?-i:[A-Z][a-zà-ÿ]{2,})(?:[ \t]{1,3}(?-i:[A-Z])\S*){1,3}",
                                    re.IGNORECASE)
_ROLE_AREAS = frozenset({"senior", "sênior", "sénior", "junior", "júnior", "funcional", "técnica", "tecnica", "jefe",
                         "principal", "asociada", "externa", "independiente", "freelance"})


@_remembered
def _is_title(part: str) -> bool:
    found = TITLE_WORDS.search(part)
    if found and found.group(0).lower() == "consultora" and _FIRM_NAMED_CONSULTORA.match(part, found.start()):
        words = part[found.start():].split()
        if not any(word.lower() in _ROLE_AREAS for word in words) and not TITLE_WORDS.search(part, found.end()):
            return False
    return bool(found)


_SEPARATOR_WORDS = frozenset({"·", "|", "—", "–", "-", "•", "@"})
_TRAILING_WORDS = frozenset({"in", "with", "to", "the", "a", "an", "on", "at", "by", "mit", "und", "met", "van"})


# "8th Grade Science Teacher | Maple Ridge Middle School, Denver Public Schools": a longer line of short cells
_CELLS = re.compile(r"[ \t]{1,3}[—–|·•@][ \t]{1,3}|,[ \t]{1,3}")


_BRACKETED = re.compile(r"\([^()]{0,60}\)")


_PLACES_DASH = re.compile(r"[ \t]{1,3}[—–|][ \t]{1,3}")


def _places_after_dash(text: str) -> bool:
    """"U.S. Army — Fort Carson, CO; Camp Humphreys, Republic of Korea": a name, then the places it was, a semicolon
    between them."""
    parts = _PLACES_DASH.split(text, 1)
    if len(parts) < 2:
        return False
    places = [place.strip() for place in parts[1].split(";", 4)]
    if len(places) > 4:
        return False
    lasts = [place.rsplit(",", 1)[-1].strip() for place in places]  # "Fort Carson, CO": the state after the comma
    return all(
        place and len(place.split()) <= 6 and (is_place(place) or is_place(last) or last in _US_STATES)
        for place, last in zip(places, lasts, strict=True))


def _looks_like_entry(text: str) -> bool:
    """A short line that can carry a title or a company (not a bullet, not a sentence of description)."""
    stripped = text.strip()
    if not stripped or _BULLET.match(stripped) or len(stripped) > 120 or (";" in stripped
                                                                           and not _places_after_dash(stripped)):
        return False
    words = [word for word in stripped.split() if word not in _SEPARATOR_WORDS]
    if not words:
        return False  # "— | —": separators only
    if len(words) > 10 or len(stripped) > 90:
        # a longer line passes only as short cells: "Title (note) — Employer S.L., Place"
        cells = _CELLS.split(stripped) if len(words) <= 14 else []
        # an aside in brackets does not make a cell a sentence: "PT Nusantara Data Cerdas (MSIB Kampus Merdeka Batch 7)"
        if len(cells) < 2 or any(len(_BRACKETED.sub("", cell).split()) > (9 if _UNIT.search(cell) else 7)
                                 for cell in cells):
            return False
    if words[-1].lower() in _CONNECTORS | _TRAILING_WORDS and not words[-1].isupper():
        return False  # a sentence, or a line of one that wraps onto the next (not "Label A", "Toronto, ON")
    last = stripped.split()[-1]
    # a sentence ends in a full stop; "Sp. z o.o.", "Co., Ltd.", "Jr." end in an abbreviation's
    if len(words) >= 4 and words[0][:1].isalpha() and words[0].islower():
        return False  # "critical sources, which cut incidents by 60%.": a sentence carried over from the line above
    return (not stripped.endswith(".") or (len(last.strip(".")) <= 3 and last.strip(".").isalpha()
                                           and not _names_a_skill(last.strip(".")))  # "Co.", not "… in PHP."
            or "." in last[:-1] or bool(_LEGAL_FORM.fullmatch(last))  # "Ltda.", "Corp."
            # "CodeNest Technologies, Lahore.": an employer and its town, closed by a stop
            or (len(words) <= 6 and "," in stripped and is_place(stripped[:-1].rsplit(",", 1)[1].strip())
                and all(word[:1].isupper() or word.lower() in _CONNECTORS
                        for word in stripped.rsplit(",", 1)[0].split())))  # not "Opened the new office, Dublin."


_SEGMENT = re.compile(r"[ \t]{1,3}[·|•][ \t]{1,3}")
_ASIDE = re.compile(r"[ \t]{1,3}[—–][ \t]{1,3}|[ \t]{1,3}\(")


def _entry_head(text: str) -> str:
    """The part of a line that can carry a title or a company: the whole of a short line, or the short segments that
    open a long one ("Self-employed · Utrecht · work mostly via agencies, plus direct clients"); "" for neither."""
    if _looks_like_entry(text):
        return text.strip()
    stripped = text.strip()
    if _BULLET.match(stripped) or len(stripped) > 300:
        return ""
    head = []
    for segment in _SEGMENT.split(stripped)[:4]:
        if len(segment.split()) > 5 or segment.endswith("."):
            break
        head.append(segment)
    if head and len(head) < len(_SEGMENT.split(stripped)):
        return " · ".join(head)
    # "QA Engineer presso Reply S.p.A., sede di Torino — in consulenza per un grande operatore telco", "Senior iOS
    # Developer — Virtusa Consulting Services Pvt. Ltd. (client: HDFC Bank)": the longest head before an aside
    for aside in reversed(list(_ASIDE.finditer(stripped, 0, 200))[:6]):
        before = stripped[:aside.start()]
        if _looks_like_entry(before) and (TITLE_WORDS.search(before) or any(map(_legal_name, _parts(before)))
                                          or _EMPLOYER_NOTE.match(stripped, aside.end())):
            return before
    return ""


# "Lumen Health Systems, Dublin (known as Kinvara Software until 2019)": a note on the employer named before it
_EMPLOYER_NOTE = re.compile(r"(?:known[ \t]as|formerly|previously|now[ \t]part[ \t]of|acquired[ \t]by|part[ \t]of"
                            r"|(?:a[ \t])?member[ \t](?:firm[ \t])?of(?=[ \t](?:an?|the)[ \t])"
                            r"|a[ \t]subsidiary[ \t]of|tochter(?:gesellschaft|unternehmen)?[ \t](?:der|des|von)"
                            r"|ehemals|vormals|filiale?[ \t]de|parte[ \t]d[eo]|anteriormente|anciennement"
                            r"|(?:later|subsequently|since)[ \t]acquired[ \t]by|voorheen|thans|früher|dawniej"
                            r"|wcześniej|ex|antes|ahora|agora|nu[ \t]onderdeel[ \t]van|now)[ \t]",
                            re.IGNORECASE)


# What a role is about rather than who employs it: "Network Security", "Web Development", "Embedded Linux"
_FIELD_END = re.compile(r"[ \t](?:development|engineering|security|research|analytics|testing|automation|operations"
                        r"|reporting)$",
                        re.IGNORECASE)
_DASH_BETWEEN = r"[ \t]{0,3}[–—-][ \t]{0,3}"


# One word that is an area, never an employer's name: "Software Engineer - Android", "Developer – Backend"
_AREA_WORDS = frozenset({"android", "ios", "web", "mobile", "backend", "back-end", "frontend", "front-end", "fullstack",
                         "full-stack", "platform", "infrastructure", "data", "qa", "security", "embedded", "firmware",
                         "cloud", "devops", "ml", "ai", "payments", "growth", "analytics", "automation", "networks",
                         "networking", "testing", "research", "tooling", "gameplay", "graphics", "core", "projects",
                         "operations", "delivery"})


def _role_and_team_line(parts: list[str], text: str) -> bool:
    return (len(parts) == 2 and text.strip() == f"{parts[0]}, {parts[1]}" and _is_title(parts[0])
            and not _legal_name(parts[1]) and bool(_TEAM_END.search(parts[1])) and parts[1][:1].isupper())


_UNIT_HEAD = re.compile(r"(?:department|dept\.?|dział|abteilung|departamento|dipartimento|département|afdeling)\b",
                        re.IGNORECASE)


def _dashed_pair(parts: list[str], line: str) -> bool:
    """The line is its two parts and a dash between them, nothing else ("Intern – Mobile Team")."""
    return any(line.strip() == f"{parts[0]} {dash} {parts[1]}" for dash in "–—-")


def _role_and_unit_line(parts: list[str], text: str, employer_known: bool) -> bool:
    """"Junior Developer — Intern", "OJT / Intern - IT Department", "Intern – Mobile Team" on a line of their own: the
    role with, after a dash, its terms or its unit; with the employer named on another line of the entry (`employer_
    known`), also its area ("Senior Consultant – SAP ABAP", "Team Leader – Technical Support")."""
    if len(parts) != 2 or not _is_title(parts[0]) or not _dashed_pair(parts, text):
        return False
    unit = parts[1]
    if employer_known and _generic_area(unit.split()):
        return True  # "Summer Vacation Student – Software"
    if _legal_name(unit) or _ORG_WORD.search(unit) or is_place(unit) or _YEAR.search(unit) or len(unit.split()) > 4:
        return False
    if _TRAINEE.fullmatch(unit) or _UNIT_HEAD.match(unit) or (_TEAM_END.search(unit) and unit[:1].isupper()):
        return True
    return employer_known and not _is_title(unit) and unit[:1].isupper() and (
        _area(unit) or all(word[:1].isupper() for word in unit.split()))


def _area(part: str) -> bool:
    words = part.split()
    if len(words) == 1:
        return part.lower() in _AREA_WORDS
    if not 2 <= len(words) <= 4 or _legal_name(part) or _YEAR.search(part):
        return False
    if words[0][:1].islower():
        return _is_title(words[0])  # "Stażystka – programistka JavaScript": the role goes on in lower case
    if _is_title(part):
        return False
    return bool(_FIELD_END.search(part) and _generic_area(words[:-1])) or _names_a_skill(part)


# Words that name what a field is about, not who employs it: "Data Analytics", "Network Security", "Software
# Development" (the tuning labels have 73 employers like "Corrib Analytics", "Cyberlane Security", "Samsung Research",
# and 9 such areas after a role)
_FIELD_WORDS = frozenset({"network", "software", "insight", "insights", "product", "quality", "business", "site",
                          "reliability", "test", "release", "build", "information", "cyber", "application",
                          "applications", "game", "systems", "system", "clinical", "market", "user", "ux", "applied",
                          "machine", "learning", "&", "and", "it", "ict", "digital", "enterprise", "solutions",
                          "security", "service", "services", "computing", "technical", "support"})


def _generic_area(words: list[str]) -> bool:
    return all(word.lower() in _AREA_WORDS or word.lower() in _FIELD_WORDS for word in words)


def _department_words(words: list[str]) -> bool:
    return all(word.lower() in _DEPARTMENTS for word in words)  # "Engineering", "Data & Analytics"


def _names_an_area(words: list[str]) -> bool:
    """An area or a department in generic words ("Data Services", "Engineering"), no one's name."""
    return _generic_area(words) or _department_words(words)


# a trainee's role, also named by a word before it ("OJT Trainee – Network Support, Asiatech Computer Center")
_TRAINEE = re.compile(r"(?:(?:ojt|graduate|summer|it)[ \t])?"
                      r"(?:intern|trainee|apprentice|werkstudent(?:in)?|praktikant(?:in)?|stagiaire|becari[oa]"
                      r"|staży(?:sta|stka)|praktykant(?:ka)?|stagiair|practicante|tirocinante|stajyer"
                      r"|estagi[áa]ri[oa]|working[ \t]student|co-?op|industrial[ \t]attachment"
                      # a Nigerian graduate's service year: "NYSC Corps Member – IT Support"
                      r"|(?:nysc[ \t])?corps[ \t]member)", re.IGNORECASE)


def _trainee_area(parts: list[str], at: int) -> bool:
    """"Industrial Attachment – ICT, County Government of Nakuru": a trainee's area in one word, then the employer
    (not "Intern, IT, Nairobi": the employer is not named there)."""
    return (at + 2 < len(parts) and not is_place(parts[at + 2]) and len(parts[at + 1].split()) == 1
            and _names_an_area(parts[at + 1].split()))


def _role_with_area(parts: list[str], titles: list[str], text: str) -> tuple[str, str] | None:
    """("Intern — Embedded Linux", "Embedded Linux") for "Intern — Embedded Linux, Sagemcom, Rueil-Malmaison": a role
    word, a dash and its area, as written; None when the part after the role is not an area."""
    at = parts.index(titles[0])
    if (at + 1 < len(parts) and _TRAINEE.fullmatch(titles[0].strip())
            and (_is_title(parts[at + 1]) or _trainee_area(parts, at) or ((_UNIT_HEAD.match(parts[at + 1])
                                                or (_UNIT_HEAD.fullmatch(parts[at + 1].split()[-1])
                                                    # not "Summer Intern – State Department | Washington, DC"
                                                    and not is_place(parts[at + 2] if at + 2 < len(parts) else "")))
                                               and at + 2 < len(parts)))
            and not _legal_name(parts[at + 1])):
        # "Intern – Web Developer | Comarch": a trainee's role, a dash and what the trainee did (or in what unit:
        # "Stażystka – Dział Controllingu, Grupa Medikon S.A.", "Intern – IT Department @ …"), as written
        joined = re.search(re.escape(titles[0]) + _DASH_BETWEEN + re.escape(parts[at + 1]), text) or (
            _trainee_area(parts, at) and re.search(re.escape(titles[0]) + r",[ \t]{1,3}" + re.escape(parts[at + 1]),
                                                   text))
        return (joined.group(0), parts[at + 1]) if joined else None
    if at + 1 >= len(parts) or not _area(parts[at + 1]) or len(_trim_title(titles[0])) != len(titles[0]):
        return None
    found = text.find(parts[at + 1])
    after = found + len(parts[at + 1]) if found >= 0 else len(text)
    if (at + 3 == len(parts) and text[after:after + 3].lstrip()[:1] == "(") or (
            at + 2 < len(parts) and is_place(parts[at + 2])):
        return None  # "Red Team Operator — Delta Sentinel Security (Delft)", "…, Toronto": the employer and its place
    joined = re.search(re.escape(titles[0]) + _DASH_BETWEEN + re.escape(parts[at + 1]), text)
    # "Team Lead, Software Development, Orbit Mobile Jordan": an area word, or a field in generic words
    named = parts[at + 1].lower() in _AREA_WORDS or bool(_FIELD_END.search(parts[at + 1]))
    if not joined and (at + 2 < len(parts) or (at and named)) and (len(titles[0].split()) == 1 or (
            len(titles[0].split()) <= 3 and named)):
        # "Intern, Software Development — Gidi Labs — Lagos": a bare role word, a comma, its area, then the employer
        joined = re.search(re.escape(titles[0]) + r",[ \t]{1,3}" + re.escape(parts[at + 1]), text)
    return (joined.group(0), parts[at + 1]) if joined else None


def _role_with_team(parts: list[str], titles: list[str], text: str) -> tuple[str, str] | None:
    """("Intern, Mobile Team", "Mobile Team") for "Intern, Mobile Team – Saigon Pixel Co., Ltd.": a team after a comma,
    then more (the employer)."""
    at = parts.index(titles[0])
    if (at + 2 < len(parts) and is_place(parts[at + 2]) and len(parts[at + 1].split()) > 1
            and not _TEAM_WORD.search(parts[at + 1]) and not _generic_area(parts[at + 1].lower().split())):
        return None  # "Senior ML Engineer, Cascadia Marketplace — Seattle, WA": an employer, then its town
    if at + 2 < len(parts) and _team_then_employer(parts[at + 1:at + 3], f"{titles[0]}, {parts[at + 1]}", text):
        # "Student Assistant, IT Help Desk — Georgia Tech Library": a comma, then a dash or a bar before the employer
        return f"{titles[0]}, {parts[at + 1]}", parts[at + 1]
    if (at + 2 >= len(parts) + (not _legal_name(parts[-1])) or not _TEAM_END.search(parts[at + 1])
            or _ORG_WORD.search(parts[at + 1])):  # "University of Michigan EECS Department": an employer
        return None
    joined = f"{titles[0]}, {parts[at + 1]}"
    return (joined, parts[at + 1]) if joined in text and not _is_title(parts[at + 1]) else None


_TEAM_WORD = re.compile(r"\b(?:team|squad|tribe|department|dept|unit|desk|group|lab|division)$", re.IGNORECASE)


# What names an organisation, not a team: "Cyber Operations Specialist (17C), U.S. Army — Fort Gordon"
_ORG_WORD = re.compile(r"\b(?:army|navy|air[ \t]force|marines|bank|university|college|hospital|council|ministry"
                       r"|agency|inc|corp|group|technologies|solutions|systems|software|studios?|consulting|services"
                       r"|partners|holdings|tech|insurance|health|foundation|computers|telecoms?|consultancy)\b",
                       re.IGNORECASE)
# "— client: Pecos Mutual", "— via Hays": what follows the dash is a note about the job, not its employer
_CLIENT_NOTE = re.compile(r"[ \t]{0,3}(?:client|clients|via|for|through|placed|seconded|on[ \t]assignment|contract"
                          r"|cliente|pour|für)\b", re.IGNORECASE)
_THEN_EMPLOYER = re.compile(r"[ \t]{0,3}(?:[|—–@]|[ \t]-[ \t]|[ \t]at[ \t])")


# What a French, Spanish, Portuguese or Italian role is in charge of, written in lower case after a comma: "Chef
# d'équipe, développement", "Conseiller principal, architecture réseau" (not "tiempo completo", "home office")
_ROMANCE_AREAS = frozenset({"développement", "developpement", "architecture", "infrastructure", "infrastructures",
                            "informatique", "données", "réseaux", "réseau", "sécurité", "produit", "projets", "qualité",
                            "exploitation", "transformation", "desarrollo", "sistemas", "datos", "redes", "seguridad",
                            "calidad", "arquitectura", "infraestructura", "operaciones", "tecnología", "proyectos",
                            "desenvolvimento", "dados", "segurança", "qualidade", "tecnologia", "sviluppo",
                            "informatica", "sicurezza", "qualità", "progetti", "dati"})


def _team_then_employer(pair: list[str], joined: str, text: str) -> bool:
    team, employer = pair
    if not team.split():  # (spaces only: no team)
        return False
    at = text.find(joined)
    then = _THEN_EMPLOYER.match(text, at + len(joined)) if at >= 0 else None
    return (bool(then) and not _CLIENT_NOTE.match(text, then.end()) and not _ORG_WORD.search(team)
            and len(team.split()) <= 5
            and not any(is_place(part) or _YEAR.search(part) or _NOTE.fullmatch(part) for part in pair)
            # a role's word before an area's last word names the area ("Developer Platform"), not a second role
            and not _is_title(employer) and (not _is_title(team) or team.split()[-1].lower() in _AREA_WORDS)
            and not _legal_name(team) and not is_place(team.split()[-1])
            # (in capitals, or a French or Spanish area in lower case: "Chef d'équipe, développement — Logisoft")
            and (team[:1].isupper() or (len(team.split()) <= 3 and team.split()[0].lower() in _ROMANCE_AREAS))
            and _names_an_employer(employer))


def _names_an_employer(part: str) -> bool:
    """"Georgia Tech Library", not "Summer", "industrial attachment", "20 h/week", "Ruby on Rails", "Dept. of …"."""
    from resumes.skills import taxonomy  # here: resumes.skills imports this module

    return (part[:1].isupper() and not any(c.isdigit() for c in part) and not _DATE_WORD.match(part)
            and len(part.split()) <= 6 and not part.rstrip().endswith(".")
            and not _SUBUNIT.match(part) and not _CONTRACT_NOTE.match(part) and taxonomy().resolve(part) is None)


# "Freelance — Web Programmer", "Freelance 2019 - 2021" over "Web Developer": a bare "Freelance" stands where the
# employer does (labelled so), the role beside it or under it
_OWN_ALONE = re.compile(r"freelance|freelancer|self-employed|self employed", re.IGNORECASE)


_US_STATES = frozenset("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
                       "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split())
_CITY_FIRST_WORDS = frozenset({"New", "San", "Los", "Las", "Salt", "Santa", "St.", "Saint", "Fort", "Palo", "Mountain",
                               "Redwood", "Menlo", "El", "Des", "Baton", "Ann", "Grand", "Cedar", "Kansas", "Oklahoma",
                               "Jersey", "Long", "Virginia", "Silver", "Overland", "Foster", "Sioux", "Colorado"})


@functools.cache
def _place_names_cased() -> frozenset[str]:
    """The gazetteer's names as written, for a capitalised city at the end of an employer's name."""
    return frozenset(name for name in _place_names_written() if len(name) > 3)


def _without_glued_city(company: str, parts: list[str], text: str) -> str:
    """"Capital One McLean, VA" (a right-aligned place the text joined to the employer) -> "Capital One"."""
    at = parts.index(company) if company in parts else -1
    words = company.split()
    if at < 0 or at + 1 >= len(parts) or len(words) < 2 or f"{company}, {parts[at + 1]}" not in text:
        return company
    if parts[at + 1] not in _US_STATES:
        # "Halcyon Robotics Dublin, Ireland": a city the gazetteer knows glued on before the country
        country = parts[at + 1] in _PLACE_CODES or _COUNTRY.fullmatch(parts[at + 1])
        kept = words[:-1]
        return " ".join(kept) if (country and len(words) > 2 and words[-1] in _place_names_cased()
                                  and kept[-1].lower() not in _CONNECTORS
                                  # "Trinity College Dublin Dublin": the city after a name that ends with it
                                  and (not _UNIT.search(" ".join(kept)) or kept[-1] == words[-1])
                                  and not _ORG_WORD.search(kept[-1])) else company
    if len(words) > 2 and is_place(" ".join(words[-2:])):
        return " ".join(words[:-2])  # "Lattice San Francisco, CA"
    if len(words) == 2 and not is_place(words[-1]):
        return company  # "Capital One, VA": no city glued on
    cut = 2 if words[-2] in _CITY_FIRST_WORDS and len(words) > 3 else 1
    return " ".join(words[:-cut])


# Role words that also stand in the names of employers' units: "UTS Student Services", "Staff Canteen", "IT Support"
_WEAK_ROLE_WORDS = re.compile(r"\b(?:student|staff|support|member)\b", re.IGNORECASE)


# "Role @ Employer", as two parts and nothing else (a place after a comma or a bar is a third part)
_AT_PAIR = re.compile(r"[^@|·•,;]{2,60}?[ \t]{1,3}@[ \t]{1,3}[^@|·•,;]{2,80}")


# "HNG Internship", "StackBridge Internship": an internship programme that stands where the employer does
_PROGRAMME = re.compile(r"(?-i:[A-Z])[\w&.'-]{1,20}(?:[ \t](?-i:[A-Z])[\w&.'-]{1,20}){0,2}[ \t]{1,2}internship",
                        re.IGNORECASE)


@dataclass
class _Entry:
    title: str = ""
    company: str = ""
    what_was_done: bool = False  # the title came from a "Role :" line, which under a "Designation :" says the work

    def take_field(self, text: str) -> bool:
        """A labelled line ("Designation : Technology Lead"): its value fills its field. False when unlabelled."""
        field = _field(text)
        if not field:
            return False
        kind, value = field
        role_label = kind == "title" and _labelled(text)[0] == "role"
        if kind == "title" and (not self.title or (self.what_was_done and not role_label)):
            self.title, self.what_was_done = value[:120], role_label
        elif kind == "company" and not self.company:
            self.company = value[:120]
        return True

    def take(self, parts: list[str], *, whole_line: bool, text: str = "") -> None:
        """Fill the missing title/company from the parts of one line (`text`, where given, is the line itself)."""
        if not (text and self.title == text.strip()[:120]):  # a line read whole as the role names no employer
            self._take(parts, whole_line=whole_line, text=text)

    def _take(self, parts: list[str], *, whole_line: bool, text: str) -> None:
        legal = _legal_parts(parts, bool(self.company))
        titles = [p for p in parts if _is_title(p) and p not in legal]
        if len(titles) > 1:  # "IT Support Officer | UTS Student Services": a role beside a name holding "Student"
            strong = [p for p in titles if _is_title(_WEAK_ROLE_WORDS.sub(" ", p))]
            titles = strong if 0 < len(strong) < len(titles) else titles
        if not (self.title or self.company or titles or legal) and "@" in text and len(parts) > 1 \
                and _AT_PAIR.fullmatch(text.strip()):
            # "QA Co-op @ Brightfield Games": "@" says which is the role and which the employer, role word or not
            self.title, self.company = (part[:120] for part in parts[:2])
            return
        others = _employer_candidates(parts, titles)
        area = (_role_with_area(parts, titles, text) or _role_with_team(parts, titles, text)) if titles and text \
            else None
        if area:  # "Intern — Embedded Linux, Sagemcom": the area is the role's, the employer comes after it
            self.title = self.title or area[0][:120]
            parts, others = [p for p in parts if p != area[1]], [p for p in others if p != area[1]]
            titles = [p for p in titles if p != area[1]]
        elif not self.title and titles and (self.company and _role_and_team_line(parts, text)
                                            or _role_and_unit_line(parts, text, bool(self.company))
                                            or (self.company and _unit_of_legal_employer(parts, text,
                                                                                         self.company))):
            self.title = text.strip()[:120]  # "Data Analyst, Program Evaluation" over the employer's line
            return
        elif not self.title and titles:
            self.title = _trim_title(titles[0])
            following = parts.index(titles[0]) + 1
            if (not self.company and not legal and len(titles) > 1 and following < len(parts)
                    and parts[following] == titles[1] and following + 1 < len(parts)):
                # "Bar Supervisor | Chef & Brewer, Horsforth": right after the role, before the place, the employer
                # even when its name holds a role word; "BI Analyst, Team Lead | Pacific Harbor Bank": two roles
                self.title, self.company = (_two_roles_then_employer(titles, parts[following + 1], text)
                                            or (self.title, titles[1]))
                return
        elif not self.title and legal and parts.index(legal[0]) > 0 and not _YEAR.search(parts[0]):
            # "Administratrice systèmes Linux — Hébergia SARL": what stands before the employer is the role
            self.title = parts[0][:120]
        if not self.company and legal:
            self.company = legal[0]
        elif not self.company and others and not (whole_line and titles and len(parts) == 1):
            self.company = _without_glued_city(others[0], parts, text)


def _two_roles_then_employer(titles: list[str], after: str, text: str) -> tuple[str, str] | None:
    """"BI Analyst, Team Lead | Pacific Harbor Bank | Makati City": two roles held at once, a comma between them, then
    the employer in a cell of its own (not "Bar Supervisor | Chef & Brewer, Horsforth", an employer named with a role
    word)."""
    both = re.search(re.escape(titles[0]) + r",[ \t]{1,3}" + re.escape(titles[1]) + r"[ \t]{0,3}[|·•]",
                     text) if text else None
    if both and len(titles[1].split()) <= 3 and (_legal_name(after) or _ORG_WORD.search(after)):
        return text[both.start():both.end() - 1].strip()[:120], after[:120]
    return None


def _legal_parts(parts: list[str], company_known: bool) -> list[str]:
    """The parts that can only name an employer: a legal name, "Self-employed", a programme; not the agency a job
    came through ("Meridian Healthcare Group (via PeopleLink Staffing Pte Ltd)": the client is the employer)."""
    legal = [p for p in parts if (_legal_name(p) and not (len(parts) > 1 and _EMPLOYER_NOTE.match(p)))
             or (not company_known and _OWN_ALONE.fullmatch(p)) or _PROGRAMME.fullmatch(p)]
    # (not "formerly Savannah Telecoms Ltd", "acquired by Paywise plc": a note on the employer named beside it)
    return legal[1:] if legal and _AGENCY_NOTE.match(legal[0]) and len(parts) > 1 else legal


def _employer_candidates(parts: list[str], titles: list[str]) -> list[str]:
    """The parts of a line that can name its employer: not a role, a year or a number; not the agency the job came
    through when more follow ("Contract Developer (via TEKsystems) | Pacific Mutual Insurance": the client)."""
    others = [p for p in parts if p not in titles and not _YEAR.search(p) and any(map(str.isalpha, p))]
    return others[1:] if len(others) > 1 and _AGENCY_NOTE.match(others[0]) else others


def _names_role_and_employer(parts: list[str]) -> bool:
    if len(parts) > 1 and any(_legal_name(p) for p in parts[1:]) and not _YEAR.search(parts[0]):
        return True  # "Practicante de Seguridad Informática – Seguros Cóndor Ltda."
    return any(_is_title(p) and not _legal_name(p) for p in parts) and any(
        (not _is_title(p) or _legal_name(p)) and not _YEAR.search(p) for p in parts)


# What a team is called after a role and a comma: "Developer Platform", "Program Evaluation", "Mobile Team" (not a word
# that ends employers' names as often: "Group", "Services", "Analytics", "Research")
_TEAM_END = re.compile(r"(?:^|[ \t])(?:platform|infrastructure|team|squad|tribe|tooling|productivity|evaluation"
                       r"|reliability|insights|checkout|billing|lending|routing|marketplace|department|unit|desk)$",
                       re.IGNORECASE)
_TITLE_AND_TEAM = re.compile(r"([^,|·•:()]{3,60}),[ \t]{1,3}([A-Z][^,|·•:()]{1,40})")


def _employer_and_team(rest: str, first: list[str], above: list[str]) -> tuple[str, str, int] | None:
    """"Stripe — San Francisco" over "Engineering Manager, Billing Platform Apr 2022 – Present": the employer heads
    the entry, and what follows the role after a comma is its team."""
    team = _TITLE_AND_TEAM.fullmatch(rest)
    opening = first[0].split()[:1] if first else []  # (a part of spaces only has no first word)
    if opening and opening[0].lower().endswith("ed"):
        return None  # "Looked after the VMware estate": the end of the job above, not an employer
    if not rest.strip() and len(above) > 1:
        return _role_and_team_under_employer(above)
    if (team and first and len(first) <= 4 and len(first[0].split()) <= 5 and not any(_is_title(p) for p in first)
            and _is_title(team.group(1)) and len(_parts(team.group(1))) == 1
            and (not _is_title(team.group(2)) or _TEAM_END.search(team.group(2)))):
        title = f"{_trim_title(team.group(1))}, {team.group(2)}"[:120]
        if all(map(is_place, first)) and len(above) > 1 and _employer_heading(above[1]):
            # "Nexora Consulting Pte Ltd" over "Singapore" over "Senior Analyst, Technology Consulting · 2013 – 2016":
            # the employer heads the entry, its town under it
            return title, _heading_employer(above[1])[:120], 2
        return title, first[0][:120], 1
    dashed = None if team or not first else _TITLE_DASH_AREA.fullmatch(rest) or _TITLE_HYPHEN_AREA.fullmatch(rest)
    unbracketed = _BRACKETED.sub("", above[0]).split() if first else []
    if (dashed and not _BULLET.match(above[0].lstrip()) and len(unbracketed) <= 8
            # "Vertex Global Solutions (BPO, telco broadband account) — Pasig City", not a line of what was done
            and sum(word[:1].islower() and word not in _CONNECTORS for word in unbracketed) <= 1 and len(first) <= 3
            and len(first[0].split()) <= 6 and not any(_is_title(p) for p in first)
            and not is_place(first[0]) and _is_title(dashed.group(1)) and len(_parts(dashed.group(1))) == 1
            and not _employer_after_dash(dashed.group(2))):
        # "Saint Thomas West Hospital — Nashville, TN" over "Registered Nurse – Medical/Surgical ICU  Jun 2015 – Jul
        # 2021": the employer heads the entry; what follows the role after a dash is its unit, as written
        return rest.strip()[:120], first[0][:120], 1
    return None


def _heading_employer(text: str) -> str:
    """The employer an `_employer_heading` line names: the whole line by a legal name, else its first part."""
    text = _BRACKETED.sub("", text).strip()
    return text if _legal_name(text) else _parts(text)[0]


def _employer_heading(text: str) -> bool:
    """"LUZON BPO SOLUTIONS, INC." (over "Pasig City" over "IT Infrastructure Lead | 06/2023 – Present"), "Merlion Pay
    Pte. Ltd. (acquired by Straits Commerce Group, 2024)": a line that names an employer alone, a few words, no role,
    no date (but in a note in brackets), no sentence."""
    text = _BRACKETED.sub("", text).strip()
    parts = _parts(text)
    return (0 < len(parts) <= 2 and len(parts[0].split()) <= 6 and not any(map(_is_title, parts))
            and not _YEAR.search(text) and not _BULLET.match(text.lstrip()) and not is_place(parts[0])
            and not (text.rstrip().endswith((".", ",", ";", ":")) and not _legal_name(text.strip()))
            and parts[0][:1].isupper())


def _role_and_team_under_employer(above: list[str]) -> tuple[str, str, int] | None:
    """"Meridian Capital Asia" (and "5 years 11 months", as LinkedIn writes it) over "Engineering Manager, Market
    Data" over the dates: the employer heads the role, and what follows the role after a comma is its team."""
    # (or "Associate Software Engineer - ETL" over the dates, under "Infolane Technologies": its area after a dash)
    team = (_TITLE_AND_TEAM.fullmatch(above[0].strip()) or _TITLE_DASH_AREA.fullmatch(above[0].strip())
            or _TITLE_HYPHEN_AREA.fullmatch(above[0].strip()))
    at = 2 if len(above) > 2 and _NOTE.fullmatch(above[1].strip()) else 1
    employer = _parts(above[at])
    if team and team.re is not _TITLE_AND_TEAM and not (_area(team.group(2)) or _names_a_skill(team.group(2))):
        return None  # "Site Reliability Engineer — Cabify": the employer after the dash, not an area
    if not (team and _is_title(team.group(1)) and len(_parts(team.group(1))) == 1 and len(team.group(2).split()) <= 4
            and not (_is_title(team.group(2)) or _legal_name(team.group(2)) or _ORG_WORD.search(team.group(2))
                     or is_place(team.group(2)))):
        return None
    if (len(employer) > 2 or not employer or len(employer[0].split()) > 5 or _is_title(employer[0])
            or is_place(employer[0]) or _YEAR.search(above[at]) or _BULLET.match(above[at].lstrip())
            or above[at].rstrip().endswith((".", ",", ";", ":"))
            or _names_a_skill(employer[0])  # "…; networking with" / "Retrofit": the end of a line above
            or not all(word[:1].isupper() or word[:1].isdigit() or word.lower() in _CONNECTORS
                       for word in employer[0].split())):
        return None
    return above[0].strip()[:120], employer[0][:120], at + 1


def _names_a_skill(text: str) -> bool:
    from resumes.skills import taxonomy  # here: resumes.skills imports this module

    return taxonomy().resolve(text) is not None


# "Intern – Web Development" in its own cell: a role and its area, as written
_TITLE_DASH_AREA = re.compile(r"([^,|·•:()–—]{3,60})[ \t]{1,3}[–—][ \t]{1,3}([A-Z][^,|·•:()–—]{1,40})")
# "Associate Software Engineer - ETL" (under "Kavya Infotech Solutions, Chennai"): the same with a spaced hyphen
_TITLE_HYPHEN_AREA = re.compile(r"([^,|·•:()–—]{3,60})[ \t]{1,3}-[ \t]{1,3}([A-Z][^,|·•:()–—-]{1,40})")
# "Senior Security Engineer, Detection & Response" (over "Merlion Digital Bank · Singapore"), "Teaching Assistant,
# Machine Learning (CSU44061)": the role and its team or course after a comma
_TITLE_COMMA_AREA = re.compile(r"([^,|·•:()–—]{3,60}),[ \t]{1,3}([A-Z][^,|·•:()–—]{1,40}(?:\([^()]{1,20}\))?)")


def _role_and_team_cell(rest: str, piped: bool) -> tuple[str, str, int] | None:
    """"Intern, Engine Team | Gusu Digital Entertainment": in a line of cells, a role with its team after a comma,
    and the employer in a cell after it."""
    cells = [_strip(cell) for cell in rest.split("|")] if piped else []
    cells = [cell for cell in cells if cell and not _YEAR.search(cell) and not _NOTE.fullmatch(cell)]
    for at, cell in enumerate(cells[:-1]):
        team = _TITLE_AND_TEAM.fullmatch(cell) or _TITLE_DASH_AREA.fullmatch(cell)
        if (team and _is_title(team.group(1)) and not _role_named_last(team.group(2))
                and not _legal_name(team.group(2)) and not _is_title(cells[at + 1])
                and _looks_like_entry(cells[at + 1])):
            # "Georgia Tech Center for Academic Success | Peer Tutor, CS 1331 | Atlanta, GA": where a place
            # follows the role, the employer stands before it
            placed = is_place(cells[at + 1])
            if placed and not at:
                continue  # "2023 – Present | Senior Engineering Manager, Risk | Singapore": a place, no employer
            before = cells[at - 1] if placed else ""
            employer = _parts(before) if before and not _is_title(before) else _parts(cells[at + 1])
            if employer:
                title = cell if team.re is _TITLE_DASH_AREA else f"{_trim_title(team.group(1))}, {team.group(2)}"
                return title[:120], employer[0][:120], 0
    return None


def _role_named_last(part: str) -> bool:
    """"Software Developer", "Staff Engineer": a role, its role word last; not "Developer Tools", a team."""
    return _is_title(part) and _holds_title_word(part.split()[-1])


_COURSE = re.compile(r"[A-Z]{2,5}[ \t]?\d{2,4}[A-Z]?\b")


def _employer_after_dash(area: str, *, courses: bool = False) -> bool:
    """What follows "Role – " names an employer or a place, not the role's unit ("Acme Systems", "Berlin"); with
    `courses`, "CS 439 Principles of Computer Systems" is a course the role taught, not an employer."""
    if _legal_name(area) or is_place(area):
        return True
    return bool(_ORG_WORD.search(area) or _UNIT.search(area)) and not (courses and _COURSE.match(area))


def _role_and_area_over_employer(rest: str, below: list[str]) -> tuple[str, str, int] | None:
    """"Academic Student Employee – CS 61A Tutor  Jan 2024 – Dec 2024" over "UC Berkeley EECS Department": the role
    and what it was, after a dash, beside the dates; the employer on the line under them."""
    dashed = _TITLE_DASH_AREA.fullmatch(rest.strip()) or _TITLE_COMMA_AREA.fullmatch(rest.strip())
    if not dashed or not _is_title(dashed.group(1)) or _employer_after_dash(dashed.group(2), courses=True) or (
            dashed.re is _TITLE_COMMA_AREA and (_ORG_WORD.search(dashed.group(2)) or _UNIT.search(dashed.group(2))
                                                or _is_title(dashed.group(2)) or below[0].count(",") > 2
                                                # "Senior Engineer, Acme": one word, no area, names the employer
                                                or (" " not in dashed.group(2).strip()
                                                    and not _area(dashed.group(2))))):
        return None
    employer = _parts(below[0])
    if not employer or _is_title(employer[0]) or not (
            _UNIT.search(employer[0]) or _ORG_WORD.search(employer[0]) or _legal_name(employer[0])):
        return None
    return rest.strip()[:120], _without_glued_city(employer[0], employer, below[0])[:120], 0


def _employer_above(entry: _Entry, rest_parts: list[str], above: list[str], first: list[str]) -> None:
    """Fill the entry from the lines above when they, not what stands beside the dates, name the employer."""
    if (first and _legal_name(first[0]) and not any(_is_title(p) and not _legal_name(p) for p in first)
            and not _YEAR.search(above[0]) and not any(map(_legal_name, rest_parts))):
        # "Klarna Bank AB — Stockholm" over "Engineering Manager (2021 – present) — Payments Reliability"
        entry.company = first[0][:120]
    second = _parts(above[1]) if len(above) > 1 and not _field(above[1]) else []
    if (not any(_is_title(p) for p in rest_parts) and first and not any(map(_is_title, first))
            and any(_is_title(p) for p in second) and not _YEAR.search(above[0])
            and not (all(map(is_place, first)) and not (rest_parts and all(map(is_place, rest_parts))))
            and not (len(second) > 1 and _legal_name(second[-1]))):  # "Analista — Banco Ipê S.A." / a note / dates
        # "Android Developer" / "PixelArc Studios" / "03/2021 - 08/2023 Lahore": the role and the employer stand
        # on their own lines above; what stands beside the dates is a place
        entry.company = first[0][:120]
    elif ((_placed_employer(rest_parts) or (rest_parts and _legal_name(rest_parts[0]))
           or _employer_in(rest_parts, first)) and len(first) == 2
          and f"{first[0]}, {first[1]}" == above[0].strip() and _is_title(first[0]) and not _is_title(first[1])
          and not _legal_name(first[1])):
        # "Principal Scientist, Computational Biology" over "Arvelle Therapeutics, Cambridge, MA — April 2023 to
        # present": the employer and its place stand beside the dates; the role's line holds its group
        entry.title = above[0].strip()[:120]
    elif (not any(_is_title(p) for p in rest_parts) and _names_role_and_employer(first)
          and not (rest_parts and _unit_after_dash(first, above[0]) and not is_place(rest_parts[0]))
          and not (rest_parts and _unit_of_legal_employer(first, above[0], rest_parts[0]))):
        # "Senior Frontend Developer — Klarna" over "Stockholm · Mar 2022 – Present": the line that names the role
        # names its company too; what stands beside the dates is a place or a note.
        entry.take(first, whole_line=False, text=above[0])


def _unit_after_dash(first: list[str], line: str) -> bool:
    """"Summer Vacation Student – Software" (over "Sunstate Power, Brisbane | Dec 2024 – Feb 2025"): a role and its area
    after a dash, no employer."""
    return len(first) == 2 and (_area(first[1]) or _generic_area(first[1].split())) and _dashed_pair(first, line)


def _unit_of_legal_employer(first: list[str], line: str, beside: str) -> bool:
    """"Graduate Trainee – Network Operations Centre" over "Savanna Telkom Ltd, Nairobi | September 2025 – To date":
    beside the dates an employer by its legal name; what follows the role after a dash is where the role sat in it."""
    return (len(first) == 2 and bool(_legal_name(beside)) and beside.split()[-1][:1].isupper()  # not "Product company"
            # a unit of some words, not the brand of the employer beside ("… – Klarna" over "Klarna Bank AB")
            and len(first[1].split()) >= 2 and first[1].split()[0].lower() not in beside.lower()
            and not _legal_name(first[1]) and not is_place(first[1])
            and not _is_title(first[1]) and len(first[1].split()) <= 4 and _dashed_pair(first, line)
            and _is_title(first[0]))


def _placed_employer(rest_parts: list[str]) -> bool:
    """"Arvelle Therapeutics", "Cambridge", "MA": an employer, its city and its state or country."""
    return (len(rest_parts) == 3 and not _is_title(rest_parts[0])
            and (rest_parts[2] in _US_STATES or bool(_COUNTRY.fullmatch(rest_parts[2]))))


def _role_and_employer(parts: list[str]) -> bool:
    """"Développeur PHP — Webolia SAS": a role and an employer on one line (not "Risk Analyst" alone, whose employer
    may be named after a town: "Santander", "Nokia")."""
    return len(parts) > 1 and _is_title(parts[0]) and not _is_title(parts[-1]) and not is_place(parts[-1])


def _role_and_legal_employer(parts: list[str]) -> bool:
    return len(parts) > 1 and _is_title(parts[0]) and not _legal_name(parts[0]) and bool(_legal_name(parts[-1]))


def _employer_in(rest_parts: list[str], first: list[str]) -> bool:
    """"Pacifica Bank", "Sydney": an employer and its town, no role among them, under a role's line whose comma is
    followed by no organisation ("Senior Manager, Information Security"; not "Graduate Trainee, Zenvest Bank")."""
    return (len(rest_parts) >= 2 and is_place(rest_parts[-1]) and not is_place(rest_parts[0])
            and not any(map(_is_title, rest_parts)) and len(first) == 2 and not _ORG_WORD.search(first[1])
            # an area after the comma ("Cyber Risk", "Finance"), not an employer ("Software Engineer, Google")
            and (_area(first[1]) or len(first[1].split()) > 1 or first[1].lower() in _DEPARTMENT_WORDS))


# One word that names a department, never an employer: "Senior Manager, Finance", "Director, Marketing"
_DEPARTMENT_WORDS = frozenset({"finance", "marketing", "compliance", "risk", "hr", "sales", "engineering", "legal",
                               "operations", "product", "strategy", "procurement", "audit", "tax", "treasury", "it",
                               "communications", "design", "research", "people", "talent", "quality", "technology"})


def _without_a_town(rest_parts: list[str], first: list[str]) -> list[str]:
    """"Freelance — Desarrollador web" / "Córdoba · 2017 – 2018": the town beside the dates, under the job's line, is
    where the job was, not its employer."""
    return [] if first and rest_parts and all(map(is_place, rest_parts)) else rest_parts


def _title_and_company(rest: str, above: list[str], below: list[str], *,
                       piped: bool = False) -> tuple[str, str, int]:
    """(title, company, lines used above) from the date line's rest, the entry lines above it and the one below;
    `piped` when the date line itself is cells split by "|"."""
    cells = _role_and_team_cell(rest, piped) or (_role_and_area_over_employer(rest, below) if below and not above
                                                 else None)
    if cells:
        return cells
    entry = _Entry()
    rest_parts = _parts(rest)
    first = _parts(above[0]) if above and not _field(above[0]) else []
    headed = _employer_and_team(rest, first, above)
    if headed:
        return headed
    rest_parts = _without_a_town(rest_parts, first)
    _employer_above(entry, rest_parts, above, first)
    took_first = bool(first) and bool(entry.company) and entry.company == first[0][:120]
    entry.take(rest_parts, whole_line=False, text=rest)
    # the line the employer was read from is not read again ("Luzon Outsourcing Group (client: …) — Pasig City")
    used = 1 if (entry.title and entry.company and first) or took_first else 0
    for text in above[used:]:
        if entry.title and entry.company:
            break
        if len(text.split()) >= _SENTENCE_WORDS and text.rstrip().endswith(".") and used:
            break  # "Tech lead for the ingestion platform (Scala, Akka, Cassandra) processing 4B events a day.": what
            # the job above did
        used += 1
        if entry.take_field(text):
            continue
        parts = _parts(text)
        if not entry.company and used < len(above) and parts and (
                (all(map(is_place, parts)) and _role_and_employer(_parts(above[used])))
                or (entry.title and all(map(is_place, parts)) and _employer_heading(above[used])) or (
                not any(map(_is_title, parts)) and _role_and_legal_employer(_parts(above[used])))):
            # "Développeur PHP — Webolia SAS" / "Villeurbanne" / "03/2017 – 08/2020": the job's town; "Analista — Banco
            # Ipê S.A." / "Terceirizado pela Cinco Rios Consultoria (CLT)" / the dates: a note on the job
            continue
        entry.take(parts, whole_line=len(parts) == 1 and bool(entry.title or entry.company), text=text)
    for text in below:
        if entry.title and entry.company:
            break
        parts = _parts(text)
        entry.take(parts, whole_line=len(parts) == 1 and bool(entry.title or entry.company), text=text)
    return entry.title[:120], _unglued(entry.company)[:120], used


_SENTENCE_WORDS = 10
_GLUED_NOTE = re.compile(r"[ \t]{1,3}(?:remote|hybrid|on-?site)$", re.IGNORECASE)


def _after_brand(words: list[str]) -> str | None:
    """"Rutavía Movilidad S.L. [Rutavía] Barcelona" -> up to the brand in square brackets; None without a place."""
    bracket = next((at for at, word in enumerate(words[:-1]) if word.endswith("]")), None)
    if bracket is not None and len(words) - bracket - 1 <= 2 and all(
            word.isalpha() and word[:1].isupper() for word in words[bracket + 1:]):
        return " ".join(words[:bracket + 1])
    return None


def _unglued(company: str) -> str:
    """"PayNest Africa Ltd Lagos" -> "PayNest Africa Ltd", "Kobo Basket Remote" -> "Kobo Basket": a place or a note
    written after the employer's name with no separator."""
    words = company.split()
    branded = _after_brand(words) if "]" in company else None
    if branded:
        return branded
    for at in range(1, len(words) - 1):
        form = words[at]
        if (form.replace(".", "").isalpha() and _LEGAL_FORM.fullmatch(form) and form[:1].isupper() and form != "Co."
                and (len(form) > 2 or form.isupper()) and not _LEGAL_FORM.fullmatch(words[at - 1])
                and len(words) - at - 1 <= 2
                and all(word.isalpha() and word[:1].isupper() and not _LEGAL_FORM.fullmatch(word)
                        for word in words[at + 1:])):
            return " ".join(words[:at + 1])
    return _GLUED_NOTE.sub("", company) if len(words) > 2 else company


def _used_below(below: list[str], title: str, company: str) -> int:
    """How many lines under a date line its entry took (the next entry must not take them again as its own)."""
    used = 0
    for text in below:
        if (title and title in text) or (company and company in text):
            used += 1
        else:
            break
    return used


@dataclass
class Position:
    title: str
    company: str
    range: DateRange
    first_line: int
    last_line: int
    lines_above: int = 0  # entry lines (title/company) above the date line
    lines_below: int = 0  # entry lines under it (a date that opens its entry)
    headed: bool = False  # the employer stands on a line of its own above the role (roles under it may share it)
    after_comma: bool = False  # the company was read from "Title, X": under an employer's heading, X is a team
    named_beside: bool = False  # the date line named the employer too ("Wattlebird Bank — Melbourne (Feb 2019 – …)")
    dates_lead: bool = False  # the dates open their line ("Sept. 2018 – déc. 2021 — Ingénieure Big Data")

    def as_dict(self) -> dict:
        start = (f"{self.range.start[0]:04d}-{self.range.start[1]:02d}" if self.range.start_precision == "month"
                 else f"{self.range.start[0]:04d}")
        end = None
        if not self.range.current:
            end = (f"{self.range.end[0]:04d}-{self.range.end[1]:02d}" if self.range.end_precision == "month"
                   else f"{self.range.end[0]:04d}")
        return {"title": self.title, "company": self.company, "start": start, "end": end,
                "current": self.range.current, "months": self.range.months}


def _eligible(lines: list[Line]):
    has_experience = any(line.section == EXPERIENCE for line in lines)
    for index, line in enumerate(lines):
        if line.heading:
            continue
        if line.section == EXPERIENCE if has_experience else line.section not in {EDUCATION, PROJECTS}:
            yield index, line


# A table's header row ("Period | Role | Company"), one cell per line in a PDF: no title or company of any job. What
# each column holds, by its header: the role, the employer, the dates (or where they start and end), or something
# else about the job (where, on what terms).
_COLUMN_KINDS = {
    **{name: "title" for name in ("role", "title", "position", "job", "job title", "designation", "puesto", "cargo",
                                  "funcion", "función", "função", "poste", "fonction", "ruolo", "stanowisko",
                                  "rolle", "funktion", "position / funktion", "tätigkeit als", "befattning", "roll",
                                  "functie", "rol", "stilling", "role & responsibilities", "role and responsibilities",
                                  "role / responsibilities", "position & duties", "직무", "직책", "직위", "담당",
                                  "职位", "岗位", "職種", "役職", "ポジション", "職種・役職", "職種・役割",
                                  "職種/役職", "役割", "職稱", "职称", "職位", "직급", "cargo ocupado",
                                  "puesto ocupado", "poste occupé", "posizione")},
    **{name: "company" for name in ("company", "employer", "organisation", "organization", "company name",
                                    "client / employer", "employer / client", "department / employer",
                                    "employer / department", "organisation / department", "client",
                                    "company / client", "empresa",
                                    "unternehmen", "arbeitgeber", "entreprise", "employeur", "azienda", "firma",
                                    "pracodawca", "회사명", "회사/기관", "회사", "근무처", "기관", "公司",
                                    "公司名称", "单位", "会社名", "会社", "勤務先", "公司名稱", "任職公司", "服務單位",
                                    "工作单位", "企業名", "직장", "organización", "organizacion", "organização",
                                    "organizzazione", "werkgever", "bedrijf")},
    **{name: "dates" for name in ("period", "dates", "date", "duration", "years", "when", "periodo", "período",
                                  "fechas", "fecha", "zeitraum", "période", "okres", "기간", "근무기간", "재직기간",
                                  "时间", "起止时间", "期间", "期間", "在籍期間", "任職期間", "任职时间", "工作时间",
                                  "時間", "在職期間", "periode", "período de tempo")},
    # a table of jobs and studies: "Período | Instituição / Empresa | Cargo / Curso | Descrição"
    **{name: "company" for name in ("instituição", "institución", "institution", "établissement", "istituzione",
                                    "einrichtung")},
    **{name: "title" for name in ("curso", "course", "formation", "corso", "studiengang", "abschluss", "degree")},
    **{name: "other" for name in ("descrição", "descrizione", "beschreibung", "opis", "toelichting",
                                  "omschrijving")},
    **{name: "company" for name in ("instituição / empresa", "empresa / instituição", "institución / empresa",
                                    "empresa / institución", "organisation / institution", "employer / institution",
                                    "institution / employer", "company / institution")},
    **{name: "title" for name in ("cargo / curso", "puesto / curso", "role / course", "position / degree",
                                  "role / degree", "poste / formation")},
    "from": "from", "to": "to",
    # one column for both: "Position / Arbeitgeber" ("Senior Embedded Software Engineer – Kessler Antriebstechnik GmbH")
    **{name: "role_and_employer" for name in ("position / arbeitgeber", "position / employer", "role / company",
                                              "role / employer", "title / company", "funktion / arbeitgeber",
                                              "position / unternehmen", "cargo / empresa", "poste / entreprise",
                                              "rolle / arbeitgeber", "position and employer", "role and company",
                                              "rolle · kunde / arbeitgeber", "rolle / kunde", "rolle · kunde",
                                              "role / client", "role · client / employer", "role / client / employer",
                                              "funktion / kunde", "position / kunde")},
    **{name: "other" for name in ("s.no", "s. no", "s.no.", "sl.no", "sl. no", "sr. no", "sr.no", "no", "no.", "#",
                                  "sr.", "sr", "sl.", "s/n", "sr. no.", "sl. no.",
                                  "所在地", "勤務地", "工作地点", "地点", "근무지", "소재지",
                                  "location", "place", "city", "terms", "type", "employment type", "notes",
                                  "contract", "modalidad", "ubicación", "ubicacion", "ort", "lieu", "local",
                                  "localização", "stack", "tech stack", "main stack", "technology stack", "core stack",
                                  "tech",
                                  "technologies", "tools", "description", "duties and achievements",
                                  "activités et responsabilités principales",
                                  "principales activités et responsabilités",
                                  "main activities and responsibilities", "responsibilities and duties",
                                  "responsibilities", "activities", "highlights", "achievements", "key achievements",
                                  "tasks", "focus", "missions", "via", "agency", "intermediary",
                                  "key responsibilities and achievements", "responsibilities and achievements",
                                  "schwerpunkte", "aufgaben", "tätigkeiten", "aufgaben und technologien",
                                  "aufgaben & technologien", "tätigkeiten und technologien",
                                  "technologien und aufgaben",
                                  "atividades", "principais atividades", "responsabilidades", "descripción",
                                  "descripcion", "logros", "tecnologías", "tecnologias", "technologien",
                                  "réalisations", "obowiązki", "technologie", "taken", "werkzaamheden", "main work",
                                  "work", "main tasks", "key tasks", "details", "summary", "team", "department",
                                  "main activities", "duties", "key responsibilities", "náplň práce", "tätigkeit",
                                  "key work", "work done", "what i did", "what i do", "impact", "scope",
                                  "main duties", "key duties", "remit", "projects", "key projects",
                                  "main responsibilities", "aufgabenbereich", "aufgabengebiet", "verantwortung",
                                  "arbetsuppgifter", "taken en verantwoordelijkheden", "funzioni", "mansioni",
                                  "담당업무", "담당 업무", "주요 업무", "주요업무", "업무", "근무부서",
                                  "工作内容", "主要工作", "業務内容",
                                  "工作內容", "担当業務", "部署", "부서", "部门", "所属",
                                  "missions principales", "principales missions", "tâches", "tâches principales",
                                  "funciones", "funciones principales", "responsabilidades principales",
                                  "principais responsabilidades", "attività", "attività principali", "compiti",
                                  "technieken", "zakres obowiązków", "główne obowiązki", "hauptaufgaben",
                                  "key technologies", "main technologies", "technologies used", "tech used",
                                  "engagement", "engagement details", "the work", "notes", "outcome", "outcomes",
                                  "omschrijving", "omschrijving en technieken", "beschrijving", "notities",
                                  "opmerkingen",
                                  "engagement & key work", "engagement and key work", "scope & key work",
                                  "key work & outcomes",
                                  # a South African CV's table: "Period | Company | Position | Reason for leaving"
                                  "reason for leaving", "reasons for leaving", "reason for leaving / status",
                                  "motivo de salida", "motivo da saída", "raison du départ", "grund des wechsels",
                                  "salary", "reference", "references", "referee", "status")},
    **{name: "company" for name in ("opdrachtgever", "klant", "auftraggeber", "cliente / empresa",
                                    "empresa / cliente", "kunde")},
}
_COLUMN_NAMES = frozenset(_COLUMN_KINDS)
_COLUMN_SPLIT = re.compile(r"[ \t]{0,3}[|,/\t][ \t]{0,3}|[ \t]{2,6}")


# Ranks alone, as Korean and Japanese tables give them beside the job ("직무 | 직급": "클라이언트 프로그래머 | 책임")
_RANKS = frozenset({"사원", "주임", "대리", "과장", "차장", "부장", "선임", "책임", "수석", "이사", "상무", "전무",
                    "主任", "係長", "課長", "次長", "部長", "課長代理"})


def _row_cells(kinds: list[str], cells: list[str]) -> dict[str, str]:
    """A table row's cells by what their columns hold; of two role columns the later, unless it holds a rank alone
    ("직무 | 직급": "클라이언트 프로그래머 | 책임")."""
    row: dict[str, str] = {}
    for kind, cell in zip(kinds, cells, strict=True):
        if not (kind == "title" and row.get(kind) and cell.strip() in _RANKS):
            row[kind] = cell
    return row


def _column_names(text: str) -> bool:
    """Every cell of the line is a column's name (and it has one): the cells looked at up to the first that is not."""
    cells = (c for c in _COLUMN_SPLIT.split(text.strip()) if c.strip())
    first = next(cells, None)
    return first is not None and _column_key(first) in _COLUMN_NAMES and all(
        _column_key(cell) in _COLUMN_NAMES for cell in cells)


_COLUMN_NOTE = re.compile(r"[ \t]{0,3}\([^()]{1,30}\)$")


def _column_key(cell: str) -> str:
    """"Kunde (Branche)" -> "kunde": a column's name, without a note in brackets on what it holds."""
    key = cell.strip().lower()
    return _COLUMN_NOTE.sub("", key) if key.endswith(")") else key


def _column_kind(cell: str) -> str | None:
    """What a header cell's column holds: by its name, or by the first of the names it joins ("Aufgaben /
    Technologien"); None for a cell that is no column's name."""
    key = _column_key(cell)
    if key in _COLUMN_KINDS:
        return _COLUMN_KINDS[key]
    names = [name.strip() for name in _COLUMN_SPLIT.split(key) if name.strip()]
    kinds = {_COLUMN_KINDS.get(name) for name in names}
    # one kind of thing under two names; not "Company / Position / Work", a role and its employer in one cell
    return kinds.pop() if len(names) > 1 and len(kinds) == 1 and None not in kinds else None


# A labelled note ("Series/Grade: GS-2210-11", "Rank: Sergeant (E-5)", "Hours per week: 40") or a place alone ("Jackson,
# MS United States", "Lahore"): about the job, never its role or employer.
_NOTE_LINE = re.compile(r"[A-Za-z][A-Za-z/ ]{1,24}:[ \t]{0,3}\S.{0,120}"
                        r"|[A-Z][A-Za-z .'-]{1,30},[ \t]{1,2}[A-Z]{2}(?:[ \t]{1,2}\d{5})?"
                        r"(?:[ \t]{1,2}(?:United[ \t]States|USA|Canada))?", re.IGNORECASE)


# What a Japanese, Chinese or Korean resume says of the employer under its name: its business, staff, capital
_EMPLOYER_FACTS = re.compile(r"(?:事業内容|従業員数|資本金|設立|売上高|公司规模|公司性质|所属行业|주요[ \t]?사업|업종"
                             r"|직원[ \t]?수)[ \t]{0,2}[:：]")


# The facts a US federal resume (USAJOBS) gives under each job: "Hours per week: 40", "Series/Grade: GS-2210-12",
# "Grade Level: GS-1529-13", "Salary: $98,496 per year", "Rank: Staff Sergeant (E-5)", "AFSC 3D0X2", "MOS 25B"
_JOB_FACT = re.compile(r"(?:hours[ \t]per[ \t]week|series/grade|series|grade(?:[ \t]level)?|pay[ \t]plan|salary"
                       r"|supervisor|rank(?:[ \t]at[ \t]separation)?|(?:highest[ \t])?grade[ \t]held)[ \t]{0,3}:"
                       r"[^|]{0,120}|(?-i:(?:AFSC|MOS)[ \t][A-Z0-9]{2,6})", re.IGNORECASE)
_AGENCY_LINE = re.compile(r"[ \t]{0,4}\(?(?:(?:contract|contractor|placed|engaged|employed|hired|seconded|outsourced"
                          r"|deputed|deployed)[ \t]{1,3}(?:via|through)|(?:outsourced|deputed|seconded)[ \t]{1,3}"
                          r"(?:by|from)|(?-i:via|through))[ \t]", re.IGNORECASE)
_STREET_ADDRESS = re.compile(r"\d{1,6}[ \t]{1,2}(?:[A-Z][\w.'-]{0,20}[ \t]{1,2}){1,4}(?:Street|St|Avenue|Ave|Road|Rd"
                             r"|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Parkway|Pkwy|Place|Pl|Court|Ct|Highway|Hwy|Pike"
                             r"|Circle|Plaza|Square|Terrace)\.?(?:,[ \t]{0,2}[^,\n]{1,40}){0,3}")


def _job_facts(text: str) -> bool:
    """A line (or the rest of a date line) of the job's facts and nothing else: "Hours per week: 40 | Series/Grade:
    GS-2210-11"."""
    cells = [cell for cell in _ROW_SPLIT.split(text.strip(" \t|")) if cell.strip()]
    return bool(cells) and all(_JOB_FACT.fullmatch(cell.strip()) for cell in cells)


def _carries_on(lines: list[Line], j: int) -> bool:
    """Line j starts in lower case right after a line that stops mid-sentence ("... the begeleiden van blameless" /
    "postmortems"): the end of a sentence, not an entry."""
    text = lines[j].text.strip()
    if not text.split()[0].isalpha() or not text.split()[0].islower() or j == 0 or lines[j - 1].heading:
        return False
    before = lines[j - 1].text.rstrip()
    if _ENTRY_CELLS.fullmatch(text) or (len(text) <= 120 and _legal_name((_parts(text) or [""])[0])):
        return False  # "everis — Madrid", "mobilio GmbH, Hamburg": an employer written in lower case
    return bool(before) and not before.endswith((".", ":", ";", "!", "?")) and not _BULLET.match(text)


# A short name, a dash or a bar, and a short place or note: a line of an entry, whatever case it starts in
_ENTRY_CELLS = re.compile(r"[\w.&'-]{2,30}(?:[ \t]{1,2}[\w.&'-]{1,30}){0,2}[ \t]{1,3}[—–|·][ \t]{1,3}"
                          r"(?-i:[A-Z])[\w.'-]{1,30}(?:,?[ \t]{1,2}[\w.'-]{1,30}){0,2}")


def _alone(text: str, today: date) -> bool:
    """A line of dates and nothing else."""
    found = find_date_range(text, today=today)
    return bool(found) and not _strip(text[:found[1].start()] + text[found[1].end():])


def _place_or_note_line(text: str) -> bool:
    if len(text) > 80 or not ("," in text or "·" in text or "|" in text):
        return False  # one name alone may be an employer named after a town
    first = text.split(",", 1)[0].split("·", 1)[0].split("|", 1)[0].strip()
    if not (is_place(first) or _NOTE.fullmatch(first)):
        return False  # most lines fail here, before they are split into parts
    parts = _parts(text)
    return len(parts) > 1 and all(is_place(part) or _NOTE.fullmatch(part) for part in parts)


def _in_brackets(text: str, match: re.Match) -> bool:
    return text.rfind("(", 0, match.start()) > text.rfind(")", 0, match.start())


def _passed_over(candidate: Line, dated: Line, right_above: bool) -> bool:
    """A line above a job's dates that is about the job or its employer but names neither."""
    if (candidate.section == dated.section and _NOTE_LINE.fullmatch(candidate.text.strip())
            and (_field(candidate.text) or ("other",))[0] == "other"):
        # "Series/Grade: GS-2210-11", "Jackson, MS United States", "cliente: Grupo Solaris": about the job, no role
        # or employer
        return True
    if candidate.text.strip().endswith(":") and len(candidate.text.split()) <= 4 and not candidate.heading:
        return True  # "Designations held:" over the roles at the employer above it
    if _EMPLOYER_FACTS.match(candidate.text.strip()):
        return True  # "事業内容:家庭用ゲームソフトの企画・開発 従業員数:約220名" under the employer's name
    if candidate.text[:1].isdigit() and _STREET_ADDRESS.fullmatch(candidate.text.strip()):
        return True  # "1615 Woodward Street, Austin, TX 78772" under the employer's name
    if _AGENCY_LINE.match(candidate.text):
        return True  # "Contract via TechServe Staffing · Abuja" under "Systems Administrator @ Bluewave Telecoms"
    if right_above and candidate.text.rstrip(" .").endswith(")") and "(" not in candidate.text:
        return True  # "ödeme kuruluşu tarafından satın alındı)": the end of a note the line above opened
    if "|" in candidate.text and _job_facts(candidate.text):
        return True  # "AFSC 3D0X2 | Rank: Staff Sergeant (E-5)" between a role and its dates
    if candidate.section == dated.section and _place_or_note_line(candidate.text):
        return True  # "Toronto, Ontario, Canada · Hybrid": where the job was, no role or employer
    # "(Readify was acquired by Telstra in 2019.)" between the employer's line and the role's
    return right_above and _aside_sentence(candidate.text)


def _aside_sentence(text: str) -> bool:
    """A whole sentence in brackets, or one that tells the employer's story: no role or employer of an entry."""
    stripped = text.strip()
    if stripped[:1] == "(" and stripped.rstrip(".")[-1:] == ")" and len(stripped.split()) >= 4:
        return True
    # "Genomics analysis SaaS; acquired by Veridian Life Sciences in 2024" under "HELIX BIOINFORMATICS, INC."
    return (len(stripped.split()) >= 8 and (stripped.endswith(".") or ";" in _LONG_BRACKETED.sub("", stripped))
            and bool(_EMPLOYER_STORY.search(stripped)) and not any(map(_is_title, _parts(stripped))))


_LONG_BRACKETED = re.compile(r"\([^()]{0,200}\)")  # "(formerly Tollgate Systems; acquired by … in 2016)"
_EMPLOYER_STORY = re.compile(r"\b(?:acquired|merged|renamed|rebranded|formerly|spun[ \t]off|now[ \t]part[ \t]of)\b",
                             re.IGNORECASE)


_PROSE_CONNECTORS = _CONNECTORS | {"the", "a", "an", "to", "in", "on", "with", "at", "by", "la", "le", "el", "los",
                                   "las", "der", "die", "das", "und", "van", "von", "e", "i", "w", "z", "na"}


_DONE = re.compile(r"[A-Z][a-z]{2,}ed")
_GAP_NOTE = re.compile(r"[ \t]{0,3}gap[ \t]{0,3}\([^()\n]{4,40}\)[ \t]{0,3}:[ \t]{0,3}(?-i:[a-z])", re.IGNORECASE)
# verbs in the past that do not end in "-ed"; and those that tell a job ("Worked as …", "Joined Acme as …")
_DID = frozenset({"Taught", "Led", "Built", "Ran", "Wrote", "Made", "Drove", "Grew", "Won", "Oversaw", "Set", "Brought",
                  "Took", "Gave", "Held", "Kept", "Sold", "Spent", "Cut", "Rebuilt", "Rewrote"})
_JOINED_AS = frozenset({"Worked", "Served", "Joined", "Started", "Employed", "Promoted", "Appointed"})
_PROSE_LINK = re.compile(r"\b(?:for|with|using|via|into|across|on)\b")


def _prose(text: str) -> bool:
    """"Cisco ISE for 802.1X on the corporate LAN", "Terraform modules for the team's AWS accounts": a line of what
    the job above did, written without a bullet; no employer's or role's line (those are names: few lower-case words
    besides "of", "and", "de")."""
    if len(text) < 20 or any(mark in text for mark in "|·•—–@"):
        return False
    words = text.split()
    # an aside in brackets tells no link of it ("Andela (placed with a US health-tech client)")
    outside = _BRACKETED.sub(" ", text) if "(" in text else text
    # "Introduced data contracts …": a verb in the past opens it; "Terraform modules for the team's AWS accounts": an
    # English preposition and a technology in capitals or a possessive (not "Centre national de la recherche
    # scientifique", an employer in sentence case)
    verb = words[0] in _DID or bool(_DONE.fullmatch(words[0]))
    told = verb or bool(
        _PROSE_LINK.search(outside) and any(w.isupper() and len(w) > 1 or "'s" in w for w in outside.split()[1:]))
    lower = [word for word in words if word[:1].islower() and word.lower() not in _PROSE_CONNECTORS]
    parts = _parts(text)
    # ("Supported 120 users on Windows 10, Microsoft 365 and Active Directory": a verb and a count open it)
    counted = len(words) >= 5 and words[1][:1].isdigit()
    # a link and a technology in capitals are prose with one word in lower case besides them ("Cisco ISE for 802.1X on
    # the corporate LAN"); an opening verb wants three
    if told and not verb and len(lower) < 3 and "," in outside and all(
            word[:1].isupper() or word.lower() in _PROSE_CONNECTORS for word in outside.split(",", 1)[0].split()):
        return False  # "Accenture, on assignment with HSBC UK", "Deloitte, on the HMRC account": a name, then a note
    return (told and (len(lower) >= (3 if verb else 1) or counted)
            and not _is_title(text)
            and not _legal_name(parts[0] if parts else text))


def _entry_lines_above(lines: list[Line], index: int, floor: int, today: date) -> list[str]:
    above: list[str] = []
    reach = 2  # entry lines; a line that only notes a duration or a work mode ("4 years 8 months") is not one
    for j in range(index - 1, max(floor, index - 5), -1):
        candidate = lines[j]
        if _passed_over(candidate, lines[index], j == index - 1 and j - 1 > floor) or (
                j - 1 > floor and lines[j - 1].text.rstrip().endswith(",") and is_place(candidate.text.strip())):
            continue  # "… Moreton Coast Hospital and Health Service," / "Brisbane": the line above wrapped there
        if (j - 1 > floor and _US_ADDRESS.search(candidate.text)
                and not (j == index - 1 and _is_title(_parts(candidate.text)[0]))
                and _employer_line(lines[j - 1], lines[index], today)):
            # "U.S. Department of Veterans Affairs" / "Office of Information and Technology, Quantico, VA 22134 United
            # States": the employer's unit and address, under the employer (a federal resume's layout)
            continue
        text = _entry_head(candidate.text)
        town = _US_TOWN.search(text) if "," in text else None
        if town and _is_title(text[:town.start()]) and j - 1 > floor and _employer_line(lines[j - 1], lines[index],
                                                                                          today):
            text = text[:town.start()]  # "Senior Software Engineer, Round Rock, TX USA" under "Dell Technologies"
        if not candidate.text.strip() and j == index - 1 and _alone(lines[index].text, today) and j - 1 > floor:
            continue  # "Junior Developer — Nexora Infotech" / "" / "Jul 2015 – May 2016": a page or cell broke there
        if (candidate.heading or candidate.section != lines[index].section or not text or _carries_on(lines, j)
                or _prose(text)):
            break
        dated = find_date_range(candidate.text, today=today)
        if (dated and not _in_brackets(candidate.text, dated[1])) or _column_names(candidate.text):
            break  # a date of its own ends the entry above; "(remote from 2020)" is a note on this one
        above.append(text)
        if _parts(candidate.text) and not (":" in text and _field(text)):
            reach -= 1  # a labelled line ("Role : DBA") is one field of the entry, the others may stand above it
        if not reach:
            break
    return above


_US_ADDRESS = re.compile(r",[ \t]{1,2}[A-Z]{2}(?:[ \t]{1,2}\d{5}(?:-\d{4})?(?:[ \t]{1,2}(?:United[ \t]States|USA))?"
                         r"|[ \t]{1,2}(?:United[ \t]States|USA))$")


_US_TOWN = re.compile(r",[ \t]{1,2}(?:[A-Z][\w.'-]{0,20}[ \t]){0,3}[A-Z][\w.'-]{0,20}" + _US_ADDRESS.pattern)


def _employer_line(candidate: Line, dated: Line, today: date) -> bool:
    """A short line of a name alone (no dates, no commas, not a bullet or heading) in the job's section."""
    text = candidate.text.strip()
    return (not candidate.heading and candidate.section == dated.section and 0 < len(text) <= 80 and "|" not in text
            and _looks_like_entry(text) and not find_date_range(text, today=today) and not _is_title(text))


def _aside_in_brackets(text: str, match: re.Match) -> bool:
    """"(remote from Singapore from 2021)": a date told in a note in brackets, after other words; not "(seit
    01/2023)", a role's own dates."""
    if match.re is not SINCE or not _in_brackets(text, match):
        return False
    opened = text.rfind("(", 0, match.start())
    return any(c.isalpha() for c in text[opened + 1:match.start()])


def _next_in_section(lines: list[Line], index: int) -> Line | None:
    """The line under line `index` when it is in the same section and no heading; None at a section's end."""
    if index + 1 >= len(lines) or lines[index + 1].section != lines[index].section or lines[index + 1].heading:
        return None
    return lines[index + 1]


def _duration_under(lines: list[Line], index: int) -> bool:
    """"Jan 2019 - Feb 2022" / "3 years 2 months": how long the job lasted, on the line under its dates."""
    under = _next_in_section(lines, index)
    text = under.text.strip() if under else ""
    return len(text) <= 40 and any(map(str.isdigit, text)) and bool(_NOTE.fullmatch(text))


def _entry_lines_below(lines: list[Line], index: int, today: date) -> list[str]:
    """A date that opens its entry ("Apr 2019 – Present" / "Embedded Engineer" / "Denso"): the two lines under it."""
    below = []
    # "3 years 2 months" under the dates is passed over: the role and its employer may both follow it
    start = index + 2 if _duration_under(lines, index) else index + 1
    for j in range(start, min(start + 2, len(lines))):
        candidate = lines[j]
        text = _entry_head(candidate.text)
        dated = find_date_range(candidate.text, today=today)
        if (candidate.heading or candidate.section != lines[index].section or not text
                or (dated and not _aside_in_brackets(candidate.text, dated[1])) or _prose(text)):
            # a date of its own opens the next entry ("(remote from Singapore from 2021)" is a note on this one); a
            # line of what the job did ("Built the Azure landing zone: hub-spoke network, …") names no one
            break
        if ":" in text and _job_facts(text):
            continue  # "Hours per week: 40 | Series/Grade: GS-2210-12" between the dates and the role
        if text.endswith(":") and len(text.split()) <= 3:
            break  # "Projects:", "Key achievements:": a label over the job's description, no role or employer
        field = _field(text) if ":" in text and _FIELD_LINE.fullmatch(text) else ("",)
        if field is None or field[0] == "other":
            break  # "Client: UK insurance broker", "Corporate title: VP": a note under the job, no role or employer
        below.append(text)
    return below


_ROW_SPLIT = re.compile(r"[ \t]{0,3}\|[ \t]{0,3}")


def _header(lines: list[Line], index: int) -> tuple[list[str], int] | None:
    """The columns of a positions table whose header starts here, and how many lines the header takes: one line
    "Period | Company | Role" (a DOCX row), or one cell per line (a PDF table)."""
    cells = [c.strip().lower() for c in _ROW_SPLIT.split(lines[index].text.strip())]
    if len(cells) > 1:
        columns, taken = cells, 1
    else:
        columns = []
        while (index + len(columns) < len(lines) and len(columns) < 8
               and _column_kind(lines[index + len(columns)].text)):
            columns.append(lines[index + len(columns)].text.strip().lower())
        taken = len(columns)
    found = [_column_kind(c) for c in columns]
    if None in found:
        return None
    kinds = [kind for kind in found if kind]
    if "engagement" in columns and "company" not in kinds:
        kinds[columns.index("engagement")] = "company"  # "Engagement | Role | Period": the client's name
    if len(columns) < 2 or not ("dates" in kinds or {"from", "to"} <= set(kinds)) or not (
            {"title", "company", "role_and_employer"} & set(kinds)):
        return None
    return kinds, taken


def _year_cell(cell: str, today: date) -> tuple[DateRange, None] | None:
    """A table's dates cell holding one year ("2015"): a job within that year."""
    year = _YEAR.fullmatch(cell.strip())
    built = _build_range((int(year.group(0)), None), (int(year.group(0)), None), today) if year else None
    return (built, None) if built else None


def _title_cell(cell: str) -> str:
    """A table's role cell: its area after an en dash is the role's ("Technical Lead – SAP ABAP")."""
    head, dash, _ = cell.partition(" – ")
    return cell.strip() if dash and _is_title(head) and "(" not in cell else _trim_title(cell)


def _table_rows(lines: list[Line], index: int, kinds: list[str], today: date, *, one_line: bool) -> list[Position]:
    """The rows under a header, as long as each holds a date range: a row a line under a header on one line (DOCX),
    a cell a line under a header of a cell a line (PDF)."""
    positions = []
    while index < len(lines) and not lines[index].heading:
        width = 1
        if one_line:
            cells = [c.strip() for c in _ROW_SPLIT.split(lines[index].text.strip())]
            if 2 <= len(cells) < len(kinds) and lines[index].text.count("|") == len(cells) - 1:
                cells += [""] * (len(kinds) - len(cells))  # a row whose last cells are empty
            if len(cells) != len(kinds):
                break
        else:
            width = len(kinds)
            cells = [line.text.strip() for line in lines[index:index + width]]
            if len(cells) < width or any(lines[index + k].heading or not cells[k] for k in range(width)):
                break
        row = _row_cells(kinds, cells)
        dates = row.get("dates") or f"{row.get('from', '')} – {row.get('to', '')}"
        found = find_date_range(dates, today=today) or _year_cell(dates, today)
        if not found:
            break
        if any(_BREAK.search(cell) for cell in cells) or _DEGREE.search(row.get("title", "")):
            # "Nov 2018 – Feb 2019 | — | Relocation | Career break", "2021 – 2022 | PUC Minas | MBA em Ciência de Dados"
            index += width
            continue
        if "role_and_employer" in row:  # "Senior Embedded Software Engineer – Kessler Antriebstechnik GmbH, Nürnberg"
            entry = _Entry()
            entry.take(_parts(row["role_and_employer"]), whole_line=True, text=row["role_and_employer"])
            row = {**row, "title": entry.title, "company": entry.company}
        company = _parts(row.get("company", ""))
        positions.append(Position(title=_title_cell(row.get("title", ""))[:120],
                                  company=(company[0] if company else "")[:120], range=found[0], first_line=index,
                                  last_line=index + width - 1, lines_below=width - 1))
        index += width
    return positions


def _role_below(lines: list[Line], index: int, today: date, used_below: int) -> tuple[str, int]:
    """The role on the line right under a date line whose employer stood above it, and the lines it takes."""
    below = _entry_lines_below(lines, index, today)
    head = _parts(below[0]) if below else []
    if len(head) == 1 and _is_title(head[0]) and not _legal_name(head[0]) and len(head[0].split()) <= 6:
        return head[0][:120], max(used_below, 1)
    # "事業内容:…" / "所属:ファームウェア開発グループ" / "役職:シニアエンジニア": the role labelled under the
    # employer's facts
    for taken, line in enumerate(lines[index + 1:index + 1 + _LABELLED_REACH], start=1):
        text = line.text
        if line.section != lines[index].section or not text.strip():
            break
        field = _field(text)
        if field and field[0] == "title" and field[1]:
            return field[1][:120], max(used_below, taken)
        if not (_EMPLOYER_FACTS.match(text.strip()) or (field and field[0] == "other")):
            break
    return "", used_below


_LABELLED_REACH = 4


def _read_entry(lines: list[Line], index: int, texts: tuple[str, str], around: tuple[list[str], list[str]],
                wrapped: int, today: date) -> tuple[str, str, int, int]:
    """(title, company, lines used above, lines used below) of the job whose date line is `index` (its text and the
    rest beside the dates; the entry lines above and below it)."""
    (text, rest), (above, below) = texts, around
    block = _labelled_block(lines, index, text)
    if block:  # Europass: "Dates | 01/03/2020 → present" over "Occupation or position held | …" and the employer
        title, company, used_below = block
        return title, company, 0, used_below
    title, company, used = _title_and_company(rest, above, below, piped="|" in text)
    used_below = max(_used_below(below, title, company), wrapped)
    if company and not title:  # "Sao Mai Tech JSC" / "03/2023 - Now" / "Senior Backend Developer"; "Freelance 2019 –
        # 2021" / "Web Developer"
        title, used_below = _role_below(lines, index, today, used_below)
    return title, company, used, used_below


# What follows "Title, " up to the next separator: the role's team or area when it is no employer, place or date
_AFTER_COMMA = re.compile(r"[ \t]{0,2}([A-Z&][^,|·•()\[\]—–]{0,50})", re.IGNORECASE)
_TEAM_ENDS = re.compile(rf"[ \t]-[ \t]|[ \t]{{2}}|[ \t](?:(?:19|20)\d\d\b|{_MONTH}[ \t]{{1,2}}(?:19|20)\d\d\b)",
                        re.IGNORECASE)


_DATE_WORD = re.compile(rf"(?:{_MONTH}|since|from|seit|desde|depuis|summer|spring|fall|autumn|winter)\b", re.IGNORECASE)


def _team_written(text: str, after: re.Match) -> str:
    """What stands after "Title, " up to a separator, a date or the end ("" when it runs on past 50 characters)."""
    team = after.group(1)
    end = _TEAM_ENDS.search(team)
    if end:
        return team[:end.start()].strip()
    return team.strip() if after.end() == len(text) or text[after.end()] in ",|·•([—–" else ""


def _with_team(title: str, company: str, texts: list[str]) -> str:
    """"Engineering Manager, Billing Platform", "Working Student, Marketing Analytics": the role as written, with the
    team or area a comma puts after it, where that is not the employer, a place, a date or a second role."""
    if not title or len(title) > 80 or ", " in title:
        return title
    for text in texts:
        at = text.find(f"{title}, ")
        if at < 0 or (at and text[at - 1].isalnum()):
            continue
        after = _AFTER_COMMA.match(text, at + len(title) + 1)
        team = _team_written(text, after) if after else ""
        if (not team or len(team.split()) > 5 or _YEAR.search(team) or _DATE_WORD.match(team) or is_place(team)
                or team in _US_STATES or _legal_name(team) or _is_title(_WEAK_ROLE_WORDS.sub(" ", team))
                or _NOTE.fullmatch(team) or team.split(None, 1)[0].lower() in _RANGE_OPENERS  # "de março de 2018 …"
                or (company and (team in company or company in team))):
            return title
        return f"{title}, {team}"[:120]
    return title


def _lines_above(lines: list[Line], index: int, bounds: tuple[int, date], positions: list[Position],
                 dates_lead: bool) -> list[str]:
    """The entry lines above a date line that belong to its job (`dates_lead`: the line opens with its dates and
    names more)."""
    before = positions[-1] if positions else None
    above = _entry_lines_above(lines, index, *bounds)
    if before and not before.lines_above and before.lines_below > 0 and not before.named_beside and not (
            above and _after_a_break(lines, index, len(above))) and not (
            dates_lead is False and any(_is_title(part) for text in above for part in _parts(text))
            and _next_in_section(lines, index) is None):
        # After a job whose dates opened its entry ("2020.04 - 2023.10" / company / title), the lines above the next
        # dates are the end of that job, not the start of this one (not after "Wattlebird Bank — Melbourne (Feb 2019 –
        # Present)" / its roles: the employer opened that entry; nor where a blank line opens this entry; nor where
        # these dates close their section, with nothing under them: "IT Intern (OJT)" / "Luzon Agro Foods Corp." /
        # "Apr 2017 - May 2017" / "EDUCATION")
        return []
    if (above and dates_lead and before and before.dates_lead and before.named_beside and not before.lines_above
            and not any(_legal_name(part) for part in _parts(above[0]))):
        # Nor after a job whose line opened with its dates and named all of it ("Depuis janv. 2022 — Data Engineer
        # senior, Groupe Ravel"), when this line opens with its dates too: what stands above is that job's
        return []
    return above


def _after_a_break(lines: list[Line], index: int, taken: int) -> bool:
    """Whether a blank line stands right above the `taken` entry lines over line `index` (and the job before ends
    there): "Northgate Health NHS Foundation Trust" / "" / "Brightwave Managed Services Ltd | Sheffield, UK" /
    "Network Engineer | Jun 2017 – Feb 2021"."""
    top = index - taken
    return top > 0 and not lines[top - 1].text.strip() and all(lines[j].text.strip() for j in range(top, index))


def _dates_lead(text: str, match: re.Match) -> bool:
    before = _strip(text[:match.start()]).lower()
    return not before or before in _RANGE_OPENERS or before in ("since", "depuis", "seit", "desde", "dal", "od")


def _restore_inner_dashes(positions: list[Position]) -> None:
    """An en dash kept inside a role on its way through the reading is an en dash again."""
    for position in positions:
        position.title, position.company = position.title.replace("\x06", "–"), position.company.replace("\x06", "–")


def find_positions(lines: list[Line], *, today: date | None = None) -> list[Position]:
    """Jobs: a date range in the experience section (or, with no such section, outside education and projects); with
    none there, the dates of a column of their own beside the jobs, in the order the jobs are listed."""
    today = today or date.today()
    _forget_answers()  # the previous resume's: a bound on memory, and each resume is read from scratch
    lines = _month_rejoined(_day_first(lines))
    positions = _find_positions(lines, today) or _dates_beside(lines, today)
    _employers_beside(positions, lines, today)
    if positions:
        headings = _headings_above(lines)
        positions = [p for p in positions if not _course_taught(p, headings)] or positions
    positions = _without_years_inside_the_job_above(positions, lines)
    history = _rirekisho_history(lines, today)
    return history if _named(history) > _named(positions) or not positions else positions


# "Industrial Attachment – ICT | Uasin Gishu Dairy Cooperative | Eldoret | May" / "2017 – Aug 2017": a start month
# cut from its year by the end of the line
_CUT_MONTH = re.compile(rf"(?<=\S)[ \t]{{1,3}}[|·,–—][ \t]{{1,3}}((?:{_MONTH})\.?)[ \t]{{0,3}}$", re.IGNORECASE)
_YEAR_FIRST = re.compile(r"(?:19|20)\d\d[ \t]{0,3}(?:-{1,2}|–|—|to)[ \t]")


def _month_rejoined(lines: list[Line]) -> list[Line]:
    """The lines with a start month that the line's end cut from its year put back before the year, on the next line."""
    out = list(lines)
    for at in range(len(out) - 1):
        cut = _CUT_MONTH.search(out[at].text, max(0, len(out[at].text) - 24)) if out[at].text[-1:].isalpha() else None
        if (cut and out[at + 1].section == out[at].section and _YEAR_FIRST.match(out[at + 1].text.lstrip())
                and not _YEAR.search(out[at].text)):
            out[at] = replace(out[at], text=out[at].text[:cut.start()])
            out[at + 1] = replace(out[at + 1], text=f"{cut.group(1)} {out[at + 1].text.lstrip()}")
    return out


def _without_years_inside_the_job_above(positions: list[Position], lines: list[Line]) -> list[Position]:
    """"Technical Lead — Project Phoenix — 2021" under "Senior Consultant | Accenture | Jan 2018 – Dec 2022": a line
    that names a role and one year within the job above it, before the next job, is a part of that job (a project, a
    stint), not a job of its own (not "Relief Teacher (casual) — Education Queensland — 2013" after a job that
    ended)."""
    kept: list[Position] = []
    for position in positions:
        above = kept[-1] if kept else None
        year = position.range.start[0]
        if (above and position.range.start_precision == "year" and position.range.end[0] == year
                and END_YEAR.search(lines[position.first_line].text) and above.range.start <= (year, 1)
                and above.range.end >= (year, 12) and position.first_line > above.first_line):
            continue
        kept.append(position)
    return kept


_TEACHING_HEADING = re.compile(r"(?:teaching|lehre|enseignement|docencia|docência|didattica)\b", re.IGNORECASE)
# ("Module lead, Single-Cell Data Analysis (MSc Bioinformatics)": a duty of teaching, then the course, no institution)
_TEACHING_DUTY = re.compile(r"guest[ \t]lecturer|module[ \t](?:co-?)?lead(?:er)?|course[ \t](?:coordinator|leader|lead)"
                            r"|co-?supervisor|tutor|demonstrator|teaching[ \t]assistant|lecturer", re.IGNORECASE)
# a course's code and name ("BINF90002 Genomics & Bioinformatics", "CSCI 4163 Human-Computer Interaction"; not "PS 158
# Bayard Taylor", a school) or a name in quotes, whole ("'Programming in Python for Biologists'")
_COURSE_NAMED = re.compile(r"(?:[A-Z]{3,5}[ \t]?\d{2,5}[A-Z]?|[A-Z]{2}\d{2,5}[A-Z]?)\b[ \t].{2,100}"
                           r"|['‘“\"][^'‘“\"’”]{2,100}['’”\"](?:[ \t]\([^()]{1,40}\))?")
# what a course is called ("Genomic Data Science", "Machine Learning Practical", "Introduction to NGS Data Analysis")
_COURSE_SUBJECT = re.compile(r"\b(?:introduction|programming|data|analysis|science|learning|practicals?|methods"
                             r"|tutorials?|seminars?|undergraduate|postgraduate"
                             r"|statistics|computing|algorithms|bioinformatics|genomics|module|course|msc|bsc)\b",
                             re.IGNORECASE)


def _headings_above(lines: list[Line]) -> list[str]:
    """The heading each line stands under (its own, for a heading), found in one pass."""
    headings, heading = [], ""
    for line in lines:
        heading = line.text if line.heading else heading
        headings.append(heading)
    return headings


def _course_taught(position: Position, headings: list[str]) -> bool:
    """"Guest lecturer, BINF90002 Genomics & Bioinformatics (University of Melbourne, 2021 – 2024)" under "TEACHING AND
    SUPERVISION": a course taught, listed apart from the jobs, read with a course code or a quoted name where the
    employer stands; not a job."""
    company = position.company or ""
    if not (_COURSE_NAMED.fullmatch(company) or (
            _TEACHING_DUTY.fullmatch(position.title or "") and _COURSE_SUBJECT.search(company)  # not "TU Delft"
            and not (_UNIT.search(company) or _ORG_WORD.search(company) or _legal_name(company) or is_place(company)))):
        return False
    heading = headings[position.first_line]
    return bool(_TEACHING_HEADING.search(heading)) and "experience" not in heading.lower()


_FULL_DATE = re.compile(r"(?<![\d/])(\d\d?)/(\d\d?)/((?:19|20)\d\d)(?![\d/])")


def _day_first(lines: list[Line]) -> list[Line]:
    """The lines with their full dates written day first: a resume whose dates put the month first ("From 03/16/2016 To
    05/31/2020", the US order, told by a second number over 12 and no first one over 12 among the jobs' dates) has each
    turned round, so that "06/01/2020" in it is read as June, as its writer meant."""
    if not _month_first(lines):
        return lines
    return [replace(line, text=_FULL_DATE.sub(r"\2/\1/\3", line.text)) if "/" in line.text else line
            for line in lines]


def _month_first(lines: list[Line]) -> bool:
    """Whether the full dates are written month first: told by the jobs' own dates where they can tell (a number over
    12 second and none first; or, with none over 12, the first of the month throughout: "09/01/2019 – 03/01/2023");
    by the whole resume's only where they cannot (not by a course's or a birth date's order over the jobs')."""
    def pairs(chosen: list[Line]) -> list[tuple[int, int]]:
        return [(int(a), int(b)) for line in chosen if "/" in line.text for a, b, _ in _FULL_DATE.findall(line.text)]

    jobs = pairs([line for line in lines if line.section == EXPERIENCE])
    told = len(jobs) >= _TIE_BREAK_DATES  # the first of each month throughout: enough dates to tell by
    if any(a > 12 for a, _ in jobs) or (told and all(a == 1 for a, _ in jobs) and len({b for _, b in jobs}) >= 3):
        return False
    if any(b > 12 for _, b in jobs) or (told and all(b == 1 for _, b in jobs) and len({a for a, _ in jobs}) >= 3):
        return True
    found = pairs(lines)
    return any(b > 12 for _, b in found) and not any(a > 12 for a, _ in found)


_TIE_BREAK_DATES = 3


def _named(positions: list[Position]) -> int:
    return sum(bool(position.title and position.company) for position in positions)


def _rirekisho_history(lines: list[Line], today: date) -> list[Position]:
    """The jobs of a Japanese 履歴書's year / month / event rows (see resumes.rirekisho): taken over the jobs read
    from dates when they name more of them whole (a 職務経歴書 after the table names them better, when there is one)."""
    positions = []
    for job in rirekisho.career(lines):
        end = job.end or (today.year, today.month)
        positions.append(Position(title=job.title[:120], company=job.company[:120],
                                  range=DateRange(start=job.start, end=end, current=job.end is None),
                                  first_line=job.first_line, last_line=job.last_line))
    return positions


def _dates_column(lines: list[Line], today: date) -> list[str]:
    """The lines of dates and nothing else in the block before the named sections, above the jobs ("PERIOD" / "Feb 2023
    – Present" / "" / "Jun 2020 – Jan 2023": a column of dates beside the jobs, extracted apart from them, as a sidebar
    is); not the dates of volunteering, certificates or activities below the jobs."""
    jobs = next((at for at, line in enumerate(lines) if line.section == EXPERIENCE), len(lines))
    return [line.text.strip() for line in lines[:jobs]
            if line.section not in _NOT_A_DATES_COLUMN and not line.heading and line.text.strip()
            and (_alone(line.text, today) or _YEAR_ALONE.fullmatch(line.text.strip()))]


_BEFORE_THE_SECTIONS = frozenset({HEADER, PERSONAL})
# a sidebar's dates can follow its "KEY SKILLS" heading (the column was extracted whole, before the jobs); not the
# dates of studies or projects
_NOT_A_DATES_COLUMN = frozenset({EXPERIENCE, EDUCATION, PROJECTS, CERTIFICATIONS, SUMMARY})


_YEAR_ALONE = re.compile(r"(?:19|20)\d\d")


def _job_heads(lines: list[Line], today: date) -> list[int]:
    """The last line of each job's head in an experience section without dates: a run of short lines, one of them
    naming a role ("Senior Mobile Engineer" / "Kudimoni Technologies Ltd, Lagos"), between blank lines, bullets or
    lines of description."""
    heads: list[int] = []
    run: list[int] = []
    for index, line in enumerate([*lines, Line(index=len(lines), text="", section="", context="")]):
        text = line.text.strip()
        if line.section == EXPERIENCE and not line.heading and text and _looks_like_entry(text) and not _prose(text):
            if find_date_range(text, today=today):
                return []  # a date of its own in the section: not a section without dates
            run.append(index)
            continue
        if run and len(run) <= 3 and any(_is_title(part) for at in run for part in _parts(lines[at].text)):
            heads.append(run[-1])
        run = []
    return heads


def _dates_beside(lines: list[Line], today: date) -> list[Position]:
    """Jobs whose dates stand in a column of their own: the column's dates given to the jobs' heads in order, when
    there are as many of each."""
    dates = _dates_column(lines, today)
    if len(dates) < 2:
        return []
    heads = _job_heads(lines, today)
    if len(heads) < 2 or not 0 <= len(dates) - len(heads) <= 2:
        return []
    if len(dates) > len(heads):
        # a degree's dates stand in the same column, beside the education that follows the jobs (or precedes them)
        sections = [line.section for line in lines if line.heading and line.section in {EXPERIENCE, EDUCATION}]
        if EDUCATION not in sections:
            return []
        later = sections.index(EDUCATION) > sections.index(EXPERIENCE)
        dates = dates[:len(heads)] if later else dates[len(dates) - len(heads):]
    column, dated = set(dates), dict(zip(heads, dates, strict=True))  # looked up per line: no scan of a list
    joined: list[Line] = []
    for index, line in enumerate(lines):
        if not (line.section not in _NOT_A_DATES_COLUMN and line.text.strip() in column and index < heads[0]):
            joined.append(line)
        if index in dated:
            joined.append(replace(line, text=dated[index], heading=False))
    return _find_positions(joined, today)


_EMPLOYERS_HEADING = re.compile(r"(?:employers?|companies|where(?:[ \t]{0,2}/[ \t]{0,2}when)?"
                                r"|where[ \t]i(?:'ve|[ \t]have)?[ \t]worked|workplaces?)[ \t]{0,2}:?", re.IGNORECASE)
_SIDEBAR_REACH = 60  # lines of the block before the sections that can hold a column of employers
_COLUMN_JOBS = 12  # jobs whose employers a sidebar can list
# what a sidebar's line names that is no employer: a contact's label, a language, a certificate, a school
_NOT_AN_EMPLOYER = re.compile(r"(?:address|phone|mobile|tel|email|e-mail|location|contact|nationality|website|portfolio"
                              r"|date[ \t]of[ \t]birth|languages?|english|german|french|spanish|arabic|hindi|mandarin"
                              r"|yoruba|igbo|hausa|swahili|portuguese|italian|dutch|polish|turkish)\b", re.IGNORECASE)
_CREDENTIAL = re.compile(r"\b(?:certified|certificate|certification|diploma|degree|bachelor|master|csm|pmp"
                         r"|university|college|school|academy)\b", re.IGNORECASE)
# what a column beside places or years under the contact block names that is no employer: a club, a meetup, an event,
# an award, a referee
_CLUB = re.compile(r"\b(?:meetup|club|society|community|chapter|gdg|association|league|toastmasters|hackathon|award"
                   r"|prize|marathon|conference|summit|festival|con|prof|dr|mr|mrs|ms|volunteer)\b", re.IGNORECASE)


def _employers_by_their_names(names: list[str]) -> bool:
    """A column with no heading of its own lists employers only when there are three or more, half of them or more
    named as only an organisation is (a legal form, "Technologies", "Bank", "Self-employed"), and none a club, an
    event, an award or a person: clients, referees, talks or races beside their towns or years look the same."""
    named = sum(bool(_legal_name(name) or _ORG_WORD.search(name) or _OWN_ALONE.fullmatch(name)) for name in names)
    return len(names) >= 3 and 2 * named >= len(names) and not any(_CLUB.search(name) for name in names)
_NAME_WORDS = frozenset({"of", "and", "&", "de", "du", "der", "für", "la", "le", "el", "da", "do", "di", "van", "von"})


def _contact_line(text: str) -> bool:
    lowered = text.lower()
    return "@" in text or sum(map(str.isdigit, text)) >= 5 or any(
        mark in lowered for mark in ("http", "www.", "linkedin", "github", ".com"))


def _place_line(text: str) -> bool:
    """"Lagos (hybrid)", "Remote", "Yaba, Lagos": where a job was, and nothing else."""
    parts = _parts(text)
    return not parts or is_place(parts[0]) or is_place(text)


def _employer_like(text: str, today: date) -> bool:
    """A name as an employer's is written: a few words, each capitalised (or a connector, a legal form); not a place,
    a role, a date, a contact's detail, a language, a certificate, a school or a technology."""
    words = text.split()
    return (len(text) <= 60 and len(words) <= 6 and not _contact_line(text) and not _NOT_AN_EMPLOYER.match(text)
            and not _CREDENTIAL.search(text)
            and all(word[:1].isupper() or word[:1].isdigit() or word.lower() in _NAME_WORDS or word[:1] in "(&"
                    for word in words)
            and not _place_line(text) and not _is_title(text) and not _names_a_skill(text)
            and not _YEAR_ALONE.fullmatch(text) and _looks_like_entry(text)
            and find_date_range(text, today=today) is None and not _EMPLOYERS_HEADING.fullmatch(text))


def _line_kind(text: str, today: date) -> str:
    """"employer", "date", "place" or "" for one line of a sidebar."""
    if _alone(text, today) or _YEAR_ALONE.fullmatch(text):
        return "date"
    if len(text.split()) <= 4 and _place_line(text):
        return "place"
    return "employer" if _employer_like(text, today) else ""


def _sidebar_block(lines: list[Line]) -> list[str]:
    """The lines before the sections that a sidebar holds: the header's and a contact block's, not references' or
    interests' (a referee's name, a club)."""
    first_job = next((at for at, line in enumerate(lines) if line.section == EXPERIENCE), len(lines))
    block: list[str] = []
    open_block = True
    for line in lines[:min(first_job, _SIDEBAR_REACH * 2)]:
        text = line.text.strip()
        if line.heading:
            open_block = line.section == HEADER or (line.section == PERSONAL and "contact" in line.text.lower())
        elif text.isupper() and len(text.split()) <= 4 and not _EMPLOYERS_HEADING.fullmatch(text):
            open_block = False  # "KEY CLIENTS", "SPEAKING": a heading of the sidebar's own, over clients or talks
        elif open_block and line.section in _BEFORE_THE_SECTIONS and text:
            block.append(text)
    return block[:_SIDEBAR_REACH]


def _sidebar_employers(lines: list[Line], jobs: int, today: date) -> list[str]:
    """The employers of `jobs` jobs listed in a column of their own before the sections, in the jobs' order, under a
    heading of their own ("EMPLOYER", "WHERE / WHEN"): one a line, or each beside its place or its dates ("Kudipay
    Technologies" / "Lagos (hybrid)" / "Ajo Savings Ltd" / "Remote" ...); [] when no such column holds exactly as many.
    Names beside years or places elsewhere in a sidebar are as often awards, schools, clubs, talks or clients as
    employers, and an invented employer is worse than none."""
    block = _sidebar_block(lines)
    kinds = [_line_kind(text, today) for text in block]  # each line's kind found once
    headed = [at + 1 for at, text in enumerate(block) if _EMPLOYERS_HEADING.fullmatch(text)]
    # or, with no heading, straight under the contact block ("Lagos, Nigeria" / "+234 …" / "…@gmail.com" / "Kudipay
    # Technologies" / "Lagos (hybrid)" / …): then only as a column beside places or dates, never one name a line
    lead = next((at for at, text in enumerate(block) if not (_contact_line(text) or kinds[at] == "place")), 0)
    under_contacts = [lead] if any(_contact_line(text) for text in block[:lead]) else []
    for start in [*headed, *under_contacts]:
        listed = start in headed and _employers_listed(block[start:start + jobs + 2], kinds[start:start + jobs + 2],
                                                       jobs)
        if listed:
            return listed
        for period in (2, 3):
            end = start + period * jobs
            if end > len(block) or kinds[start] not in ("employer", "date"):
                continue
            columns = [set(kinds[start + offset:end:period]) for offset in range(period)]
            # each column one kind, one of them the employers', and no further employer after them (a column that
            # goes on is not this one)
            if (all(len(column) == 1 and "" not in column for column in columns)
                    and sum(column == {"employer"} for column in columns) == 1
                    and (end == len(block) or kinds[end] != "employer")):
                offset = columns.index({"employer"})
                names = [_parts(text)[0][:120] for text in block[start + offset:end:period]]
                if start in headed or _employers_by_their_names(names):
                    return names
    return []


def _employers_listed(texts: list[str], kinds: list[str], jobs: int) -> list[str]:
    """The employers listed one a line under their heading, when there are as many as jobs; a name that wrapped onto a
    second line of one word is joined ("City of Tshwane Metropolitan" / "Municipality")."""
    run = [text for text, _ in itertools.takewhile(lambda pair: pair[1] == "employer", zip(texts, kinds, strict=False))]
    if len(run) == jobs + 1:
        wrapped = [at for at in range(1, len(run)) if len(run[at].split()) == 1 and not _legal_name(run[at - 1])]
        if len(wrapped) == 1:
            at = wrapped[0]
            run = [*run[:at - 1], f"{run[at - 1]} {run[at]}", *run[at + 1:]]
    return [text[:120] for text in run] if len(run) == jobs else []


def _employers_beside(positions: list[Position], lines: list[Line], today: date) -> None:
    """Roles whose employers stand in a column of their own (a sidebar beside the main column): each is given its
    employer from that column, in order, when none of them names one."""
    if not 2 <= len(positions) <= _COLUMN_JOBS or any(p.company or not p.title for p in positions):
        return
    employers = _sidebar_employers(lines, len(positions), today)
    for position, employer in zip(positions, employers, strict=False):
        position.company = employer


_DESCRIBED_AFTER = re.compile(r"[ \t]{0,2}:[ \t]{1,3}\S+(?:[ \t]{1,3}\S+){2}")


def _client_and_work(text: str, match: re.Match) -> bool:
    """"Zorgportaal Midden, 2020 – 2021: migratie naar React": a client, its dates and the work, no role (not
    "04/2019 – 03/2022: Senior Java Entwickler", a role after its dates)."""
    described = _DESCRIBED_AFTER.match(text, match.end())
    return bool(described) and bool(text[:match.start()].strip(" ([")) and not _is_title(
        text[described.start():described.start() + 60]) and not _is_title(text[:match.start()])


def _under_the_role(lines: list[Line], index: int, below: list[str], positions: list[Position], today: date,
                    dates_lead: bool) -> list[str]:
    """What of the lines under a date line that names its role can name its employer: a short line at most."""
    below = [text for text in below[:1] if _short_employer_line(text)]
    if positions and positions[-1].headed and not positions[-1].lines_below and not any(
            is_place(part) for text in below for part in _parts(text)[1:2]):
        # the next role under the employer's heading, written as the one before it was; what stands under it is its
        # team ("Squad de Checkout, Tribo de Pagamentos"), unless it names a place as an employer's line does
        # ("Codexpert Solutions, Islamabad")
        return []
    if (below and not dates_lead and positions and positions[-1].headed and index + 2 < len(lines)
            and not _BULLET.match(lines[index + 2].text.lstrip()) and TITLE_WORDS.search(lines[index + 2].text)
            and find_date_range(lines[index + 2].text, today=today)):
        # under employers' headings, "Minnehaha Insurance Company, St. Paul" over "Senior ETL Developer | 2009 – 2012":
        # the employer that heads the next role (elsewhere, "Senior Engineer | 2020 – Present" / "Acme Corp, Berlin":
        # this role's)
        return []
    return below


def _find_positions(lines: list[Line], today: date) -> list[Position]:
    positions: list[Position] = []
    floor = -1  # lines at or above this belong to the previous job
    for index, line in _eligible(lines):
        if index <= floor:
            continue
        several = _several_jobs(lines, index, floor, today)
        if several:  # a table of jobs, a promotion chain
            positions.extend(several)
            floor = several[-1].last_line
            continue
        text, found, wrapped = _dated_text(lines, index, today)
        if not found or _no_job(text, found[1]) or _PROMOTED_FROM.match(text.strip()) or _sentence_goes_on(
                lines, index, text, found[1]) or _client_assignment(lines, index, text, found[1]) or (
                found[1].re is PLACE_YEAR and not _role_right_above(lines, index)) or (
                found[1].re is YEAR_CELL and not _a_job_of_its_own(lines, index, positions, found[0])) or (
                _chain_under_dates(lines, index, found[1], positions)):
            continue  # "Promoted from Data Engineer (2018 – 2020)": the roles before the one above, read with it
        date_range, match = found
        rest = _rest_of(text, match)
        prose = _WORKED_AS.fullmatch(rest) or _told_in_a_sentence(rest)
        if not prose and not rest.strip(". ") and index and lines[index - 1].section == line.section:
            # "Currently working as ... in Cognizant Technology Solutions, Hyderabad from" / "Jan 2024 to till date."
            prose = _WORKED_AS.fullmatch(_strip(lines[index - 1].text))
        if prose:  # "Worked as iOS Developer in Mindtree Ltd., Bengaluru from Jan 2020 to Jul 2022"
            rest = f"{prose.group(1)} | {prose.group(2)}"
        dates_lead = _dates_lead(text, match)
        above = [] if _IN_BRIEF.match(text) else _lines_above(lines, index, (floor, today), positions,
                                                                dates_lead and bool(rest.strip()))
        below = _entry_lines_below(lines, index, today) if not (
            above or _client_and_work(text, match) or _DATED_BULLET.match(text.strip())) else []
        if below and TITLE_WORDS.search(rest):  # the role stands beside the dates: under them, a short line at most
            below = _under_the_role(lines, index, below, positions, today, dates_lead)
        title, company, used, used_below = _read_entry(lines, index, (text, rest), (above, below), wrapped, today)
        title, company = title.replace("\x06", "–"), company.replace("\x06", "–")
        title = _with_team(title, company, [text, *above[:used], *below[:used_below]])
        if used_below and _duration_under(lines, index):
            used_below += 1  # the duration's line, passed over, is the entry's too
        if _BREAK.search(f"{title} {company}") or _deployed(company) or (
                not (title or company) and _BREAK.search(text)) or any(
                _BREAK.search(head) for head in above[:2]) or (
                match.start() > 0 and _BREAK.search(text, 0, match.start())):
            floor = index  # the lines under it may open the next job
            continue  # "Career break & retraining": time in the list, but no job
        positions.append(Position(title=title, company=company, range=date_range, first_line=index,
                                  last_line=index, lines_above=used, lines_below=used_below,
                                  headed=_employer_line_above(above[:used], company),
                                  after_comma=bool(title and company) and not _IN_BRIEF.match(text) and any(
                                      f"{title}, {company}" in text for text in [rest, *above[:used]]),
                                  named_beside=bool(company) and company in rest, dates_lead=dates_lead))
        floor = index + used_below
    _employers_over_a_gap(positions, lines, today)
    positions = _same_job_twice(_under_one_employer(_client_projects(_stacked_roles(positions), lines), lines))
    positions = _roles_listed(positions, lines)
    positions = _told_roles(_promoted_from(_chained_roles(positions, lines), lines, today), lines)
    positions = _undated_roles_below(positions, lines, today)
    positions = _arrowed_roles([p for at, p in enumerate(positions) if not _summary_of_roles(p, positions[:at])
                                and not any(_duty_within(p, job) for job in positions[max(0, at - _TWINS_CHECKED):at])])
    _restore_inner_dashes(positions)
    _as_the_others(positions, lines, today)
    _set_extents(positions, lines)
    return positions


def _cells_of(position: Position, lines: list[Line], today: date) -> tuple[list[str], int] | None:
    """The cells of a job's date line ("Bookseller (part-time) | Harwood Books | Manchester | Oct 2014 – Jul 2017")
    and which of them holds the dates."""
    cells = _SEGMENT.split(lines[position.first_line].text.strip())
    if len(cells) < 3:
        return None
    dated = [at for at, cell in enumerate(cells) if find_date_range(cell, today=today)]
    return (cells, dated[0]) if len(dated) == 1 else None


def _as_the_others(positions: list[Position], lines: list[Line], today: date) -> None:
    """A job read as an employer alone from a line of cells ("Bookseller (part-time) | Harwood Books | Manchester |
    dates"): its role and employer stand in the cells where the other jobs' lines, written the same way, have theirs.
    Each line's cells are read once: the layouts first, then the jobs that need one (not every pair of jobs)."""
    untitled = [p for p in positions if not p.title and p.company and not p.lines_above and not p.lines_below]
    layouts: dict[tuple[int, int], tuple[int, int]] = {}  # (cells, the dates' cell) -> (the role's, the employer's)
    for other in positions if untitled else ():
        theirs = _cells_of(other, lines, today) if other.title and other.company else None
        cells = [_strip(cell) for cell in theirs[0]] if theirs else []
        if other.title in cells and other.company in cells:
            layouts.setdefault((len(cells), theirs[1]), (cells.index(other.title), cells.index(other.company)))
    for position in untitled if layouts else ():
        own = _cells_of(position, lines, today)
        layout = layouts.get((len(own[0]), own[1])) if own else None
        if layout:
            title, company = _strip(own[0][layout[0]]), _strip(own[0][layout[1]])
            if not (_legal_name(title) or _OWN_ALONE.fullmatch(title) or is_place(company) or _NOTE.fullmatch(company)):
                position.title, position.company = title, company  # not "Acme Ltd | Leeds | 2016 – 2018"


# (it was shadowed by the promotion chain's pattern of the same name, which it now copies: the roles read the same)
_TITLE_ARROW = re.compile(r"[ \t]{0,3}(?:→|->|⇒)[ \t]{0,3}")
# "(promoted 2012)", "(from Jan 2019)", "(2015年昇格)": when the role after the arrow began
_PROMOTED_IN = re.compile(r"[ \t]{0,3}\((?:promoted|since|from|seit|desde|depuis|dal|od|ab)?[ \t]{0,3}(?:in[ \t]{1,3})?"
                          r"(?:(?P<month>[A-Za-z]{3,9})\.?[ \t]{1,3})?(?P<year>(?:19|20)\d\d)[^()]{0,12}\)[ \t]*$",
                          re.IGNORECASE)


def _arrowed_roles(positions: list[Position]) -> list[Position]:
    """"Software Engineer → Senior Software Engineer" over one range: a role each, in the order written (the labels
    split such a chain 6 times in 8); "… (promoted 2012)" says where the range splits, else each holds all of it."""
    out: list[Position] = []
    for position in positions:
        if "→" not in position.title:
            out.append(position)
            continue
        note = _PROMOTED_IN.search(position.title)
        head = position.title[:note.start()] if note else position.title
        roles = [role.strip() for role in _TITLE_ARROW.split(head)]
        if len(roles) < 2 or "(" in head or not all(map(_is_title, roles)):
            out.append(position)  # "Analityk SOC (L1 → L2)": a rank's change, one role
            continue
        periods = _split_at_promotion(position.range, note, len(roles))
        out.extend(replace(position, title=role[:120], range=period)
                   for role, period in zip(roles, periods, strict=True))
    return out


def _split_at_promotion(period: DateRange, note: re.Match | None, roles: int) -> list[DateRange]:
    if note is None or roles != 2:
        return [period] * roles
    month = _month_or_none(note.group("month")) if note.group("month") else None  # "(joined 2012)": none
    turn = (int(note.group("year")), month or 1)
    if not period.start <= turn <= period.end:
        return [period] * roles
    precision = "month" if month else "year"
    return [replace(period, end=turn, current=False, end_precision=precision),
            replace(period, start=turn, start_precision=precision)]


# The labelled rows of a Europass CV (a table: "Occupation or position held | Data Engineer"), under the dates' row
_DATES_LABEL = re.compile(r"[ \t]{0,4}(?:dates?|period|duration|fechas|datas|daten|zeitraum|daty|periode|periodo"
                          r"|período)[ \t]{0,12}[:|]", re.IGNORECASE)
_ROW_FIELD = re.compile(r"[ \t]{0,4}([^\W\d_][\w '’]{1,50}?)[ \t]{0,12}[:|][ \t]{0,12}(\S.*)")
# The labels of a Europass CV's rows, in the languages it is filled in
_ROW_TITLES = frozenset({"occupation or position held", "position held", "occupation", "job title", "position", "role",
                         "title", "designation", "lavoro o posizione ricoperti", "posizione ricoperta",
                         "profesión o cargo desempeñado", "puesto o cargo ocupados", "fonction ou poste occupé",
                         "poste occupé", "beruf oder funktion", "função ou cargo ocupado", "zajmowane stanowisko",
                         "functie of positie"})
_ROW_EMPLOYERS = frozenset({"name and address of employer", "name of employer", "employer", "company", "organisation",
                            "organization", "nome e indirizzo del datore di lavoro", "datore di lavoro",
                            "nombre y dirección de la empresa o empleador", "nombre y dirección del empleador",
                            "empleador", "nom et adresse de l'employeur", "nom et adresse de l’employeur", "employeur",
                            "name und adresse des arbeitgebers", "arbeitgeber", "nome e morada do empregador",
                            "nome e endereço do empregador", "empregador", "nazwa i adres pracodawcy", "pracodawca",
                            "naam en adres van de werkgever", "werkgever"})


def _labelled_block(lines: list[Line], index: int, text: str) -> tuple[str, str, int] | None:
    """(title, company, lines used below) from the labelled rows under a "Dates | …" row; None for no such block."""
    if not _DATES_LABEL.match(text):
        return _stacked_block(lines, index) if index and _DATES_LABEL.fullmatch(f"{lines[index - 1].text}:") else None
    above = _field(lines[index - 1].text) if index else None
    if above and above[0] in ("title", "company"):
        return None  # "Designation : Technology Lead" / "Duration : Aug 2021 – Till Date": the fields above are its own
    entry, used = _Entry(), 0
    for at in range(index + 1, min(len(lines), index + 12)):
        if _DATES_LABEL.match(lines[at].text) or not lines[at].text.strip():
            break
        row = _ROW_FIELD.fullmatch(lines[at].text)
        if not row:
            continue  # a row's value wrapped onto the next line
        used = at - index
        label = " ".join(row.group(1).lower().split())
        if label in _ROW_TITLES and not entry.title:
            entry.title = _strip(row.group(2))[:120]
        elif label in _ROW_EMPLOYERS and not entry.company:
            entry.company = (_parts(row.group(2)) or [""])[0][:120]
    return (entry.title, entry.company, used) if entry.title or entry.company else None


def _stacked_block(lines: list[Line], index: int) -> tuple[str, str, int] | None:
    """A Europass table read a cell a line: "Date" / "01/03/2020 – in corso" / "Lavoro o posizione ricoperti" /
    "Sviluppatrice Backend Senior" / … / "Nome e indirizzo del datore di lavoro" / "Fintessa S.p.A., Via Tortona 33"."""
    entry, used = _Entry(), 0
    for at in range(index + 1, min(len(lines) - 1, index + 14)):
        label = " ".join(lines[at].text.lower().split())
        if _DATES_LABEL.fullmatch(f"{label}:") or not label:
            break
        if label in _ROW_TITLES and not entry.title:
            entry.title, used = _strip(lines[at + 1].text)[:120], at + 1 - index
        elif label in _ROW_EMPLOYERS and not entry.company:
            entry.company, used = (_parts(lines[at + 1].text) or [""])[0][:120], at + 1 - index
    return (entry.title, entry.company, used) if entry.title and entry.company else None


# "Earlier: IT Support Officer, Monash University (2013 – 2014)": an older job in brief, whole on its line
_IN_BRIEF = re.compile(r"[ \t]{0,4}(?:earlier|previously|before[ \t]that|prior|early[ \t]career|earlier[ \t]career"
                       r"|in[íi]cio[ \t]de[ \t]carreira|früher|auparavant|frühere|eerdere|etapas[ \t]anteriores"
                       r"|postes[ \t]ant[ée]rieurs|précédemment|anteriormente|wcześniej)\b[^:\n]{0,20}:", re.IGNORECASE)
# "Earlier: NOC Operator, Cobalt Internet (2003 – 2005); IT Helpdesk Technician, Salford City Council (2001 – 2003)":
# older jobs in brief, one line, each with its dates
_BRIEF_DATED = re.compile(r"\([^()]{0,60}\b(?:19|20)\d\d\b[^()]{0,20}\)")
_BRIEF_AFTER = re.compile(r"[ \t]{0,2}[,;][ \t]{1,3}(?:then[ \t]{1,3})?promoted[ \t]{1,3}to[ \t]{1,3}"
                          r"|[ \t]{0,2}[;,·|][ \t]{0,3}(?:(?:and|y|e|und|en|et)[ \t]{1,3})?"
                          r"|[ \t]{1,3}(?:and|y|e|und|en|et)[ \t]{1,3}")
_YEAR_IN_BRACKETS = re.compile(r"\(((?:19|20)\d\d)\)")
_RANGE_OPENERS = frozenset({"de", "du", "from", "von", "vom", "desde", "dal", "dall'", "od", "van", "da"})


_BRACKET_NOTE = re.compile(r"\b(?-i:[a-z])[a-z]{2,}|\d")  # "(NYSC service year)", not "(Acme Corp)": a note


_WORK_AFTER_DATES = re.compile(r"[ \t]{0,3}[—–-][ \t]{1,3}\S+(?:[ \t]{1,3}\S+){2}")


def _told_after_dates(after: str) -> bool:
    """"— team of 14; Tableau rollout", "— MicroStrategy to Tableau migration, SSAS cubes": words in lower case
    besides "of", "and", "to" (an employer's name has none) say what was done."""
    told = after.lstrip(" \t—–-")
    if _legal_name(told.split(",")[0].strip()):
        return False  # "— eBay Kleinanzeigen GmbH", "— trivago N.V., Düsseldorf": the employer
    opening = told.split(";")[0].split()
    if ";" in told and opening and opening[0][:1].islower():
        return True  # "— team of 14; Tableau rollout to 600 users"
    words = re.split(r",|[ \t]", told[:_ENTRY_REACH])
    named = sum(_names_a_skill(word.strip(" .()")) for word in words if word)
    lower = sum(word[:1].islower() and word.lower() not in _PROSE_CONNECTORS for word in words)
    # "— MicroStrategy to Tableau migration, SSAS cubes", "— Informatica PowerCenter, Oracle PL/SQL", "— Perl scripts
    # for regression testing" (not "— Centre national de la recherche scientifique": no technology)
    return bool(named) and lower >= 2  # not "— Oracle Java Platform Group, Redwood Shores", an employer


def _rest_of(text: str, match: re.Match) -> str:
    """What a date line says besides its dates; a word that opens the dates ("De mars 2018 à août 2021 — …") is
    theirs, and a place alone beside them ("01/10/2020 – AKTUELL Regensburg, Deutschland") is no employer."""
    before = text[:match.start()]
    if before.strip().lower() in _RANGE_OPENERS:
        before = ""
    elif before.rstrip().rsplit(None, 1)[-1:] and before.rstrip().rsplit(None, 1)[-1].lstrip("([").lower() in (
            _RANGE_OPENERS):
        # "Analista Desenvolvedor Júnior — de 2016 a 2018", "Estagiária de BI (de março de 2023 a dezembro de 2024)"
        before = before.rstrip().rsplit(None, 1)[0]
    after = text[match.end():].strip(" \t")
    if after.startswith("(") and after.endswith(")") and after.count("(") == 1 and (
            not before.strip() or _BRACKET_NOTE.search(after)):
        # "févr. 2016 – juin 2016 (stage de fin d'études)", "Junior Developer · Nov 2017 – Dec 2018 (NYSC service
        # year)": a note on the dates
        after = ""
    elif after.islower() and _OWN_ALONE.fullmatch(after.strip(" ·|,-–—")):
        after = ""  # "feb 2023 – aug 2024 · freelance" under "Senior React Developer — Fietsdeel B.V.": how, not where
    elif _is_title(before) and _WORK_AFTER_DATES.match(after) and _told_after_dates(after):
        # "Director, Business Intelligence | 03/2015 – 12/2019 — team of 14; Tableau rollout to 600 users": what the
        # job did, after its dates
        after = ""
    if "|" in after and ":" in after:
        # "10/2019 – Present | Hours per week: 40 | Series/Grade: GS-2210-12": the job's facts, no employer
        after = " | ".join(cell for cell in _ROW_SPLIT.split(after) if not _JOB_FACT.fullmatch(cell.strip()))
    rest = _strip(before + " | " + after)
    return "" if _PLACE_ONLY.fullmatch(rest) else rest


_COUNTRIES = ("Germany|Deutschland|Austria|Österreich|Switzerland|Schweiz|Suisse|France|Spain|España|Italy|Italia"
              "|Portugal|Netherlands|Nederland|Belgium|België|Belgique|Poland|Polska|Czechia|Czech Republic|Česko"
              "|Slovakia|Hungary|Romania|România|Bulgaria|Greece|Ukraine|Україна|Sweden|Sverige|Norway|Norge"
              "|Denmark|Danmark|Finland|Suomi|Ireland|United Kingdom|UK|England|Scotland|USA|United States|Canada"
              "|Mexico|México|Brazil|Brasil|Argentina|Chile|Colombia|Peru|Perú|India|Pakistan|Bangladesh|Nigeria"
              "|Kenya|Ghana|Egypt|South Africa|Turkey|Türkiye|Israel|UAE|Saudi Arabia|Qatar|China|Japan|Korea"
              "|South Korea|Taiwan|Singapore|Malaysia|Indonesia|Thailand|Vietnam|Việt Nam|Philippines|Australia"
              "|New Zealand")
_COUNTRY = re.compile(_COUNTRIES)
_PLACE_ONLY = re.compile(rf"(?-i:[A-ZÀ-Þ])[\w.'-]{{1,25}}(?:[ \t][\w.'-]{{1,25}}){{0,2}},[ \t]{{1,3}}(?:{_COUNTRIES})")


# "… | Jun 2017 - Dec" / "2018": a date range cut by the line's wrapping, its end on the next line
_CUT_RANGE = re.compile(rf"(?:19|20)\d\d[ \t]{{0,3}}(?:-{{1,2}}|–|—|to)[ \t]{{0,3}}(?:(?:{_MONTH})\.?)?[ \t]{{0,2}}$",
                        re.IGNORECASE)
_RANGE_END_START = re.compile(rf"(?:(?:19|20)\d\d|{_NOW})\b", re.IGNORECASE)
# the end of a range alone on its line: "2010", "08/2020", "Apr 2019", "present", "Dec 2021)"
_END_ALONE = re.compile(rf"(?:(?:(?:{_MONTH})\.?[ \t]{{0,2}}|(?:0?[1-9]|1[0-2])/)?(?:19|20)\d\d|{_NOW})\)?[.;,]?",
                        re.IGNORECASE)
# "… | 06/2023" / "- Present", "… | 03/2018" / "- 06/2019": the range cut before its dash
_CUT_BEFORE_DASH = re.compile(r"(?:19|20)\d\d[ \t]{0,2}$")
_DASH_THEN_END = re.compile(
    rf"(?:-{{1,2}}|–|—|to)[ \t]{{1,3}}(?:(?:{_MONTH})\.?[ \t]{{0,2}}|(?:0?[1-9]|1[0-2])/)?(?:(?:19|20)\d\d|{_NOW})\b",
    re.IGNORECASE)


_LONE_YEAR = re.compile(r"[ \t]{0,8}((?:19|20)\d\d)[ \t]{0,8}")
_NOT_A_JOB = re.compile(r"\b(?:certified|certificate|certification|award|prize|of the year|scholarship|diploma"
                        r"|degree|bachelor|master)\b", re.IGNORECASE)


def _lone_year(lines: list[Line], index: int, today: date) -> tuple[DateRange, re.Match] | None:
    """"Prefeitura Municipal de Campinas — Estagiário de TI" over "2017": in the experience section, a year alone on
    the line under a role is when the job was held (as "2017 – 2017")."""
    alone = _LONE_YEAR.fullmatch(lines[index].text)
    above = lines[index - 1] if index else None
    below = next((line for line in lines[index + 1:index + 3] if line.text.strip()), None)
    if (not alone or above is None or lines[index].section != EXPERIENCE or above.section != EXPERIENCE
            or above.heading or _YEAR.search(above.text) or not any(map(_is_title, _parts(above.text)))
            or _NOT_A_JOB.search(above.text)
            # "2019" / "Senior Engineer, Beta Corp" / "2016" / "Engineer, Acme Ltd": the year opens the next entry
            or (below is not None and not below.heading and not _BULLET.match(below.text.lstrip())
                and any(map(_is_title, _parts(below.text))) and _looks_like_entry(below.text))):
        return None
    year = int(alone.group(1))
    found = _build_range((year, None), (year, None), today)
    return (found, alone) if found else None


_YEAR_OPENS = re.compile(r"[ \t]{0,3}((?:19|20)\d\d)(?=[ \t]{1,3}[A-Z])")


def _leading_year(lines: list[Line], index: int, today: date) -> tuple[DateRange, re.Match] | None:
    """"2014 Studentassistent, Radboud Universiteit" under "2015 – 2017 Bioinformatics Analyst, GenoMatrix B.V.": in
    the experience section, a year opening a role and its employer, where the job above opens with its dates too, is
    when that job was held."""
    text = lines[index].text
    first = _YEAR_OPENS.match(text) if text[:1] in " \t12" else None
    if first is None or lines[index].section != EXPERIENCE or len(text) > _ENTRY_REACH:
        return None
    parts = _parts(text[first.end():])
    if (len(parts) < 2 or _NOT_A_JOB.search(text) or _DEGREE.search(text) or _NO_POST.search(text)
            or not _post_and_employer(parts[0], parts[1])):
        return None
    year = int(first.group(1))
    above = [line for line in lines[max(0, index - 6):index] if line.section == EXPERIENCE and not line.heading]
    ranges = [_RANGE_FIRST.match(line.text) for line in above]
    # a job above that opens with its dates, all of them after this year (listed newest first): not "2012" / "2014
    # Research Assistant" (a range broken over two lines), nor "2018 Lead Designer, …" inside "2010 – 2020 Architect"
    if not any(ranges) or (above and _YEAR.search(above[-1].text) and not ranges[-1]) or any(
            int(found.group("start")) <= year for found in ranges if found):
        return None
    found = _build_range((year, None), (year, None), today)
    return (found, first) if found else None


# what a year's line names that is no post held: an honour, an editor's or an author's work, a grant, a candidacy, a
# student's exchange or a club ("2019 Fellow, Royal Society of Arts", "2015 Erasmus Student, Universidad de Granada")
_NOTE_AFTER = re.compile(r"[ \t]{0,2}\([^()]{0,60}\)[ \t]{0,2}$")
_NO_POST = re.compile(r"\b(?:fellow|mentor|editor|author|candidate|jury|juror|judge|member|student|ambassador"
                      r"|exchange|erasmus|investigator|president's|keynote|speaker|finalist|nominee|winner|volunteer"
                      r"|grant|club|course|weekend|conference|hackathon|summit|project|first[ \t]aid|scholar"
                      r"|scholarship)\b",
                      re.IGNORECASE)
_RANGE_FIRST = re.compile(r"[ \t]{0,3}(?:(?:0?[1-9]|1[0-2])[/.])?(?P<start>(?:19|20)\d\d)[ \t]{0,3}(?:-{1,2}|–|—|to)"
                          r"[ \t]{0,3}"
                          r"(?:(?:0?[1-9]|1[0-2])[/.])?(?:19|20)\d\d\b")


def _post_and_employer(role: str, employer: str) -> bool:
    """A role, then an employer's name in capitalised words: not "Payments squad (6 engineers)" (a team), "Website
    relaunch for Zalando" (a project), "Berlin" (a town)."""
    name = _NOTE_AFTER.sub("", employer)
    return (_is_title(role) and not _legal_name(role) and _names_an_employer(employer) and not is_place(employer)
            and not _TEAM_END.search(name) and all(word[:1].isupper() or word.lower() in _CONNECTORS
                                                   or not word[:1].isalpha() for word in name.split()))


def _dated_text(lines: list[Line], index: int, today: date) -> tuple[str, tuple[DateRange, re.Match] | None, int]:
    """The line's text with its date range, and 1 when the range's end wrapped onto the next line (joined here)."""
    text = lines[index].text
    found = find_date_range(text, today=today) or _lone_year(lines, index, today) or _leading_year(lines, index,
                                                                                                 today)
    cut_before_dash = not found and bool(_CUT_BEFORE_DASH.search(text[-40:]))
    cut_range = bool(_CUT_RANGE.search(text[-40:]))
    # "07/2019 –" / "08/2020", "Mar 2016 –" / "Apr 2019": read alone, an open range; its end wrapped onto the next line
    open_cut = bool(found) and found[0].current and cut_range and index + 1 < len(lines) \
        and bool(_END_ALONE.fullmatch(lines[index + 1].text.strip()))
    if (found and not open_cut) or index + 1 >= len(lines) or not (cut_before_dash or cut_range):
        return text, found, 0
    following = lines[index + 1]
    if following.section != lines[index].section or not (
            _DASH_THEN_END.fullmatch(following.text.strip()) if cut_before_dash
            else _RANGE_END_START.match(following.text.strip()) or open_cut):
        return text, found, 0
    joined = f"{text} {following.text.strip()}"
    wrapped = find_date_range(joined, today=today)
    if wrapped and wrapped[1].end() > len(text):
        return joined, wrapped, 1
    return text, found, 0  # (an open range stays open: "2019 –" / "2018" is no range)


def _employer_over_the_table(rows: list[Position], lines: list[Line], index: int) -> None:
    """"Northstar Health System — Minneapolis, MN" over a table of roles with no employer column: their employer."""
    above = next((line for line in reversed(lines[max(0, index - 2):index]) if line.text.strip()), None)
    if above is None or above.heading or above.section != lines[index].section:
        return
    parts = _parts(above.text)
    if parts and not _is_title(parts[0]) and not _YEAR.search(above.text) and _short_employer_line(above.text):
        for row in rows:
            row.company = row.company or parts[0][:120]


def _several_jobs(lines: list[Line], index: int, floor: int, today: date) -> list[Position] | None:
    """The jobs of a table whose header row starts here, or of a promotion chain on this line; None for neither."""
    text = lines[index].text
    header = _header(lines, index) if _column_names(text) else None
    if header:
        rows = _table_rows(lines, index + header[1], header[0], today, one_line=header[1] == 1)
        if rows and "company" not in header[0] and "role_and_employer" not in header[0]:
            _employer_over_the_table(rows, lines, index)
        if rows:
            return rows
    if any(arrow in text for arrow in ("→", "->", "⇒", " › ", " » ")):
        return _promotion_chain(lines, index, floor, today)
    if ":" in text and _IN_BRIEF.match(text):
        return _jobs_in_brief(text[_IN_BRIEF.match(text).end():], index, today)
    if index and lines[index - 1].heading and _BRIEF_HEADING.match(lines[index - 1].text):
        return _brief_under_heading(lines, index, today)
    if text.count("(") >= 2 and _BRIEF_LIST.search(text, 0, _ENTRY_REACH * 3) and not _BULLET.match(text.lstrip()):
        return _with_employer_above(_brief_without_heading(lines, index, today), lines, index)
    return None


_NOT_A_JOB_IN_BRIEF = re.compile(r"certif|award|course|bootcamp|training|leave|sabbatical|acquired|prize|winner"
                                 r"|speaker|judge|volunteer", re.IGNORECASE)


def _brief_without_heading(lines: list[Line], index: int, today: date) -> list[Position] | None:
    """"Junior Tester, Parallel Software Ltd (Jul 2018 – May 2019) · Test Analyst, Sopra Steria (contract, Jan – Jun
    2018)": jobs in brief on one line of the experience section with no heading over them, each a role and its
    employer (or a later role at the same one) with a range of its own; not certificates, awards, courses or breaks
    ("AWS Solutions Architect (2020) · Certified Kubernetes Administrator (2021)")."""
    text = lines[index].text
    if lines[index].section != EXPERIENCE or ":" in text[:text.find("(")] or _NOT_A_JOB_IN_BRIEF.search(text):
        return None
    jobs = _brief_under_heading(lines, index, today, same_role=False)
    # the first a role and its employer; or roles alone, each with its range, under their employer's line ("Senior
    # Developer (2015 – 2019); Developer (2012 – 2015)" under "2012 – 2019 | Barwick & Stone Securities, London")
    if not jobs or not (jobs[0].company or not any(job.company for job in jobs)) or any(
            not job.title or _NOT_A_JOB.search(job.title) or _AN_EVENT.search(job.title)
            or (job.range.start_precision == "year" and job.range.start[0] == job.range.end[0]) for job in jobs):
        return None
    return jobs


def _brief_under_heading(lines: list[Line], index: int, today: date, *, same_role: bool = True
                         ) -> list[Position] | None:
    """"EARLIER ROLES (2003 – 2011)" over "Developer, Calder Insurance Services, Halifax (2007 – 2011) · Analyst
    Programmer, …": the older jobs in brief on the line under their heading (and the line it wrapped onto)."""
    text = lines[index].text
    following = lines[index + 1] if index + 1 < len(lines) else None
    wraps = (following is not None and not following.heading and following.section == lines[index].section
             and (text.rstrip().endswith(",") or following.text.lstrip().startswith("("))
             and len(following.text) <= _ENTRY_REACH and not _BULLET.match(following.text.lstrip()))
    # the line broke inside a job's name or before its dates
    listed = f"{text} {following.text.strip()}" if wraps else text
    if len(_BRIEF_DATED.findall(listed, 0, _ENTRY_REACH * 3)) < 2 or not _BRIEF_LIST.search(listed[:_ENTRY_REACH * 3]):
        return None  # jobs parted by " · " or ";" (not "Team Lead, Calder (2008 – 2011), promoted from Developer …")
    if _PROMOTED.search(listed[:_ENTRY_REACH * 3]):
        return None  # "Team Lead, Calder (2011 – 2015); promoted from Developer (2008 – 2011)": one employer's roles
    jobs = _jobs_in_brief(listed, index, today, same_role=same_role)
    if jobs and not all(job.title for job in jobs):
        return None
    for job in jobs or []:
        job.last_line = index + wraps
    return jobs


def _brief_segments(listed: str) -> list[str]:
    """The jobs of a brief list, each ending with its dates in brackets: parted after those brackets by a semicolon, a
    comma or "and"/"y"/"und"."""
    segments, start = [], 0
    for dated in _BRIEF_DATED.finditer(listed):
        after = _BRIEF_AFTER.match(listed, dated.end())
        if after or dated.end() == len(listed) or listed.startswith(". ", dated.end()):
            segments.append(listed[start:dated.end()].strip())
            start = after.end() if after else dated.end()
    tail = listed[start:].strip()
    # what follows the last job's dates may tell what they did: "…, building Java backend services for"
    # or a sentence of its own after a full stop: "… (2003 – 2005). VB6, Classic ASP and SQL Server 2000"
    return segments if not tail or (segments and (tail.lstrip(",:–—- ")[:1].islower()
                                                  or tail[:1] == ".")) else []


_DOT_OR_SEMICOLON_LIST = re.compile(r"\)[ \t]{0,2}(?:·|;)[ \t](?!promoted[ \t]to\b)")


def _with_employer_above(jobs: list[Position] | None, lines: list[Line], index: int) -> list[Position] | None:
    """Jobs in brief parted by a bar or a promotion only: roles alone, under their employer's name on the line above
    ("Shakti Gears Pvt. Ltd., Pune"); not under a place, a description or a project."""
    if not jobs or _DOT_OR_SEMICOLON_LIST.search(lines[index].text, 0, _ENTRY_REACH * 3):
        return jobs
    employer = _employer_right_above(lines, index)
    if not employer or any(job.company for job in jobs):
        return None
    for job in jobs:
        job.company = employer
    return jobs


def _employer_right_above(lines: list[Line], index: int) -> str:
    """"Shakti Gears Pvt. Ltd., Pune", "Mayfly Digital — Bristol": an employer's name (a legal name, an organisation's
    word, or a name then a place) alone on the line right above; "" for anything else."""
    above = lines[index - 1] if index else None
    if above is None or above.heading or above.section != lines[index].section or _YEAR.search(above.text) or (
            above.text.rstrip().endswith(".") and not _legal_name(above.text.strip())):
        return ""
    parts = _parts(above.text)
    if not parts or len(parts) > 3 or _is_title(parts[0]) or is_place(parts[0]) or len(parts[0].split()) > 6:
        return ""
    named = _legal_name(parts[0]) or bool(_ORG_WORD.search(parts[0])) or (
        len(parts) >= 2 and all(is_place(part) for part in parts[1:]))
    return parts[0][:120] if named else ""


# jobs parted by " · ", ";" or " | "; or a promotion ("Web Developer (2007–2011), promoted to Lead Developer (…)")
_BRIEF_LIST = re.compile(r"\)[ \t]{0,2}(?:·|;|\|)[ \t]|\),[ \t]{1,3}(?:then[ \t]{1,3})?promoted[ \t]{1,3}to[ \t]")
_PROMOTED = re.compile(r"\bpromoted\b(?![ \t]{1,3}to\b)", re.IGNORECASE)
_BRIEF_HEADING = re.compile(r"[ \t]{0,4}(?:earlier|previous|prior|early|other)\b", re.IGNORECASE)


def _jobs_in_brief(listed: str, index: int, today: date, *, same_role: bool = True) -> list[Position] | None:
    """The older jobs a line names in brief (`listed`), each with its own dates; None for fewer than two."""
    segments = _brief_segments(listed.strip().rstrip("."))
    if len(segments) < 2:
        return None
    jobs = []
    for segment in segments:
        found = find_date_range(segment, today=today)
        year = _YEAR_IN_BRACKETS.search(segment) if not found else None
        if year:  # "becario en el Ayuntamiento de Alcalá (1999)"
            built = _build_range((int(year.group(1)), None), (int(year.group(1)), None), today)
            found = (built, year) if built else None
        if not found:
            return None
        entry = _Entry()
        rest = _strip(segment[:found[1].start()].rstrip(" (,[") + " " + segment[found[1].end():].lstrip(" )]"))
        rest = re.sub(r"[ \t]{1,3}(?:at|en|bei|chez|bij|presso)[ \t]{1,3}", " | ", rest)  # "Programador en Softmadrid"
        parts = _parts(rest)
        entry.take(parts, whole_line=True, text=rest)
        if same_role and jobs and len(parts) == 1 and not _is_title(parts[0]):
            # "Software Engineer at Salesforce (2008 – 2013) and Intuit (2006 – 2008)": the same role at both
            entry.title, entry.company = jobs[-1].title, parts[0]
        elif jobs and len(parts) == 1 and entry.title and not entry.company:
            # "Glenmore Pharmaceuticals — Biostatistician II (2008 – 2012); Biostatistician I (2005 – 2008)": another
            # role at the same employer
            entry.company = jobs[-1].company
        jobs.append(Position(title=entry.title[:120], company=entry.company[:120], range=found[0],
                             first_line=index, last_line=index))
    return jobs


_AFTER_SEPARATOR = re.compile(r"[—–|·•,(][ \t]{0,3}$")


_CONJUNCTION_COMMA = re.compile(r"\b(?:and|or|but|then|later|which)[ \t]{0,2},[ \t]{0,3}$")


def _since_in_a_sentence(text: str, match: re.Match) -> bool:
    """"... report to me since 2024", "Since 2024 building ...": a long line whose since neither opens an entry
    ("Since 2021 · Senior Engineer ...", "seit 04/2022 Head of Engineering, ...") nor follows a separator ("— since
    2022", "(depuis sept. 2022)")."""
    if text[match.end():match.end() + 3].lstrip()[:1] == "," and len(text.split()) > 12 and _CONJUNCTION_COMMA.search(
            text, max(0, match.start() - 12), match.start()):
        return True  # "Client libraries for BlackBerry devices and, from 2010, Android": an aside in a sentence
    words = len(text.split())
    if words <= 8:
        return False
    if words > 16:
        return True
    opens = match.start() == 0 and bool(
        _SEGMENT.search(text) or TITLE_WORDS.search(text, match.end(), match.end() + 60))
    return not (opens or _AFTER_SEPARATOR.search(text[max(0, match.start() - 6):match.start()]))


def _told_in_a_sentence(rest: str) -> re.Match | None:
    """"I have been a Senior Engineer at Acme" (the rest of "Since 2021 I have been …"), its role a role."""
    told = _HAVE_BEEN.search(rest[:200])
    return told if told and _is_title(told.group(1)) else None


_ASIDE_NOTE = re.compile(r"[ \t]{0,4}(?:note|nb|n\.b\.|please[ \t]note)[ \t]{0,2}:", re.IGNORECASE)


_VAGUE_ROLES = re.compile(r"(?-i:[a-z])[^.;:\n]{0,80}?\b(?:posts|roles|positions|jobs)\b", re.IGNORECASE)


def _a_job_of_its_own(lines: list[Line], index: int, positions: list[Position], year_range: DateRange) -> bool:
    """"2015 | Summer Research Intern — …" in the experience section is a job of that year; not a line under a job whose
    years hold it ("2018 | Project Lead — NHS digital records rollout" under "Senior Consultant | Deloitte | 2017 –
    2022"), nor a certificate's, a membership's or a talk's year in a resume without headings."""
    if lines[index].section != EXPERIENCE:
        return False
    return not (positions and positions[-1].range.start <= year_range.start <= positions[-1].range.end)


def _role_right_above(lines: list[Line], index: int) -> bool:
    """"Becaria de desarrollo web · Agencia Norte Creativo" over "Valencia · 2019": a role's line (not a degree's, not
    "Speaker — JSConf EU")."""
    above = lines[index - 1] if index else None
    return (above is not None and above.section == lines[index].section and not above.heading
            and any(map(_is_title, _parts(above.text))) and not _DEGREE.search(above.text))


def _client_assignment(lines: list[Line], index: int, text: str, match: re.Match) -> bool:
    """"Webwinkel (2018 – 2021): Kafka-topics met klikdata laden in BigQuery" inside a job: a client's assignment, no
    job (not "Acme Corp (2019 – 2025): Backend engineer …", nor "Shopify (2018 – 2021): …" under its role's line)."""
    after = text[match.end():].lstrip()
    if not (after[:1] == ")" and after[1:].lstrip()[:1] == ":" and len(after.split()) >= 5 and index
            and _in_brackets(text, match)):
        return False
    above = lines[index - 1]
    return (above.section == lines[index].section and bool(above.text.strip())
            and (not above.heading or above.text.rstrip().endswith(":"))  # "Opdrachten bij Dataworks:"
            and not _is_title(above.text) and not any(map(_is_title, _parts(text[:match.start()])))
            and not _is_title(" ".join(after[1:].lstrip(" :").split()[:3])))


def _sentence_goes_on(lines: list[Line], index: int, text: str, match: re.Match) -> bool:
    """"… deployed on Hetzner with Docker" / "Compose; 2020–2021": the dates end a long line's sentence that wrapped
    (a client's project), not a job's."""
    before = text[:match.start()].strip()
    if match.re is SINCE and index and text.rstrip().endswith(".") and _carries_on(lines, index) and _prose_end(
            lines[index - 1].text, before):
        return True  # "Taught IGCSE mathematics; head of the maths" / "department from 2019.": a sentence's end
    if not before.endswith(";") or len(before.split()) > 3 or not index:
        return False
    above = lines[index - 1]
    return (above.section == lines[index].section and len(above.text.strip()) > _WRAPPED_LINE
            and not above.text.rstrip().endswith((".", ";", ":")) and not _is_title(above.text))


_WRAPPED_LINE = 60


def _prose_end(above: str, before: str) -> bool:
    """"department" before "from 2019." under "Taught IGCSE and A-Level mathematics; head of the maths": lower-case
    words end a sentence of prose above (not "since 2019." under "Lead Engineer — Acme Corp — London")."""
    words, opening = before.split(), above.split()[:1]
    return (0 < len(words) <= 4 and all(word.isalpha() and word.islower() for word in words)
            and len(above.split()) >= 6 and not any(mark in above for mark in "|—–·@")
            and (opening[0] in _DID or bool(_DONE.fullmatch(opening[0]))))  # (not an employer's address above)


# Whose part the employer has been since then: "part of", "onderdeel van", "Teil der", "a subsidiary of", "filiale de"
_OWNED_BY = re.compile(r"[ \t,:]{0,3}(?:(?:a|an|eine?)[ \t])?(?:part[ \t]of|onderdeel[ \t]van|dochter(?:onderneming)?"
                       r"[ \t]van|teil[ \t](?:der|des|von)|tochter(?:gesellschaft)?[ \t](?:der|des|von)"
                       r"|(?:wholly[ \t]owned[ \t])?subsidiary[ \t]of|owned[ \t]by|filiale[ \t]d[eu]|fait[ \t]partie"
                       r"|parte[ \t]d[eo]l?|część|filial[ \t]d[eo])[ \t]", re.IGNORECASE)


def _employer_since(text: str, match: re.Match) -> bool:
    """"Softlab Wrocław Sp. z o.o. (od 2017 r. Softlab Group S.A.)", "Vistula Labs sp. z o.o. (od 2022 część Nordhaven
    Group)": since when the employer has had another name or owner, in brackets after its name; not "(seit 01/2023)",
    a role's own dates."""
    if not _in_brackets(text, match):
        return False
    if not text[:match.start()].strip(" ([") and text.rstrip(" .").endswith(")"):
        # "(sinds 2016 onderdeel van Orion Verzekeringsgroep)" on a line of its own, under the employer's line
        return bool(_OWNED_BY.match(text, match.end()))
    if not text[:match.start()].strip(" (["):
        return False
    closed = text.find(")", match.end())
    after = text[match.end():closed if closed >= 0 else len(text)].split()
    return len([word for word in after if any(map(str.isalpha, word))]) >= 2 and any(
        word[:1].isupper() for word in after)


def _no_job(text: str, match: re.Match) -> bool:
    """Dates on this line that are not a job's."""
    if _ASIDE_NOTE.match(text) or (match.re is SINCE and _employer_since(text, match)):
        # "Note: From April 2020 to May 2021 I was not in formal employment…"; "Softlab Sp. z o.o. (od 2017 r. Softlab
        # Group S.A.)"
        return True
    brief = _IN_BRIEF.match(text) if ":" in text else None
    if brief and _VAGUE_ROLES.match(text[brief.end():].lstrip()):
        return True  # "Earlier roles (1990 – 1995): computer operator and shift leader posts at two building societies"
    if match.re in (SINCE, SEASON, OPEN) and not _BULLET.match(text.strip()) and _told_in_a_sentence(text):
        return False  # "Since 2021 I have been a Senior Engineer at Acme, …", "In summer 2017 … I was an intern at …"
    if match.re is SINCE:
        if match.start() == 0 and text[match.end():].lstrip()[:1] in ("|", "–", "—", "·"):
            return False  # "seit 04/2022 | Senior Fullstack-Entwickler, ...": the dates' cell of a row, however long
        if _BULLET.match(text.strip()) or _since_in_a_sentence(text, match):
            return True
    elif match.re in (SEASON, OPEN) and (_BULLET.match(text.strip()) or len(text.split()) > 16
                                         or _IN_A_SENTENCE.search(text[max(0, match.start() - 8):match.start()])):
        return True  # "moved to Flask in Spring 2019": a sentence
    elif (_BULLET.match(text.strip()) and match.start() > len(text) - len(text.lstrip()) + 2
          and (len(text[match.end():].split()) >= 2 or ": " in text[:match.start()])
          and (len(text) > _ENTRY_REACH or not any(map(_is_title, _parts(text))))):
        # "- SQL Server 2012 → 2017 upgrade; Always On...", "• Reel Legends: live-ops seasons (iOS, 2021–2023)": years
        # inside a bullet that describes, with no role
        return True
    if _bracketed_aside(text, match):
        return True
    # "B.Sc. Physics, University of Nigeria, 2011–2015" in a resume without headings: a degree (not "2079/04/01 B.S.",
    # a date of Nepal's Bikram Sambat calendar)
    # (not "Aug 2023 – Jan 2024 (bootcamp industry placement)": a note on the job after the dates alone on their line;
    # but "University of Sydney, 2011 – 2014 (BSc Computer Science)" is a degree)
    after = text[match.end():].strip()
    unnoted = (text[:match.end()] if after.startswith("(") and after.endswith(")") and _JOB_NOTE.search(after)
               and all(degree.group(0).lower() == "bootcamp" for degree in _DEGREE.finditer(after))
               and not text[:match.start()].strip(" |–—-·") else text)
    return bool(_DEGREE.search(_BIKRAM_SAMBAT.sub(" ", unnoted))) and not any(map(_is_title, _parts(text)))


_ARTICLES = frozenset({"the", "a", "an", "to", "for", "with", "of", "and", "our", "my", "all", "new"})


def _role_opens(text: str) -> bool:
    """"Registered nurse, Royal London Hospital; 2015 – 2020.", "Qualified solicitor, …": a role of a few words before
    the employer's comma, opening with an "-ed" word (not "Managed the science department; …")."""
    head = text.split(";", 1)[0]
    first = head.split(",", 1)[0].split()
    return _is_title(" ".join(first[:4])) or ("," in head and len(first) <= 4
                                              and _ARTICLES.isdisjoint(word.lower() for word in first))


def _bracketed_aside(text: str, match: re.Match) -> bool:
    """Years in brackets that tell no job: "Gap (2020-10 to 2021-01): set up the company; …" (not "Gap (2019 – 2021):
    Visual Merchandiser"), "Taught Years 7–12 maths; Head of Year 9 (2021–2023)" (what the job above did; not
    "Registered Nurse — ICU; Cardiac Unit (2015–2020)")."""
    words = text.split(None, 2)
    did = bool(words) and (_DONE.fullmatch(words[0]) or words[0] in _DID) and words[0] not in _JOINED_AS
    if not _in_brackets(text, match):
        # "Taught Years 7–12 Mathematics; Year 10 coordinator 2019–2022.": a sentence of what the job above did
        if not (did and text.rstrip().endswith(".") and ";" in text[:match.start()]):
            return False
        head = text.split(";", 1)[0]
        return ((words[0] in _DID or (len(words) > 1 and words[1][:1].islower())) and not _role_opens(text)
                and (len(head.split()) >= 5 or not _is_title(head)))
    if _GAP_NOTE.match(text):
        return True
    return bool(did and ";" in text[:match.start()] and not _is_title(text.split(";", 1)[0]))


_JOB_NOTE = re.compile(r"\b(?:placement|internship|job|employment|contract)\b", re.IGNORECASE)
_BIKRAM_SAMBAT = re.compile(r"(?:(?<=\d{4}/\d\d/\d\d)|(?<=\d{4}-\d\d-\d\d))[ \t]{0,2}B\.[ \t]?S\.")  # after a full date


_STEP_ARROW = re.compile(r"[ \t]{0,3}(?:→|->|⇒|›|»)[ \t]{0,3}")


def _promotion_chain(lines: list[Line], index: int, floor: int, today: date) -> list[Position] | None:
    """"Associate Engineer (Jul 2016 – Jun 2018) → Engineer (Jul 2018 – Mar 2020) → Senior Engineer (Apr 2020 –
    till date)" under the employer's line: one job per step, all at that employer. The last step may wrap onto the
    next line."""
    segments = _STEP_ARROW.split(lines[index].text.strip())[:12]
    last = index
    following = lines[index + 1] if index + 1 < len(lines) else None
    if (len(segments) > 1 and following is not None and following.section == lines[index].section
            and not following.heading and len(following.text.split()) <= 8
            and not find_date_range(segments[-1], today=today) and find_date_range(following.text, today=today)):
        segments[-1] = f"{segments[-1]} {following.text.strip()}"
        last = index + 1
    steps = [find_date_range(segment, today=today) for segment in segments]
    if len(segments) > 1 and steps[-1] and not all(steps):
        steps = _started_steps(segments, steps, today)
    if len(segments) < 2 or not all(steps):
        return None
    above = _entry_lines_above(lines, index, floor, today)
    company = next((part for text in above for part in _parts(text) if not _is_title(part) or _legal_name(part)), "")
    chain = []
    for step, segment in zip(steps, segments, strict=True):
        found, match = step
        title = _trim_title(_strip(f"{segment[:match.start()]} {segment[match.end():]}"))
        chain.append(Position(title=title[:120], company=company[:120], range=found, first_line=index,
                              last_line=last, lines_above=0 if chain else len(above), headed=True))
    return chain


_STEP_START = re.compile(r"\(([A-Za-z]{3,9}\.?[ \t]{1,2}(?:19|20)\d\d)\)[ \t]*$")


def _started_steps(segments: list[str], steps: list, today: date) -> list:
    """"Associate Consultant (Jun 2016) › Consultant (Jul 2017) › Senior Consultant (Jan 2019 – Aug 2020)": each
    step before the last dated by its start alone runs to the next one's start."""
    starts = []
    for segment, step in zip(segments[:-1], steps[:-1], strict=True):
        written = _STEP_START.search(segment) if step is None else None
        point = find_date_range(f"{written.group(1)} – {written.group(1)}", today=today) if written else None
        if point is None:
            return steps
        starts.append((point[0].start, written))
    nexts = [start for start, _ in starts[1:]] + [steps[-1][0].start]
    built = []
    for (start, written), following in zip(starts, nexts, strict=True):
        found = _build_range(start, following, today)
        if found is None:
            return steps
        built.append((found, written))
    return [*built, steps[-1]]


def _employer_line_above(above: list[str], company: str) -> bool:
    """The employer stands on a line of its own (its name first, no role) among the entry lines above the dates."""
    for text in above:
        parts = _parts(text)
        if company and parts[:1] == [company] and not any(map(_is_title, parts)):
            return True
    return False


_DEGREE = re.compile(r"(?<![\w.])(?:b\.?[ \t]?sc|m\.?[ \t]?sc|b\.?eng|m\.?eng|b\.?tech|m\.?tech|ph\.?[ \t]?d|b\.a|m\.a"
                     r"|b\.s|m\.s|bachelor|mba|licenciatura|bacharelado|licence|abitur|diplom-\w{1,20}|laurea"
                     r"|master(?:'s)?|mestrado|doutorado|doctorado|dut|bts|diploma|bootcamp)(?:\.|(?![\w.]))",
                     re.IGNORECASE)
_ROLE_REACH = 200  # characters: a role after "2024 –" is a few words; a longer rest is a sentence, never read whole


def _opens_a_role(text: str, match: re.Match) -> bool:
    """What follows "2024 –" when the job is still held: nothing, or a role ("Research Scientist")."""
    if match.group("ssea") or len(text) - match.end() > _ROLE_REACH:
        return False
    after = text[match.end():].strip(" \t|·,")
    if not after:
        return True
    first = after.split()[0]
    return (first[:1].isupper() and not first.lower().endswith("ed") and len(after.split()) <= 8
            and _holds_title_word(after) and not _YEAR.search(after))


_WORKED_AS = re.compile(r"(?:\d{1,2}[.)][ \t]{1,3})?(?:currently[ \t]{1,3})?work(?:ed|ing)?[ \t]{1,3}as[ \t]{1,3}"
                        r"(?:an?[ \t]{1,3})?"
                        r"(\S.{0,60}?)[ \t]{1,3}(?:at|with|for|in(?!.{0,80}?[ \t]at[ \t]))[ \t]{1,3}(\S.{0,80}?)"
                        r"(?:[ \t]{1,3}(?:from|since|during|between))?[ \t]{0,3}\|?[ \t.]{0,3}", re.IGNORECASE)
# "Since 2021 I have been a Senior Full-Stack Engineer at Kobo Ledger Technologies Ltd (Lagos), building …", "From
# September 2018 to June 2021 I was a junior software engineer at Workhuman, where …": a job told in a sentence, its
# employer capitalised
_HAVE_BEEN = re.compile(
    r"(?-i:I)(?:'ve|’ve|[ \t]{1,3}have)?[ \t]{1,3}(?:been|was|worked[ \t]{1,3}as|work[ \t]{1,3}as|am)[ \t]{1,3}"
    r"(?:working[ \t]{1,3}as[ \t]{1,3})?(?:an?[ \t]{1,3}|the[ \t]{1,3})?([A-Za-z][^,.;()|]{2,60}?)[ \t]{1,3}"
    r"(?:at|with|for)[ \t]{1,3}((?-i:[A-Z])[^,;()|]{1,80}?)"
    r"(?=[ \t]{0,3}(?:[,;.(|]|$|(?:in|where|since|from|building|working|on|leading)\b))", re.IGNORECASE)
_DEPLOYED = re.compile(r"deployed[ \t]{1,3}to[ \t]{1,3}", re.IGNORECASE)


def _deployed(company: str) -> bool:
    """"Deployed to Kuwait, 2017–2018; Army Commendation Medal": a deployment within the service above, no job (not
    "Deployed to HSBC as Java Developer": a consultant's client)."""
    deployed = _DEPLOYED.match(company)
    return bool(deployed) and is_place(company[deployed.end():])


_OWN_BUSINESS = re.compile(r"freelanc|self-employed|independent|contract", re.IGNORECASE)
# Where a break can start: what each of _BREAK's words starts with (a test reads them all from the pattern), or the
# line's start. The lookahead turns every other position away before the words are tried there.
_BREAK_STARTS = ("car", "sab", "par", "mat", "pat", "gap", "fam", "fur", "not", "une", "bet", "con", "elt", "aus",
                 "lic", "baj", "url", "prz", "pla", "pau", "ann", "離職", "休職", "育児", "空白", "경력")
_BREAK_AHEAD = rf"(?=^|{_starts_one_of(_BREAK_STARTS)})"
_BREAK = re.compile(_BREAK_AHEAD +
                    r"(?:career break|sabbatical|parental leave|maternity leave|paternity leave|gap year|"
                    r"^[ \t(]{0,3}travell?ing\b|^[ \t(]{0,3}travel(?:led)?[ \t]{1,3}(?:in|around|through)\b|"
                    r"^[ \t(]{0,3}(?:prior|previous)[ \t]experience\b|"
                    r"family leave|caregiving|furlough|career gap|not in (?:formal |paid )?employment|unemploy"
                    r"|between jobs|cong[ée] (?:parental|maternit[ée]|paternit[ée])|elternzeit|auszeit"
                    r"|licen(?:cia|ça)[ -](?:de[ -])?materni|baja (?:por )?materni|urlop (?:macierzy|rodziciel)"
                    # "Przerwa zawodowa", "anno sabbatico", "año sabático", "full-time study (MCSA refresh …)"
                    r"|przerwa zawodowa|sabbatic[oa]|sab[áa]tico|cong[ée] sabbatique|^[ \t(]{0,3}full-time study\b"
                    r"|planned break|career pause|^[ \t(]{0,3}laid off\b"
                    r"|^[ \t(]{0,3}travel(?:led|ling)?[ \t)]{0,3}$"  # "(Jan–Feb 2019: travel)"
                    # "Retraining 2023–2025: …", "NOTE ON GAP: …", "Pausa profesional", "Returnship" is a job
                    r"|^[ \t(]{0,3}retraining\b|^[ \t(]{0,3}note on (?:the )?gap\b|pausa profesional|pausa laboral"
                    # "Przerwa w karierze", "Année sabbatique", "離職期間", "Side project", "Proyecto personal": no job
                    r"|przerwa w karierze|ann[ée]e sabbatique|離職期間|休職期間|育児休業|空白期間|경력 단절|경력단절"
                    r"|^[ \t(]{0,3}side[ -]projects?\b|^[ \t(]{0,3}personal projects?\b|^[ \t(]{0,3}proyectos? personal"
                    r"|^[ \t(]{0,3}projets? personnels?\b|^[ \t(]{0,3}projetos? pessoa|^[ \t(]{0,3}progetti? personal)",
                    re.IGNORECASE)


_TWINS_CHECKED = 8  # jobs with the same dates a later one is compared with: a resume lists a job twice, not 4,000


_PROJECT_LABEL = re.compile(r"[ \t]{0,4}(?:[-*•▪◦‣][ \t]{0,3})?(?:project|client|projet|proyecto|projekt|cliente"
                            r"|opdracht|opdrachtgever|auftrag|auftraggeber|projeto|kunde|klant|klient|mission)"
                            # "Mission 2 (03/2019 – 12/2020) : Assurances Vauban"
                            r"(?:[ \t]{0,2}#?\d{1,2})?(?:[ \t]{0,3}\([^()\n]{0,40}\))?[ \t]{0,3}(?:name[ \t]{0,3})?:",
                            re.IGNORECASE)
# A line under a job, within its dates, is a client project when it describes work: more than _DESCRIBED + 3 words
# in all, and a title and company of more than _DESCRIBED words between them (or no title at all)
_DESCRIBED = 6


# "- Internal tools (2022 – 2023): Blazor admin app for depot staff": a bullet naming a piece of work, its dates in
# brackets, then what it was
_DATED_BULLET = re.compile(r"[-*•▪◦‣][ \t]{1,3}[^():\n]{2,60}\([^()\n]{4,30}\)[ \t]{0,2}:")


def _within(inner: DateRange, outer: DateRange) -> bool:
    """Whether `inner` lies in `outer` (a year alone covers its whole year)."""
    start = inner.start if inner.start_precision == "month" else (inner.start[0], 12)
    outer_start = outer.start if outer.start_precision == "month" else (outer.start[0], 1)
    end = inner.end if inner.end_precision == "month" else (inner.end[0], 1)
    outer_end = outer.end if outer.end_precision == "month" else (outer.end[0], 12)
    return outer_start <= start and (outer.current or end <= outer_end)


_PROJECTS_NAMED = re.compile(r"\w{0,12}(?:projects?|projekte?|projets?|proyectos?|projetos?|opdrachten)\b",
                             re.IGNORECASE)
_DATES_THEN = re.compile(r"[ \t]{0,3}[·|:–—-][ \t]{0,3}")


def _project_line(text: str, position: Position) -> bool:
    """"Project: …", "10/2021 – 03/2024 · Kunde: Maschinenbau-Mittelständler", "01/2016 – 12/2018 · diverse
    Kurzprojekte": a line that names a client or a project, not a role."""
    if _PROJECT_LABEL.match(text):
        return True
    found = find_date_range(text[:_ENTRY_REACH])
    lead = _DATES_THEN.match(text, found[1].end()) if found and found[1].start() <= 3 else None
    if lead and _PROJECT_LABEL.match(text, lead.end()):
        return True
    if found and not position.title and _client_and_work(text, found[1]):
        return True  # "Zorgportaal Midden, 2020 – 2021: migratie van Angular naar React": a client and the work
    # "diverse Kurzprojekte": projects in general words, not a company's name ("Skanska Infrastructure Projects")
    return not position.title and position.company[:1].islower() and any(
        _PROJECTS_NAMED.fullmatch(word) for word in position.company.split())


def _client_projects(positions: list[Position], lines: list[Line]) -> list[Position]:
    """"• Banque Vendôme (Jun 2022 – present): target data-mesh architecture…", "Project: SAP ECC rollout for …
    (Apr 2017 – Mar 2019)": under a consultant's job, a project line, or a bullet or a line with no role that describes
    work for a client within the job's dates, is that job's project, not a job of its own."""
    out: list[Position] = []
    jobs: list[Position] = []  # the jobs above (an employer's own line, then its roles): a project lies in one of them
    for position in positions:
        text = lines[position.first_line].text.strip()
        project = _DATED_BULLET.match(text) is not None or _project_line(text, position) or (
            (bool(_BULLET.match(text)) or not position.title) and len(text.split()) > _DESCRIBED + 3
            and (not position.title or len(position.title.split()) + len(position.company.split()) > _DESCRIBED))
        if project and any(_within(position.range, job.range) for job in jobs[-4:]):
            continue
        if not project:
            jobs.append(position)
        out.append(position)
    return out


def _summary_of_roles(position: Position, before: list[Position]) -> bool:
    """"【株式会社NTTデータ】(2016.04~2021.03)" under a table of its roles: the employer's span again, not a job."""
    return not position.title and bool(position.company) and any(
        earlier.company == position.company and _within(earlier.range, position.range) for earlier in before)


def _duty_within(position: Position, job: Position) -> bool:
    """"module coordinator, BIOL30010 Genomic Data Science (2023 – )", "Afloat (2013 – 2016)" inside a job's dates,
    with no role named: a duty or posting within the job above, not a job of its own."""
    return bool(position.title) and position.title[:1].islower() and not position.company[:1].islower() and (
        position.first_line > job.first_line and _within(position.range, job.range)
        and position.company != job.company)


def _same_job_twice(positions: list[Position]) -> list[Position]:
    """A table of jobs followed by their details ("HMRC — Senior DevOps Engineer", the dates again): one job each."""
    out: list[Position] = []
    seen: dict[tuple, list[tuple[str, str]]] = {}  # dates -> (title, company) of the jobs kept with those dates
    for position in positions:
        same_dates = seen.setdefault((position.range.start, position.range.end), [])
        title, company = position.title.lower(), position.company.lower()
        if not any((title in f"{kept} {at}" and company in f"{kept} {at}")
                   # "사내시스템팀 인턴" under "인턴" at the same employer: the role again, with its team
                   or (kept and company and company == at and kept in title)
                   for kept, at in same_dates[:_TWINS_CHECKED]):
            same_dates.append((title, company))
            out.append(position)
    return out


# An armed service's whole name ("Royal Navy", "U.S. Army", "Royal Australian Air Force", "Army National Guard"); not
# "Old Navy", "Navy Federal Credit Union", "Salvation Army", "Army Corps of Engineers"
_ARMED_FORCES = re.compile(r"(?:the[ \t])?(?:(?:royal|u\.?[ \t]?s\.?|united[ \t]states|british|australian|canadian"
                           r"|new[ \t]zealand|indian|nigerian|kenyan?|south[ \t]african|irish|singapore|pakistan"
                           r"|philippine)[ \t]){0,2}(?:army|navy|air[ \t]force|marine[ \t]corps|marines|coast[ \t]guard"
                           r"|(?:army|air)[ \t]national[ \t]guard|national[ \t]guard|defen[cs]e[ \t]forces?)"
                           r"(?:[ \t]reserves?)?", re.IGNORECASE)
# a ship, a unit or a base of an armed service: "HMS Tenacity and Fleet Headquarters", "No. 92 Wing", "82nd Signal
# Battalion"
_SERVICE_UNIT = re.compile(r"\b(?:HMS|USS|HMAS|HMCS|HMNZS|RAF|RAAF|AFB|(?i:battalion|squadron|regiment|wing|brigade"
                           r"|division|fleet|flotilla|headquarters|command|corps|base|garrison|barracks|platoon))\b")


_SAME_EMPLOYER = re.compile(r"(?:the[ \t]{1,3})?same[ \t]{1,3}(?:organi[sz]ation|company|employer|firm)",
                            re.IGNORECASE)


def _roles_within(employer: Position, following: list[Position], lines: list[Line]) -> list[Position]:
    """The roles right after an employer's own line with its overall dates ("Acme Corp, 2018 – Present"): those with
    no employer of their own (or only a team after a comma, or an area after a dash) whose dates lie within the
    employer's."""
    roles: list[Position] = []
    if not employer.company or employer.title:
        return roles
    armed = bool(_ARMED_FORCES.fullmatch(employer.company.strip())) and not employer.range.current
    for inner in following:
        dashed = _area_after_dash(inner, lines, acronym=True)
        unit = inner.company and not inner.after_comma and not _legal_name(inner.company) and (
            (armed and (bool(_SERVICE_UNIT.search(inner.company)) or is_place(inner.company)))
            or _client_in_brackets(inner, lines))
        if not (inner.title and (not inner.company or inner.after_comma or dashed or _cjk_role_alone(inner) or unit)
                and _within(inner.range, employer.range)):
            break
        if _cjk_role_alone(inner) or unit:
            # not the employer: what stood under the role ("雇用形態:正社員"); a ship, wing or battalion of the armed
            # service whose overall dates stand above its roles ("Royal Navy · 2009 – 2021" / "Leading Engineering
            # Technician (CIS) · 2016 – 2021" / "HMS Tenacity and Fleet Headquarters, Portsmouth"); a consultant's
            # client in a note ("Senior Developer (client: Deutsche Bahn) 07/2023 – present" under "adesso SE")
            inner.company = ""
        if dashed:  # "Director – Engineering | Apr 2021 – Till date": the role and its area, as written
            inner.title, inner.company = dashed[:120], ""
        roles.append(inner)
    return roles


_DEPARTMENTS = frozenset({"engineering", "operations", "marketing", "sales", "finance", "technology", "product",
                          "design", "research", "platform", "platforms", "infrastructure", "analytics", "data", "it",
                          "core", "banking", "payments", "risk", "mobile", "web", "cloud", "&", "and"})


_CLIENT_OPENS = re.compile(r"\([ \t]{0,2}(?:client|cliente|kunde|klient)[ \t]{0,2}:[ \t]{0,2}$", re.IGNORECASE)


def _client_in_brackets(inner: Position, lines: list[Line]) -> bool:
    """"Senior Developer (client: Deutsche Bahn)": the role's "employer" is the client named in its note."""
    text = lines[inner.first_line].text
    at = text.find(inner.company)
    return at > 0 and bool(_CLIENT_OPENS.search(text, max(0, at - 12), at))


def _area_after_dash(inner: Position, lines: list[Line], *, acronym: bool = False) -> str:
    """"Director – Engineering" where the role's line wrote it so (read as a role and an employer): the role with its
    area, or "" (with `acronym`, under an employer's overall dates, also an area's acronym: "Engineering Manager –
    OSS (2013 – 2016)")."""
    words = inner.company.split()
    short = acronym and inner.company.isalpha() and inner.company.isupper() and 2 <= len(inner.company) <= 5
    if not inner.company or _legal_name(inner.company) or len(words) > 3 or not (
            short or _area(inner.company) or _names_an_area(words)):
        return ""  # not "Software Intern – Google" under "Stanford University, 2014 – 2020": another employer
    for text in (lines[j].text for j in range(inner.first_line - inner.lines_above, inner.first_line + 1)):
        for dash in ("–", "—", "-"):
            written = f"{inner.title} {dash} {inner.company}"
            if written in text:
                return written
    return ""


def _cjk_role_alone(inner: Position) -> bool:
    """"2023.04 – 現在 SREチーム リーダー" under "株式会社クラウドリンク(2020年4月~現在)": a role of a Japanese, Chinese
    or Korean resume, dated on its own line, with no employer's name of its own."""
    return bool(_CJK.search(inner.title)) and not _legal_name(inner.company)


def _heading_between(above: Position, position: Position, lines: list[Line]) -> bool:
    """Whether a heading ("EARLIER CAREER") stands between a role and the one above it."""
    return any(line.heading for line in lines[above.first_line + 1:position.first_line + 1])


def _adjoins(earlier: DateRange, later: DateRange) -> bool:
    """Whether `later` starts where `earlier` ends (within a month; within the year where either is written in years
    alone): two roles one after the other, a promotion."""
    if "year" in (earlier.end_precision, later.start_precision):
        return 0 <= later.start[0] - earlier.end[0] <= 1
    return -1 <= (later.start[0] * 12 + later.start[1]) - (earlier.end[0] * 12 + earlier.end[1]) <= 2


def _team_of_employer_above(position: Position, above: Position, lines: list[Line]) -> bool:
    """"Tech Lead, Payments" under the roles of "Waalhaven Retail B.V., Amsterdam": X of "Title, X" is a team of the
    employer above only where the roles above are written the same way ("Engineering Manager, Checkout"), no heading
    ("EARLIER CAREER") stands between, and X has no place of its own ("Software Engineer, Crestmark Financial
    Systems, Portland, OR" names an employer)."""
    named_area = _area(position.company) or (  # "Data Services", "Engineering" in the role right before the above
        _adjoins(position.range, above.range) and _names_an_area(position.company.split()))
    if (", " not in above.title and not named_area) or _heading_between(above, position, lines):
        return False  # ("Senior Director, Platform Engineering" under "VP of Engineering": an area, a team's)
    text = lines[position.first_line].text
    at = text.find(f"{position.company},")
    after = text[at + len(position.company) + 1:].split(",")[0].split("(")[0].strip() if at >= 0 else ""
    return not (after and (is_place(after) or after in _US_STATES))


def _short_employer_line(text: str) -> bool:
    """The line under "Role  dates" that can name the employer: its first part a few words, or a unit of an
    institution ("The Ohio State University, Department of Statistics")."""
    first = (_parts(text) or [text])[0]
    return len(first.split()) <= 6 or (len(first.split()) <= 10 and bool(_UNIT.search(first))
                                       and not _is_title(first) and _looks_like_entry(text))


# "Analyst (2004), Consultant (2006), Manager (2009)", "Founding Engineer, later Detection Team Lead (2020)", "Intern
# (2012), hired as Web Developer in 2013": the roles held at the employer whose dates stand above, each from its year
_CHAIN_SPLIT = re.compile(r"[ \t]{0,2}(?:,|;|→)[ \t]{1,3}(?:(?:then|later|and)[ \t]{1,3})?"
                          r"(?:(?:hired|promoted|moved)[ \t]{1,3}(?:as|to)[ \t]{1,3})?")
_CHAIN_YEAR = re.compile(r"([^()]{2,60}?)(?:[ \t]{0,2}\(((?:19|20)\d\d)\)|[ \t]{1,3}in[ \t]{1,3}((?:19|20)\d\d))")


def _chain(text: str) -> list[tuple[str, int | None]] | None:
    """The roles of a promotion chain and the year each began (None for the first, from the employer's dates)."""
    if len(text) > _ROLE_REACH or not _YEAR.search(text):
        return None  # every role after the first has its year
    pieces = [piece.strip(" .") for piece in _CHAIN_SPLIT.split(text.strip()) if piece.strip(" .")]
    items: list[tuple[str, int | None]] = []
    for at, piece in enumerate(pieces):
        dated = _CHAIN_YEAR.fullmatch(piece)
        title, year = (dated.group(1).strip(), int(dated.group(2) or dated.group(3))) if dated else (piece, None)
        if not _is_title(title) or len(title.split()) > 6 or _trim_title(title) != title:
            if len(items) >= 2 and at == len(pieces) - 1:
                break  # "..., Senior Manager (2011), Technology Consulting.": what the roles were in
            return None
        items.append((title, year))
    years = [year for _, year in items[1:]]
    if len(items) < 2 or None in years or years != sorted(years):
        return None
    return items


# "AWS Developer Associate (2015), Solutions Architect Professional (2018)": certificates, no roles
_CERTIFICATE_WORDS = re.compile(r"\b(?:AWS|Azure|GCP|Google[ \t]Cloud|Cisco|CompTIA|Microsoft|Oracle|Salesforce|ISTQB"
                                r"|PMP|PRINCE2|ITIL|Scrum|Certified|Certificate|Practitioner|Specialty|Foundation)\b")


def _untitled_chain_line(text: str) -> bool:
    """A line that can hold the roles of an untitled employer above it: a chain ending in a bracketed year, naming no
    certificate."""
    return text.rstrip().endswith(")") and not _CERTIFICATE_WORDS.search(text)


def _chain_under_dates(lines: list[Line], index: int, match: re.Match, positions: list[Position]) -> bool:
    """"Analyst (2004), Consultant (2006), Manager (2009)" under "Accenture — London, 2004 – 2012": the roles held at
    the untitled employer dated right above, within its years, no job of its own (read with the employer's by
    `_chained_roles`)."""
    text = lines[index].text
    if (match.re is DATE_RANGE or not positions or positions[-1].first_line != index - 1 or positions[-1].title
            or not _untitled_chain_line(text)):
        return False
    chain = _chain(text)
    span = positions[-1].range
    return bool(chain) and span.start[0] <= (chain[0][1] or span.start[0]) and chain[-1][1] <= span.end[0]


def _chained_roles(positions: list[Position], lines: list[Line]) -> list[Position]:
    out: list[Position] = []
    for position in positions:
        below = position.first_line + 1
        # (under an untitled employer's dates, a chain of bracketed years only: "Analyst (2004), Consultant (2006)")
        chain = _chain(lines[below].text) if below < len(lines) and (position.lines_below or (
            not position.title and _untitled_chain_line(lines[below].text))) else None
        first = position.range.start
        if not chain or (chain[0][1] or first[0]) < first[0] or chain[-1][1] > position.range.end[0]:
            out.append(position)
            continue
        for at, (title, year) in enumerate(chain):
            start, precision = ((year, 1), "year") if year and year != first[0] else (first,
                                                                                       position.range.start_precision)
            last = at == len(chain) - 1
            end = position.range.end if last else (chain[at + 1][1], 1)
            out.append(Position(
                title=title[:120], company=position.company, first_line=position.first_line,
                last_line=position.last_line, lines_above=position.lines_above, lines_below=position.lines_below,
                headed=position.headed,
                range=DateRange(start=start, end=end, current=position.range.current and last,
                                start_precision=precision,
                                end_precision=position.range.end_precision if last else "year")))
    return out


# "Promoted from Senior Data Engineer (Jun 2020 – Mar 2023) and Data Engineer (Sep 2018 – May 2020).": the roles held
# at the same employer before this one, each with its dates
_PROMOTED_FROM = re.compile(r"\bpromoted[ \t]from[ \t]{1,3}([^.;]{5,200})", re.IGNORECASE)


def _earlier_roles(position: Position, lines: list[Line], today: date) -> list[Position]:
    window = lines[position.first_line:position.first_line + 3]
    if not position.title or not any("promoted" in line.text.lower() for line in window):
        return []  # most jobs: no dates read twice for a sentence that is not there
    texts = [lines[position.first_line].text]
    for line in lines[position.first_line + 1:position.first_line + 3]:
        if _PROMOTED_FROM.match(line.text.strip()):
            texts.append(line.text)  # its own line, dated as it is
        elif line.heading or find_date_range(line.text, today=today):
            break  # the next job's
        else:
            texts.append(line.text)
    promoted = next((found for text in texts if (found := _PROMOTED_FROM.search(text))), None)
    if not promoted:
        return []
    earlier: list[Position] = []
    for item in promoted.group(1).split(")")[:-1]:  # "Senior Data Engineer (Jun 2020 – Mar 2023", " and Data ..."
        head, _, inside = item.rpartition("(")
        title = head.strip(" ,")
        title = title[4:] if title.startswith("and ") else title
        dated = find_date_range(inside, today=today) if len(inside) <= 40 else None
        if not dated or not _is_title(title) or len(title) > 60 or dated[0].start > position.range.start:
            return []
        earlier.append(Position(title=title[:120], company=position.company, range=dated[0],
                                first_line=position.first_line, last_line=position.last_line))
    return earlier


# "Joined as QA Analyst in 2006; promoted to Senior QA Analyst in 2009 and to QA Lead in 2011.", "Hired as QA Tester in
# July 2017; promoted to QA Analyst II in October 2018.": the roles held at the employer whose dates stand above with no
# role of their own, told in a sentence under them, each from the month or year it began
_HIRED_AS = re.compile(r"(?:I[ \t])?(?i:joined|was[ \t]hired|hired|started)[ \t]as[ \t](?:an?[ \t])?"
                        r"(?P<title>[A-Z][^,;.()]{1,60}?)(?=[ \t]in[ \t]|[ \t]for[ \t]|[ \t]on[ \t]|[,;.])")
_STEP_DATE = rf"[ \t]in[ \t](?:(?P<month>(?i:{_MONTH}))[ \t])?(?P<year>(?:19|20)\d\d)\b"
_JOINED_IN = re.compile(_STEP_DATE, re.IGNORECASE)
_STEP = re.compile(r"(?:\b(?:[Pp]romoted|became)[ \t](?:to[ \t])?|\band[ \t](?:then[ \t])?(?:to[ \t])?)"
                   rf"(?:an?[ \t])?(?P<title>[A-Z][^,;.()]{{1,60}}?){_STEP_DATE.replace('(?P<', '(?P<s_')}")


def _career_told(position: Position, lines: list[Line]) -> list[tuple[str, tuple[int, int] | None, str]] | None:
    """(role, when it began, its precision) for each role the sentence under an untitled employer's dates tells."""
    below = position.first_line + 1
    if position.title or not position.company or below >= len(lines) or position.lines_below:
        return None
    text = lines[below].text.strip()
    if below + 1 < len(lines) and not text.endswith(".") and not lines[below + 1].heading:
        text = f"{text} {lines[below + 1].text.strip()}"  # the sentence wrapped onto the next line
    joined = _HIRED_AS.match(text[:_ROLE_REACH])
    if not joined or not _told_role(joined.group("title")):
        return None
    began = _JOINED_IN.match(text, joined.end())
    roles = [(joined.group("title"), _step_start(began, "") if began else None)]
    for step in _STEP.finditer(text, joined.end(), min(len(text), joined.end() + 2 * _ROLE_REACH)):
        if not _told_role(step.group("title")):
            return None
        roles.append((step.group("title"), _step_start(step, "s_")))
    return roles if len(roles) >= 2 else None


_CLAUSE_WORD = re.compile(r"\b(?:as|at|when|with|for)\b")


def _told_role(title: str) -> bool:
    """A role as a sentence names it: a few words, a role's (not "Developer when the company was acquired by …",
    "Shopify as Senior Developer", "Certified Scrum Master")."""
    return (len(title.split()) <= 6 and _is_title(title) and _trim_title(title) == title.strip()
            and not _NOT_A_JOB.search(title) and not _CLAUSE_WORD.search(title))


def _step_start(match: re.Match, prefix: str) -> tuple[tuple[int, int], str]:
    month = match.group(f"{prefix}month")
    year = int(match.group(f"{prefix}year"))
    return ((year, _month_number(month)), "month") if month else ((year, 1), "year")


def _told_roles(positions: list[Position], lines: list[Line]) -> list[Position]:
    out: list[Position] = []
    for position in positions:
        roles = _career_told(position, lines)
        starts = [began for _, began in roles[1:]] if roles else []
        span = position.range
        points = [point for point, _ in starts]
        if not roles or points != sorted(points) or points[0][0] < span.start[0] or points[-1][0] > span.end[0]:
            out.append(position)
            continue
        for at, (title, began) in enumerate(roles):
            start, precision = (span.start, span.start_precision) if at == 0 else began
            last = at == len(roles) - 1
            end, end_precision = (span.end, span.end_precision) if last else roles[at + 1][1]
            out.append(replace(position, title=title[:120], range=DateRange(
                start=start, end=end, current=span.current and last, start_precision=precision,
                end_precision=end_precision)))
    return out


def _promoted_from(positions: list[Position], lines: list[Line], today: date) -> list[Position]:
    out: list[Position] = []
    for position in positions:
        out.append(position)
        earlier = _earlier_roles(position, lines, today)
        if not earlier:
            continue
        latest = max(earlier, key=lambda role: role.range.end).range
        if latest.end > position.range.start:  # "2017 – 2021 ... Promoted from Service Desk Analyst (2017 – 2018)"
            position.range = replace(position.range, start=latest.end, start_precision=latest.end_precision)
        out.extend(earlier)
    return out


def _stacked_roles(positions: list[Position]) -> list[Position]:
    """"Jan 2019 – Aug 2021  Senior DevOps Engineer" / "Jan 2017 – Dec 2018  DevOps Engineer" / "Lumen Health Systems,
    Dublin": roles on consecutive lines, the employer under the last of them, are all at that employer."""
    for at in range(len(positions) - 2, -1, -1):
        role, following = positions[at], positions[at + 1]
        if (role.title and not role.company and not role.lines_below and following.company
                and following.lines_below and not following.lines_above
                and following.first_line == role.first_line + 1):
            role.company = following.company
    return positions


_ROLE_LIST = re.compile(r"[ \t]{1,3}·[ \t]{1,3}|;[ \t]{1,3}")


def _listed_role(cell: str) -> bool:
    """"Director, Quality Engineering", "QA Manager": a role, its words capitalised, a role word among them; not
    "Principal Financial Group" (an employer), "mentored junior developers" (what was done)."""
    words = cell.replace(",", " ").split()
    head = _RANK_AFTER.sub("", cell.split(",")[0].strip())  # "Software Test Engineer II"
    return (0 < len(words) <= 6 and not _YEAR.search(cell) and _is_title(cell) and not _legal_name(cell)
            and all(word[:1].isupper() or word.lower() in _NAME_WORDS for word in words) and _role_named_last(head))


_RANK_AFTER = re.compile(r"[ \t]{1,3}(?:I{1,3}|IV|[1-4])$")


def _roles_listed(positions: list[Position], lines: list[Line]) -> list[Position]:
    """"Lumenfold Software Inc., Montréal, QC — 2015 to present" / "Director, Quality Engineering · Senior Manager, QA
    · QA Manager": the roles held at the employer, listed on the line under its dates, all in its time there."""
    listed: list[Position] = []
    for position in positions:
        under = lines[position.first_line + 1] if position.first_line + 1 < len(lines) else None
        cells = _ROLE_LIST.split(under.text.strip()) if under is not None and len(under.text) <= 200 else []
        if (len(cells) < 2 or under.section != lines[position.first_line].section or not position.company
                or position.title not in ("", cells[0].strip()) or _BULLET.match(under.text.lstrip())
                or not all(map(_listed_role, cells))):
            listed.append(position)
            continue
        listed.extend(replace(position, title=cell.strip()[:120], lines_below=1) for cell in cells)
    return listed


_BARE_ROLE_REACH = 60  # characters: a role alone on its line is short


def _bare_role(line: Line, section: str, today: date) -> bool:
    """A line that is a role and nothing else: no dates, no separators, no description after the role (and a role
    word of its own: "Client-Support und Inventarisierung" is what was done)."""
    text = line.text.strip()
    return (line.section == section and not line.heading and 0 < len(text) <= _BARE_ROLE_REACH
            and not _BULLET.match(text) and not any(mark in text for mark in "|·•—–@:;")
            and not text.endswith(".") and find_date_range(text, today=today) is None
            and _is_title(_WEAK_ROLE_WORDS.sub(" ", text)) and not _legal_name(text) and _trim_title(text) == text)


def _undated_roles_below(positions: list[Position], lines: list[Line], today: date) -> list[Position]:
    """"Xero | Wellington | Nov 2015 – Jul 2021" / "Engineering Team Lead" / "Senior Software Engineer" / "Software
    Engineer": roles held at one employer, stacked under its dates with none of their own, are a job each over the
    employer's dates (the labels of two blind writers read them so)."""
    out: list[Position] = []
    for index, position in enumerate(positions):
        out.append(position)
        if position.lines_below != 1 or position.lines_above or not (position.title and position.company):
            continue
        end = positions[index + 1].first_line - positions[index + 1].lines_above if index + 1 < len(positions) \
            else len(lines)
        at = position.first_line + 2
        while at < end and _bare_role(lines[at], lines[position.first_line].section, today):
            out.append(Position(title=lines[at].text.strip()[:120], company=position.company, range=position.range,
                                first_line=at, last_line=at, headed=position.headed))
            at += 1
    return out


def _employers_over_a_gap(positions: list[Position], lines: list[Line], today: date) -> None:
    """"株式会社ミライクラフト" / "事業内容:…" / "" / "2023年4月~現在 リードデータサイエンティスト": a role whose
    entry names no employer, under a blank line, below a block that is an employer's name alone (and what it says of
    the employer): the employer heads the roles under it."""
    for at, position in enumerate(positions):
        if not position.title or position.company or position.lines_above:
            continue
        floor = positions[at - 1].first_line + positions[at - 1].lines_below if at else -1
        row = position.first_line - 1
        if row <= floor or lines[row].text.strip():
            continue  # no blank line right above the role
        while row > floor and not lines[row].text.strip():
            row -= 1
        facts = row
        while row > floor and _EMPLOYER_FACTS.match(lines[row].text.strip()):
            row -= 1
        name = lines[row].text.strip() if row > floor else ""
        # a name only an employer has (a legal form, an organisation's word) or one the employer's facts follow; not a
        # candidate's name, a place, a list of skills or a label ("Maria Lopez", "London, UK", "Stack: Python")
        if not name or not (row < facts or _legal_name((_parts(name) or [name])[0]) or _ORG_WORD.search(name)) or any(
                mark in name for mark in (",", ":", "：", "@")) or is_place(name):
            continue
        if (lines[row].section == EXPERIENCE == lines[position.first_line].section and not lines[row].heading
                and (row == 0 or not lines[row - 1].text.strip() or lines[row - 1].heading)
                and len(name) <= _EMPLOYER_LINE and not _BULLET.match(name)
                and not name.endswith((".", "。", ":", "：")) and not _is_title(name)
                and not find_date_range(name, today=today)):
            position.company, position.headed = (_parts(name) or [""])[0][:120], True


_EMPLOYER_LINE = 60


def _under_one_employer(positions: list[Position], lines: list[Line]) -> list[Position]:
    """Several roles under one employer after a promotion: "Acme Corp, 2018 – Present" over "Senior Engineer (2021 –
    Present)" and "Engineer (2018 – 2021)" are two jobs at Acme, not three; "Engineer, 2018 – 2021" under a bullet
    of the role above it, with no employer of its own, is at the same employer."""
    out: list[Position] = []
    index = 0
    while index < len(positions):
        position = positions[index]
        if not position.title and not position.company:
            # "2014 – 2018" / "Softlab Wrocław Sp. z o.o. (…)" / "Starszy programista .NET (2016 – 2018)" / …: the
            # employer's overall dates, over its roles, which name it; no job of its own
            span = position.range
            inner = list(itertools.takewhile(
                lambda p, span=span: bool(p.title or p.company) and _within(p.range, span),
                itertools.islice(positions, index + 1, index + 1 + _COLUMN_JOBS)))
            if inner and inner[0].company and inner[0].headed and all(
                    p.company in ("", inner[0].company) for p in inner):
                index += 1
                continue
        roles = _roles_within(position, positions[index + 1:], lines)
        if roles:
            for role in roles:
                if role.company:  # "Director of Engineering, Platform (2022 – Present)": the team of the employer
                    role.title = f"{role.title}, {role.company}"[:120]
                role.company, role.headed = position.company, True
            # the employer's lines open the first role's entry
            roles[0].lines_above = roles[0].first_line - (position.first_line - position.lines_above)
            out.extend(roles)
            index += 1 + len(roles)
            continue
        if out:
            _at_the_employer_above(position, out[-1], lines)
        out.append(position)
        index += 1
    return out


def _at_the_employer_above(position: Position, above: Position, lines: list[Line]) -> None:
    """A role after the roles of an employer named above them, with no employer of its own (or only its team or area
    where the employer stands), is at that employer."""
    if _SAME_EMPLOYER.fullmatch(position.company):  # "(same organisation)"
        position.company = above.company
    if (position.title and not position.company and above.company and above.headed
            and not _OWN_BUSINESS.search(position.title)):
        position.company, position.headed = above.company, True
    elif (not position.headed and above.headed and above.company and position.title
          and _department_words(position.company.split()) and _adjoins(position.range, above.range)
          and (dashed := _area_after_dash(position, lines)) and not _heading_between(above, position, lines)):
        # "Graduate Trainee - Technology" under the roles of "Ventis Payments Limited": the role with its area
        position.title = dashed[:120]
        position.company, position.headed = above.company, True
    elif (position.after_comma and not position.headed and above.headed and above.company
          and not _legal_name(position.company) and not _OWN_BUSINESS.search(position.title)
          and _team_of_employer_above(position, above, lines)):
        # "Tech Lead, Payments" under "Waalhaven Retail B.V., Amsterdam": a team of the employer above
        position.title = f"{position.title}, {position.company}"[:120]
        position.company, position.headed = above.company, True


def _set_extents(positions: list[Position], lines: list[Line]) -> None:
    """A job's lines run from its date line to the line before the next job (or the end of its section)."""
    for index, position in enumerate(positions):
        if index + 1 < len(positions):
            following = positions[index + 1]
            end = following.first_line - following.lines_above - 1
        else:
            end = len(lines) - 1
        last = position.first_line
        section = lines[position.first_line].section
        while last + 1 <= end and lines[last + 1].section == section:
            last += 1
        position.last_line = last


def claimed_years(text: str) -> tuple[int | None, str]:
    """The largest number of years the resume claims in words ("7+ years of experience", at most 50), and that claim as
    the resume writes it: "7 years", "7+ years", "7.5 years" (the analysis page said "you state 7+" of a resume saying
    "7 years"). (None, "") without a claim. One scan gives both."""
    claims = [m for m in _CLAIMED_YEARS.finditer(text) if int(m.group(1)) <= 50]
    if not claims:
        return None, ""
    best = max(claims, key=lambda m: int(m.group(1)))
    number, plus = re.match(r"([\d.]+)[ \t]*(\+?)", best.group(0)).groups()
    return int(best.group(1)), f"{number}{plus} year{'' if number == '1' else 's'}"


def years_of_experience(positions: list[Position]) -> float | None:
    """Years from the union of job date ranges (the years the resume claims in words are `claimed_years`)."""
    return round(total_months([p.range for p in positions]) / 12, 1) if positions else None
