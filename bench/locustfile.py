"""Load test journeys (Locust) against samverka filled by bench/national_data.py.

Run by bench/bench_load.py; by hand:

    BENCH_SLUGS=upplands-vasby,vallentuna locust -f bench/locustfile.py --host http://127.0.0.1:8001

Four kinds of user, in the proportions of a working week (readers and members far outnumber
coordinators; API clients poll):

- coordinators log in with password and the authenticator code (``national_data.totp_code``,
  what their phone would show), then open the start page, the meetings, a meeting's minutes,
  the lägesbild, the incident list and the form to report an incident;
- members log in and open the start page, the meetings and a meeting, the incidents;
- readers log in and open the start page, the lägesbild and the reports;
- API clients list areas, groups, people and memberships with their read key.

``BENCH_SLUGS`` (comma-separated) says which municipalities; the users of each role take them
in turn (an even spread). The ceiling, ``/bench/bare/``, is a separate run (``BENCH_BARE=1``).

The users are Locust's ``FastHttpUser`` (geventhttpclient): on a machine where Locust shares the
cores with the server, python-requests' own CPU would be counted as the server's latency. A page
is asked for without following redirects, so a page that sends the user to the login form counts
as a failure. The figures are reset once every user has logged in (not only started): the
measured window is the working day, not the morning's logins.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import sys
from pathlib import Path

from locust import FastHttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from national_data import BENCH_PASSWORD, totp_code, totp_key

SLUGS = [s for s in os.environ.get("BENCH_SLUGS", "").split(",") if s]
API_KEYS = dict(
    item.split("=", 1) for item in os.environ.get("BENCH_API_KEYS", "").split(",") if item
)
# Seconds a person thinks between two clicks: 1–3 by default (a stress test: 200 users offer
# about 100 requests a second), BENCH_THINK="5,15" for people reading what they opened.
THINK = tuple(float(x) for x in os.environ.get("BENCH_THINK", "1,3").split(",", 1))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MEETING = re.compile(r'/k/[\w-]+/moten/(\d+)/"')


_logged_in = {"users": 0}
# Each role takes the municipalities in turn: users spread evenly, and no two simulated
# coordinators share one municipality's bench account, whose authenticator code django-otp
# accepts once per 30-second step (a replayed code is refused, as it should be).
_next_slug: dict[str, itertools.count[int]] = {}


def take_slug(role: str) -> str:
    turn = next(_next_slug.setdefault(role, itertools.count()))
    return SLUGS[turn % len(SLUGS)]


def ready(user: FastHttpUser) -> None:
    """Count a user who has logged in; when the last one has, reset the figures."""
    _logged_in["users"] += 1
    runner = user.environment.runner
    if runner is not None and _logged_in["users"] == runner.target_user_count:
        runner.stats.reset_all()
        print(f"{_logged_in['users']} users logged in: figures reset", file=sys.stderr)


class _Person(FastHttpUser):
    abstract = True
    wait_time = between(*THINK)
    role = ""

    def on_start(self) -> None:
        self.slug = take_slug(self.role)
        self.base = f"/k/{self.slug}"
        self.meetings: list[str] = []
        page = self.client.get("/konto/logga-in/", name="login form")
        token = CSRF.search(page.text)
        self.client.post(
            "/konto/logga-in/",
            {
                "username": f"bench-{self.slug}-{self.role}",
                "password": BENCH_PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="login",
        )
        if self.role != "samordnare":  # a coordinator is ready after the second factor
            ready(self)

    def page(self, path: str, name: str) -> str:
        with self.client.get(
            f"{self.base}{path}", name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:  # 302 to the login form included
                response.failure(f"{response.status_code} {path}")
            return response.text or ""

    def meetings_and_minutes(self) -> None:
        text = self.page("/moten/", "meetings")
        self.meetings = MEETING.findall(text) or self.meetings
        if self.meetings:
            self.page(f"/moten/{random.choice(self.meetings)}/", "meeting (minutes)")  # noqa: S311


class Coordinator(_Person):
    weight = 1
    role = "samordnare"

    def on_start(self) -> None:
        super().on_start()
        page = self.client.get("/konto/tvastegsverifiering/verifiera/", name="mfa form")
        token = CSRF.search(page.text)
        self.client.post(
            "/konto/tvastegsverifiering/verifiera/",
            {
                "otp_token": totp_code(totp_key(self.slug)),
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="mfa",
        )
        ready(self)

    @task(3)
    def start_page(self) -> None:
        self.page("/start/", "start")

    @task(2)
    def meetings(self) -> None:
        self.meetings_and_minutes()

    @task(2)
    def lagesbild(self) -> None:
        self.page("/lagesbild/", "lägesbild")

    @task(2)
    def incidents(self) -> None:
        self.page("/handelser/", "incidents")

    @task(1)
    def report_form(self) -> None:
        self.page("/handelser/ny/", "report incident (form)")


class Member(_Person):
    weight = 4
    role = "medlem"

    @task(3)
    def start_page(self) -> None:
        self.page("/start/", "start")

    @task(2)
    def meetings(self) -> None:
        self.meetings_and_minutes()

    @task(1)
    def incidents(self) -> None:
        self.page("/handelser/", "incidents")


class Reader(_Person):
    weight = 3
    role = "lasare"

    @task(3)
    def start_page(self) -> None:
        self.page("/start/", "start")

    @task(2)
    def lagesbild(self) -> None:
        self.page("/lagesbild/", "lägesbild")

    @task(1)
    def reports(self) -> None:
        self.page("/rapporter/", "reports (fact sheet)")


class ApiClient(FastHttpUser):
    weight = 2
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.slug = random.choice([s for s in SLUGS if s in API_KEYS] or SLUGS)  # noqa: S311
        self.key = {"Authorization": f"Token {API_KEYS.get(self.slug, '')}"}
        ready(self)

    @task
    def lists(self) -> None:
        name = random.choice(("areas", "groups", "people", "memberships"))  # noqa: S311
        self.client.get(
            f"/api/v1/municipalities/{self.slug}/{name}/", name=f"api {name}", headers=self.key
        )


if os.environ.get("BENCH_BARE"):
    # The ceiling run: only the bare view, no think time beyond the journeys'.
    class Bare(FastHttpUser):
        wait_time = between(*THINK)

        @task
        def bare(self) -> None:
            self.client.get("/bench/bare/", name="bare view")

    for _cls in (Coordinator, Member, Reader, ApiClient):
        _cls.abstract = True
