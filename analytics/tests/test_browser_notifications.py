"""Playwright (daphne): a page whose notifications socket is refused for too many open sockets (4429) backs off
quietly instead of reconnecting every few seconds; a good connection that drops, or is closed by a sign-out
everywhere (4440), is followed by another however often that happens in the page's lifetime."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest

from accounts.tests.factories import CandidateFactory
from interviewmaster.testing import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Counts the page's /ws/notifications/ sockets and the codes they closed with.
SPY = """window.__notify = {opened: 0, closes: []};
{ const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, ...rest) {
      super(url, ...rest);
      if (String(url).includes("/ws/notifications/")) {
        window.__notify.opened += 1;
        window.__socket = this;  // the latest, for a test to drop
        this.addEventListener("close", (event) => window.__notify.closes.push(event.code));
      }
    }
  };
}"""


def _until(page, expression: str, seconds: float = 5) -> None:
    """Wait in real time for `expression` in the page. Not `page.wait_for_function`: its checks after the first
    `eval` the expression in the page, which the Content-Security-Policy refuses (the test failed whenever the socket
    closed after the first check), and they poll with the page's timers, which a test's fake clock holds still."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {expression}; {page.evaluate('window.__notify')}")


def test_a_tab_past_the_socket_cap_backs_off_instead_of_reconnecting(client, daphne_server, page, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    settings.NOTIFICATIONS_WS_CONNECTIONS_PER_USER = 1
    sign_in_browser(page.context, client, CandidateFactory(), daphne_server)
    page.context.add_init_script(SPY)
    page.goto(f"{daphne_server}/")
    _until(page, "window.__notify.opened === 1")
    time.sleep(0.5)
    assert page.evaluate("window.__notify.closes") == []  # the first tab holds the one place
    other = page.context.new_page()
    other.goto(f"{daphne_server}/")
    _until(other, "window.__notify.closes.length === 1", seconds=10)
    assert other.evaluate("window.__notify.closes") == [4429]
    time.sleep(4)  # the old client tried again after 2 s, then 4, 8, ... whatever the refusal
    assert other.evaluate("window.__notify.opened") == 1
    assert page.evaluate("window.__notify") == {"opened": 1, "closes": []}
    other.close()


def _open_page(page, client, daphne_server, settings, user=None):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    user = user or CandidateFactory()
    sign_in_browser(page.context, client, user, daphne_server)
    page.context.add_init_script(SPY)
    page.clock.install()
    page.goto(f"{daphne_server}/")
    _until(page, "window.__socket && window.__socket.readyState === WebSocket.OPEN")
    _hold_clock(page)
    return user


def _hold_clock(page) -> None:
    """From now on the page's timers run only as the test says (`run_for`): minutes of back-off take no time."""
    page.clock.pause_at(datetime.now() + timedelta(seconds=1))


def test_every_drop_of_a_good_connection_is_followed_by_a_reconnect_2_s_later(client, daphne_server, page, settings):
    """notifications.js counted every drop over the page's lifetime and never started again after a good
    connection: the 2nd drop waited 4 s, the 5th 32 s, and after the 5th the page never connected again (no badge
    toasts until a reload), though each connection in between was a good one. Each drop now starts from 2 s."""
    _open_page(page, client, daphne_server, settings)
    for drop in range(1, 8):
        page.evaluate("window.__socket.close(1000)")  # the connection ends (a deploy, a network change)
        _until(page, f"window.__notify.closes.length === {drop}")
        page.clock.run_for(1900)
        assert page.evaluate("window.__notify.opened") == drop  # not sooner than 2 s
        page.clock.run_for(200)
        _until(page, f"window.__notify.opened === {drop + 1} && window.__socket.readyState === WebSocket.OPEN")
    assert page.evaluate("window.__notify.closes") == [1000] * 7


def test_each_sign_out_everywhere_is_followed_by_a_reconnect_1_s_later(browser, client, daphne_server, page,
                                                                         settings):
    """Two password changes in another tab, some time apart: each closes the page's notifications socket with 4440,
    and each time the page, still signed in, connects again 1 s later (not 4 s, as a second attempt would)."""
    from accounts.tests.factories import DEFAULT_PASSWORD

    _open_page(page, client, daphne_server, settings)
    other = page.context.new_page()
    passwords = [DEFAULT_PASSWORD, "brand-new-secret-77", "brand-new-secret-78"]
    for change in (1, 2):
        other.goto(f"{daphne_server}/accounts/password/change/")
        other.locator("[name=oldpassword]").fill(passwords[change - 1])
        other.locator("[name=password1]").fill(passwords[change])
        other.locator("[name=password2]").fill(passwords[change])
        with other.expect_navigation():  # and so tab B has its new session cookie
            other.locator("form:has([name=oldpassword]) [type=submit]").click()
        _until(page, f"window.__notify.closes.length === {change}")
        assert page.evaluate("window.__notify.closes").count(4440) == change
        page.clock.run_for(900)
        assert page.evaluate("window.__notify.opened") == change
        page.clock.run_for(200)
        _until(page, f"window.__notify.opened === {change + 1} && window.__socket.readyState === WebSocket.OPEN")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__notify") == {"opened": 3, "closes": [4440, 4440]}
    other.close()


def test_refusals_back_off_though_each_refused_socket_opened(client, daphne_server, page, settings):
    """A refused socket opens before it is closed (4429: the server accepts and closes at once, so that the page can
    read the code): that is no good connection, and the back-off goes on, 1, 2, 4, 8, 16 minutes, then no more."""
    settings.NOTIFICATIONS_WS_CONNECTIONS_PER_USER = 1
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    user = CandidateFactory()
    sign_in_browser(page.context, client, user, daphne_server)
    page.goto(f"{daphne_server}/")  # this tab holds the one place
    other = page.context.new_page()
    other.add_init_script(SPY)
    other.clock.install()
    other.goto(f"{daphne_server}/")
    _until(other, "window.__notify.closes.length === 1")
    _hold_clock(other)
    for attempt, minutes in enumerate([1, 2, 4, 8, 16], start=2):
        other.clock.run_for(minutes * 60_000 - 5000)  # less a margin: the clock was held after the first refusal
        assert other.evaluate("window.__notify.opened") == attempt - 1, minutes
        other.clock.run_for(5000)
        _until(other, f"window.__notify.closes.length === {attempt}")
    other.clock.run_for(3 * 3_600_000)
    other.wait_for_timeout(500)
    assert other.evaluate("window.__notify") == {"opened": 6, "closes": [4429] * 6}
    other.close()
