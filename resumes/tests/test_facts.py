"""Facts from resume text: date ranges, years of experience, positions, education, contacts and their masking."""

import logging
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resumes.facts import DateRange, find_contacts, find_date_range, total_months
from resumes.positions import claimed_years
from resumes.privacy import mask_contacts
from resumes.services import parse_text

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(("text", "start", "end", "current"), [
    ("Jan 2020 - Present", (2020, 1), (2025, 6), True),
    ("March 2017 – May 2019", (2017, 3), (2019, 5), False),
    ("03/2015 to 11/2016", (2015, 3), (2016, 11), False),
    ("2016 - 2019", (2016, 1), (2019, 1), False),
    ("Sept. 2021 — current", (2021, 9), (2025, 6), True),
])
def test_date_ranges_in_common_formats(text, start, end, current):
    found, _ = find_date_range(text, today=TODAY)
    assert (found.start, found.end, found.current) == (start, end, current)


def test_backwards_range_is_ignored():
    assert find_date_range("2020 - 2018", today=TODAY) is None


def _range(year: int, month: int, length: int) -> DateRange:
    end = year * 12 + month - 1 + length
    return DateRange(start=(year, month), end=(end // 12, end % 12 + 1), current=False)


ranges = st.builds(_range, st.integers(1990, 2024), st.integers(1, 12), st.integers(0, 120))


@given(st.lists(ranges, min_size=1, max_size=6))
def test_union_of_ranges_is_between_the_longest_job_and_the_sum_of_all(items):
    union = total_months(items)
    assert max(r.months for r in items) <= union <= sum(r.months for r in items)


def test_overlapping_jobs_count_once_in_years_of_experience():
    text = """EXPERIENCE
Engineer, A | Jan 2015 - Jan 2020
Consultant, B | Jan 2018 - Jan 2021"""
    facts = parse_text(text, today=TODAY)["facts"]
    assert facts["years_experience"] == 6.0
    assert [p["title"] for p in facts["positions"]] == ["Engineer", "Consultant"]
    assert [p["company"] for p in facts["positions"]] == ["A", "B"]


def test_title_on_the_line_above_the_dates_and_claimed_years():
    text = """Summary
Platform engineer with 8+ years of experience.
Work Experience
Staff Platform Engineer
Globex | Feb 2019 - Present
Led the migration.
Education
Master of Science in Computer Science
Technical University of Example, 2012"""
    facts = parse_text(text, today=TODAY)["facts"]
    assert facts["positions"][0]["title"] == "Staff Platform Engineer"
    assert facts["positions"][0]["company"] == "Globex"
    assert facts["years_claimed"] == 8
    assert facts["education"] == [{"degree": "Master of Science in Computer Science",
                                   "institution": "Technical University of Example", "year": 2012}]


@pytest.mark.parametrize(("text", "claimed"), [
    ("Engineer with 4 years of experience; 7.5+ yrs of industry experience overall.", (7, "7.5+ years")),
    ("1 years experience, and 60 years of experience (a typo past the 50 kept)", (1, "1 year")),
    ("No claim here, only 2019 - 2021.", (None, "")),
])
def test_the_claimed_years_and_their_words_come_from_the_same_largest_claim(text, claimed):
    assert claimed_years(text) == claimed


def test_contacts_are_detected():
    text = "Sam Roe\nsam.roe@mail.example.com · +44 20 7946 0958 · https://www.linkedin.com/in/samroe\n" \
           "github.com/samroe\nSKILLS\nPython"
    contacts = find_contacts(text)
    assert contacts == {"email": "sam.roe@mail.example.com", "phone": "+44 20 7946 0958",
                        "linkedin": "https://www.linkedin.com/in/samroe", "github": "github.com/samroe"}


def test_contacts_are_masked_in_text():
    masked = mask_contacts("mail sam.roe@mail.example.com or call +44 20 7946 0958, linkedin.com/in/samroe")
    assert "sam.roe" not in masked and "7946" not in masked and "samroe" not in masked
    assert "s***@m***.com" in masked and "***58" in masked


def test_resume_logs_never_carry_contact_details(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("resumes.services").info("parsed resume of %s, phone %s", "sam.roe@mail.example.com",
                                               "+44 20 7946 0958")
    assert "sam.roe@mail.example.com" not in caplog.text
    assert "7946 0958" not in caplog.text
    assert "s***@m***.com" in caplog.text
