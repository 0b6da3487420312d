"""The account pages (django-allauth's) speak the site's words: "Log in", "Sign up", sentence case, "email"."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_compiled_catalogue_is_the_po_files():
    result = subprocess.run([sys.executable, str(ROOT / "scripts/compile_messages.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "words", "not_words"), [
    ("/accounts/login/", ["<title>Log in", ">Log in<"], ["Sign In"]),
    ("/accounts/signup/", ["<title>Sign up", ">Sign up<", "log in</a>."], ["Sign Up"]),
    ("/accounts/login/", ["Remember me"], ["Remember Me"]),
    ("/accounts/password/reset/", ["Reset your password"], ["Password Reset"]),
])
def test_allauth_pages_use_the_sites_words(client, url, words, not_words):
    html = " ".join(client.get(url).content.decode().split())
    for word in words:
        assert word.replace("> ", ">") in html.replace("> ", ">").replace(" <", "<"), word
    for word in not_words:
        assert word not in html


@pytest.mark.django_db
def test_the_admin_sidebar_has_one_section_called_accounts(client):
    """allauth's app is called "Accounts" too: the expert's admin showed two sections of one name."""
    from accounts.tests.factories import AdminFactory

    client.force_login(AdminFactory())
    html = client.get("/admin/").content.decode()
    assert html.count(">Accounts</a>") == 1 and "Email addresses (allauth)" in html


@pytest.mark.django_db
def test_the_verification_page_spells_email_as_the_text_under_its_heading_does(client):
    """Its heading read "Verify your e-mail address" over allauth's "We have sent an email to you…"."""
    html = " ".join(client.get("/accounts/confirm-email/").content.decode().split())
    assert "Verify your email address" in html and "email" in html.split("Verify your email address", 2)[2]
    assert "e-mail" not in html.lower()
    # our own account templates and the headings we give allauth's pages say it the same way
    ours = [*(ROOT / "templates" / "account").rglob("*.*"), *(ROOT / "locale").rglob("*.po")]
    assert ours and not [p.name for p in ours if "e-mail" in p.read_text().lower()]
