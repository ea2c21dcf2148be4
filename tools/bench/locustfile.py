"""Load test: social workers and family assistants of the demo browse their work (make loadtest).

Each simulated user logs in once with the demo password, then opens the dashboard, the family
list (also searched and paged) and the pages of the families it lists. The accounts are the
demo's social workers and assistants: their role does not require a second factor, so the test
runs against production settings (DJANGO_2FA_ENFORCED on) without weakening them. Heads and
administrators need TOTP in production; their dashboard is measured by the benchmark instead.

Logging in is slow by design (the password hash), and 50 people do not log in within the same
ten seconds: the users arrive two a second and log in, the figures of that phase are printed, and then the
statistics start afresh for LOADTEST_BROWSE_SECONDS (60) of browsing, after which the test ends.

Run only against a server on this machine: the demo data and password are public.
"""

import logging
import os
import random
import re
from urllib.parse import urlparse

import gevent
from locust import FastHttpUser, between, events, task

DEMO_PASSWORD = "Wsparcie-Demo-2026"
USERNAMES = [
    f"{centre}.{role}{n}"
    for centre in ("ochota", "bemowo")
    for role in ("socjalny", "asystent")
    for n in (1, 2)
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FAMILY_LINK = re.compile(r'href="(/families/\d+/)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["Nowak", "Kowalsk", "Wiśniewsk", "Rodzina"]
BROWSE_SECONDS = int(os.environ.get("LOADTEST_BROWSE_SECONDS", 60))
logged_in = 0


def start_browsing(environment):
    """All users are in: report the login phase, measure the browsing afresh, end it in time."""
    login = environment.stats.get("login", "POST")
    logging.info(
        "Login phase: %d logins, %d failures, median %d ms, p95 %d ms, max %d ms",
        login.num_requests,
        login.num_failures,
        login.median_response_time,
        login.get_response_time_percentile(0.95),
        login.max_response_time,
    )
    environment.stats.reset_all()
    logging.info("Browsing for %d s", BROWSE_SECONDS)
    gevent.spawn_later(BROWSE_SECONDS, environment.runner.quit)


@events.test_start.add_listener
def refuse_remote_hosts(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"The load test runs against this machine only, not {host!r}.")


class CaseWorker(FastHttpUser):
    # A person reads a page before the next click: a page every 3 to 10 seconds each.
    wait_time = between(3, 10)

    def on_start(self):
        self.families: list[str] = []
        username = random.choice(USERNAMES)
        page = self.client.get("/login/", name="login (form)")
        token = CSRF_INPUT.search(page.text)
        with self.client.post(
            "/login/",
            data={
                "username": username,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "next": "/",
            },
            headers={"Referer": self.host + "/login/"},
            name="login",
            catch_response=True,
        ) as response:
            # A successful login redirects to the dashboard; the form again means refused.
            if response.text is None or 'name="password"' in response.text:
                response.failure(f"login refused for {username}")
        global logged_in
        logged_in += 1
        if logged_in == self.environment.runner.target_user_count:
            start_browsing(self.environment)

    @task(3)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(4)
    def family_list(self):
        response = self.client.get("/families/", name="family list")
        self.families = FAMILY_LINK.findall(response.text) or self.families

    @task(1)
    def family_list_page_2(self):
        self.client.get("/families/?page=2", name="family list, page 2")

    @task(2)
    def search(self):
        # Posted from the list's form (a searched name stays out of the address), then followed.
        page = self.client.get("/families/", name="family list")
        token = CSRF_INPUT.search(page.text or "")
        self.client.post(
            "/families/",
            data={"q": random.choice(SEARCHES), "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": self.host + "/families/"},
            name="family search",
        )

    @task(6)
    def family_page(self):
        if self.families:
            self.client.get(random.choice(self.families), name="family page")
        else:
            self.family_list()
