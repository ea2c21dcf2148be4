"""Load test: the people of a centre at work, reading and writing (make loadtest).

40 simulated users (make loadtest): social workers, family assistants, heads and staff of the
demo's two centres (the 40 social workers and the assistants of tools/bench/shape.py): 4 heads,
4 staff, and of the other 32 two social workers to an assistant, each logged in once with the
demo password; the heads also with the
code of their authenticator (production enforces it), from the TOTP key that
`manage.py loadtest_setup` gave their device. Each then works as their role does: the start page,
the family list (also searched and paged), the pages of the families it lists, My deadlines; the
head's statistics and the staff's registers. About 7 % of the requests are writes: a social worker
saves the draft of an interview (opening one when the family has none yet), an assistant logs a
visit, both through the product's own forms (every field as the page gives it, the one-time token
and the version included).

Logging in is slow by design (the password hash), and 40 people do not log in within the same
ten seconds: the users arrive two a second and log in, the figures of that phase are printed, and
then the statistics start afresh for LOADTEST_BROWSE_SECONDS (120) of work, after which the test
ends.

Run only against a server on this machine: the demo data, password and TOTP key are public.
"""

import logging
import os
import random
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

import gevent
from django_otp.oath import totp
from locust import FastHttpUser, between, events, task

DEMO_PASSWORD = "Wsparcie-Demo-2026"
# The key `manage.py loadtest_setup` gives the heads' authenticators (public, as the password is;
# the same as its TOTP_KEY).
TOTP_KEY = os.environ.get("LOADTEST_TOTP_KEY", "3132333435363738393031323334353637383930")
CENTRES = ("ochota", "bemowo")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FAMILY_LINK = re.compile(r'href="(/families/\d+/)"')
INTERVIEW = re.compile(r'href="(/families/\d+/interviews/\d+/)"')
INTERVIEW_EDIT = re.compile(r'href="(/families/\d+/interviews/\d+/edit/)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["Nowak", "Kowalsk", "Wiśniewsk", "Rodzina"]
BROWSE_SECONDS = int(os.environ.get("LOADTEST_BROWSE_SECONDS", 120))
logged_in = 0


def start_browsing(environment):
    """All users are in: report the login phase, measure the work afresh, end it in time."""
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
    logging.info("Working for %d s", BROWSE_SECONDS)
    gevent.spawn_later(BROWSE_SECONDS, environment.runner.quit)


@events.test_start.add_listener
def refuse_remote_hosts(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in LOOPBACK:
        raise SystemExit(f"The load test runs against this machine only, not {host!r}.")


class FormFields(HTMLParser):
    """The fields of the first form of a page whose action ends with `action` (without one: the
    first form that posts to the page itself), as the browser would send them: inputs, checked
    boxes, selected options, text areas."""

    def __init__(self, action: str = ""):
        super().__init__()
        self.action, self.fields, self.buttons = action, [], []
        self._in_form = self._done = False
        self._select = self._textarea = None
        self._text: list[str] = []
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        target = a.get("action") or ""
        if tag == "form" and not self._done and (target.endswith(self.action) if self.action else not target):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "submit":
                self.buttons.append(name)
            elif kind not in ("checkbox", "radio") or "checked" in a:
                self.fields.append((name, a.get("value") or ""))
        elif tag == "button" and name:
            self.buttons.append(name)
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None and a.get("value"):
                self._first_option = a.get("value")
            if "selected" in a:
                self.fields.append((self._select, a.get("value") or ""))
                self._select = None
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if not self._in_form:
            return
        if tag == "select" and self._select:  # nothing selected: the first real option
            self.fields.append((self._select, self._first_option or ""))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "form":
            self._in_form, self._done = False, True


def form_of(html: str, action: str = "") -> FormFields:
    parser = FormFields(action)
    parser.feed(html or "")
    return parser


def fill(fields: list[tuple[str, str]], **values: str) -> dict[str, str]:
    """The form's fields with `values` put in (a text where a field is empty)."""
    data = dict(fields)
    for name, value in values.items():
        if name in data or value:
            data[name] = value
    return data


class Person(FastHttpUser):
    """Someone of the centre: logs in, then works; the subclasses say what they open."""

    abstract = True
    # A person reads a page before the next click: a page every 3 to 10 seconds each.
    wait_time = between(3, 10)
    posts: tuple[str, ...] = ()
    numbers = range(1, 3)

    def on_start(self):
        self.families: list[str] = []
        self.username = username = self.pick_username()
        page = self.client.get("/login/", name="login (form)")
        token = CSRF_INPUT.search(page.text or "")
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
            # A successful login redirects to the dashboard (or to the second factor); the form
            # again means refused.
            if response.text is None or 'name="password"' in response.text:
                response.failure(f"login refused for {username}")
            elif 'name="token"' in response.text:
                self.second_factor(response.text)
        global logged_in
        logged_in += 1
        if logged_in == self.environment.runner.target_user_count:
            start_browsing(self.environment)

    def pick_username(self) -> str:
        username = f"{random.choice(CENTRES)}.{random.choice(self.posts)}"
        return username.format(n=random.choice(self.numbers))

    def second_factor(self, page: str) -> None:
        token = CSRF_INPUT.search(page)
        code = f"{totp(bytes.fromhex(TOTP_KEY)):06d}"
        with self.client.post(
            "/two-factor/verify/",
            data={"token": code, "csrfmiddlewaretoken": token.group(1) if token else "", "next": "/"},
            headers={"Referer": self.host + "/two-factor/verify/"},
            name="login (second factor)",
            catch_response=True,
        ) as response:
            if response.text is None or 'name="token"' in response.text:
                response.failure(f"second factor refused for {self.username}")

    def post_form(self, url: str, html: str, name: str, action: str = "", button: str = "", **values: str):
        """Send the page's form as the browser would, with `values` typed in."""
        form = form_of(html, action)
        data = fill(form.fields, **values)
        if button:
            data[button] = ""
        with self.client.post(
            url, data=data, headers={"Referer": self.host + url}, name=name, catch_response=True
        ) as response:
            # Saved: the next page. Refused: the form again, with what is wrong.
            if response.text and ("is-invalid" in response.text or "invalid-feedback" in response.text):
                response.failure("the form was refused")
            return response

    @task(3)
    def dashboard(self):
        self.client.get("/", name="start page")

    @task(1)
    def my_deadlines(self):
        self.client.get("/deadlines/", name="my deadlines")


class CaseWorker(Person):
    """Someone who works with families: their list, its search and the families' pages."""

    abstract = True

    @task(4)
    def family_list(self):
        response = self.client.get("/families/", name="family list")
        self.families = FAMILY_LINK.findall(response.text or "") or self.families

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


class SocialWorker(CaseWorker):
    weight = 2  # of the users beyond the heads and staff: two social workers to an assistant
    posts = ("socjalny{n}",)
    numbers = range(1, 41)

    @task(1)
    def interview_draft_saved(self):
        """A family whose interview is due: its draft saved (opened first when there is none)."""
        page = self.client.get("/families/?status=reported", name="family list, interview due")
        families = FAMILY_LINK.findall(page.text or "")
        if not families:
            return
        family = random.choice(families)
        # The family page's case section lists the interviews and offers to start one; a draft is
        # continued from the interview's own page.
        page = self.client.get(family + "?section=case", name="family page")
        interviews = INTERVIEW.findall(page.text or "")
        interview = self.client.get(interviews[-1], name="interview").text if interviews else ""
        edit = INTERVIEW_EDIT.search(interview or "")
        if edit:
            url = edit.group(1)
            html = self.client.get(url, name="interview draft").text
        else:
            start = form_of(page.text, "interviews/start/")
            if not start.fields:
                return
            response = self.post_form(
                family + "interviews/start/", page.text, "interview opened", "interviews/start/"
            )
            url, html = urlparse(response.url).path, response.text
        self.post_form(
            url,
            html,
            "interview draft saved",
            button="save",
            housing="Mieszkanie dwupokojowe, ogrzewane, czyste.",
        )


class Assistant(CaseWorker):
    weight = 1
    posts = ("asystent{n}",)
    numbers = range(1, 41)

    @task(2)
    def visit_logged(self):
        if not self.families:
            self.family_list()
        if not self.families:
            return
        url = random.choice(self.families) + "visits/new/"
        with self.client.get(url, name="visit form", catch_response=True, allow_redirects=False) as page:
            if page.status_code != 200:  # not a family the assistant works with now
                page.success()
                return
        self.post_form(
            url,
            page.text,
            "visit logged",
            kind="home",
            place="Mieszkanie rodziny",
            duration_minutes="60",
            present="Matka i dzieci",
            activities="Rozmowa o planie pracy.",
        )


class Head(CaseWorker):
    """The centres' heads and their deputies, one session each: an authenticator's code is good
    for one login only."""

    fixed_count = 4
    accounts = [f"{centre}.{post}" for post in ("kierownik", "kierownik2") for centre in CENTRES]

    def pick_username(self) -> str:
        return Head.accounts.pop(0)

    @task(2)
    def statistics(self):
        self.client.get("/statistics/", name="statistics")


class Staff(Person):
    """No case content: the registers of the courts' letters and of the invoices."""

    fixed_count = 4
    posts = ("sekretariat",)

    @task(4)
    def court_register(self):
        self.client.get("/court-requests/", name="court register")

    @task(4)
    def invoices(self):
        self.client.get("/support-family-invoices/", name="invoices")
