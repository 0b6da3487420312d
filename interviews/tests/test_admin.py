"""The expert's review list: whole words in titles, role names as the capabilities spell them."""

from __future__ import annotations

import pytest

from interviews.generation import title_from_prompt
from interviews.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_generated_titles_end_at_a_word_or_a_sentence():
    long_prompt = "Describe " + "a very careful migration of a busy PostgreSQL database " * 4 + "without downtime?"
    title = title_from_prompt(long_prompt)
    assert len(title) <= 120 and title.endswith("…")
    assert title[:-1] == title[:-1].rstrip() and long_prompt.startswith(title[:-1])
    assert long_prompt[len(title) - 1] == " "  # the cut falls between words
    assert title_from_prompt("What is a B-tree? Explain its cost.") == "What is a B-tree"


def test_review_list_shows_role_names_not_ids(admin_client):
    QuestionFactory(roles=["backend_engineer", "qa_engineer"])
    page = admin_client.get("/admin/interviews/question/").content.decode()
    assert "Backend Engineer, QA / Test Automation Engineer" in page
    assert "backend_engineer, qa_engineer" not in page
