"""The problem bank's admin pages say the unit of the times they show: the CPU limit an expert types is in seconds
(the form said "Cpu seconds"), a code run's judge time reads in seconds ("Wall ms: 2140" before)."""

from __future__ import annotations

import re

import pytest

from studypaths.tests.factories import CodeRunFactory, ProblemFactory

pytestmark = pytest.mark.django_db


def test_the_problem_form_says_the_cpu_limit_is_in_seconds(admin_client):
    problem = ProblemFactory(cpu_seconds=2.5)
    page = admin_client.get(f"/admin/studypaths/problem/{problem.id}/change/").content.decode()
    assert re.search(r'<label [^>]*for="id_cpu_seconds">CPU time limit \(seconds\):</label>', page)
    assert "in seconds: more than 0, at most 10" in page and 'value="2.5"' in page  # still a number to type


def test_a_code_runs_judge_time_reads_in_seconds(admin_client):
    run = CodeRunFactory(wall_ms=2140)
    page = re.sub(r">\s+<", "><", admin_client.get(f"/admin/studypaths/coderun/{run.id}/change/").content.decode())
    assert '<label>Judge time:</label><div class="readonly">2.1 s</div>' in page
    assert "Wall ms" not in page and ">2140<" not in page
