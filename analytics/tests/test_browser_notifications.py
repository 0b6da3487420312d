"""Playwright (daphne): a page whose notifications socket is refused for too many open sockets (4429) backs off
quietly instead of reconnecting every few seconds."""

from __future__ import annotations

import time

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
        this.addEventListener("close", (event) => window.__notify.closes.push(event.code));
      }
    }
  };
}"""


def test_a_tab_past_the_socket_cap_backs_off_instead_of_reconnecting(client, daphne_server, page, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    settings.NOTIFICATIONS_WS_CONNECTIONS_PER_USER = 1
    sign_in_browser(page.context, client, CandidateFactory(), daphne_server)
    page.context.add_init_script(SPY)
    page.goto(f"{daphne_server}/")
    page.wait_for_function("window.__notify.opened === 1")
    time.sleep(0.5)
    assert page.evaluate("window.__notify.closes") == []  # the first tab holds the one place
    other = page.context.new_page()
    other.goto(f"{daphne_server}/")
    other.wait_for_function("window.__notify.closes.length === 1", timeout=10_000)
    assert other.evaluate("window.__notify.closes") == [4429]
    time.sleep(4)  # the old client tried again after 2 s, then 4, 8, ... whatever the refusal
    assert other.evaluate("window.__notify.opened") == 1
    assert page.evaluate("window.__notify") == {"opened": 1, "closes": []}
    other.close()
