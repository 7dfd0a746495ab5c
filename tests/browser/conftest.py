"""Real-browser tests: Playwright's sync API drives Debian's chromium against pytest-django's
live server. Mark each test module ``pytestmark = pytest.mark.browser``.

Chromium comes from the operating system (`apt-get install chromium fonts-dejavu-core`), never from
`playwright install`: this machine reaches no download site but the package registries. A missing
chromium fails every browser test with a message that says how to install it; it never skips.

Fixtures:
  browser                  one chromium per test session (per xdist worker)
  page                     a fresh context per test, desktop viewport, pointed at the live server
  phone_page               the same at 390×844 with touch, as on a phone
  login(page, username)    signs a user of the `world` fixture in through the real login form,
                           and through the second factor where the user needs one (a
                           coordinator enrols an authenticator app, the code computed here)
  assert_no_axe_violations(page)   axe-core, WCAG 2.1 A and AA, fails with a readable list

Every page also fails its test when the Content Security Policy refuses anything on it (an
inline script or style, a resource from another origin): see ``_watch_csp``.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from samverka.core.testing import PASSWORD, World

# Playwright's sync API runs an asyncio loop in the test thread; Django refuses ORM calls there
# (SynchronousOnlyOperation) unless told that this thread really is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("SAMVERKA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Long enough for a cold live server on a busy 2-core CI machine, short enough to fail fast.
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Browser tests use Debian's chromium: "
            "run `apt-get install -y chromium fonts-dejavu-core` (never `playwright install`), "
            "or point SAMVERKA_CHROMIUM at a chromium binary.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(browser: Browser, base_url: str, **context_options: Any) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        base_url=base_url, locale="sv-SE", timezone_id="Europe/Stockholm", **context_options
    )
    context.set_default_timeout(TIMEOUT_MS)
    violations = _watch_csp(context)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
    if violations:
        pytest.fail(
            "The Content Security Policy refused something on the page:\n"
            + "\n".join(f"- {v}" for v in violations),
            pytrace=False,
        )


# Reports every CSP violation as a console error (the init script runs outside the page's CSP).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " +
    (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


def _watch_csp(context: BrowserContext) -> list[str]:
    """Every CSP violation in the context's pages: the securitypolicyviolation event and
    chromium's own console message ("Refused to …"). A test with any of them fails."""
    found: list[str] = []
    context.add_init_script(CSP_LISTENER)

    def on_console(message: Any) -> None:
        text = message.text
        if message.type == "error" and (
            text.startswith(("CSP violation", "Refused to")) or "Content Security Policy" in text
        ):
            found.append(text)

    context.on("console", on_console)
    return found


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    yield from _new_page(browser, live_server.url, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    yield from _new_page(browser, live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def login(world: World) -> Callable[[Page, str], None]:
    """Sign in as one of the world's users (alice, bob, …) through the login form.

    Fills the fields directly; the keyboard journey itself is tested in test_login_browser.py.
    """

    def _login(page: Page, username: str) -> None:
        page.goto(reverse("accounts:login"))
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        if page.url.rstrip("/").endswith(reverse("accounts:login").rstrip("/")):
            pytest.fail(f"Could not log in as {username!r}: still on the login page.")
        second_factor(page, username)

    return _login


def totp_code(secret_base32: str, drift: int = 0) -> str:
    """What an authenticator app shows for the secret on the enrolment page."""
    key = base64.b32decode(secret_base32.replace(" ", ""))
    return f"{totp(key, drift=drift):06d}"


def second_factor(page: Page, username: str) -> None:
    """Coordinators (and anybody with a device) show a second factor after the password:
    enrol an authenticator app the first time, as a person would, then give its code."""
    if reverse("accounts:mfa_totp_enrol") in page.url:
        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("Kod").fill(totp_code(secret))
        with page.expect_navigation():
            page.get_by_role("button", name="Slå på").click()
        with page.expect_navigation():
            page.get_by_role("link", name="Fortsätt").click()
    elif reverse("accounts:mfa_verify") in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        secret = base64.b32encode(device.bin_key).decode()
        page.get_by_label("Kod").fill(totp_code(secret, drift=1))  # a code not used yet
        with page.expect_navigation():
            page.get_by_role("button", name="Fortsätt").click()
    if "tvastegsverifiering" in page.url:
        pytest.fail(f"{username!r} did not get past the second factor: {page.url}")


def format_axe_violations(violations: list[dict[str, Any]]) -> str:
    """One block per rule: id, impact, what it means, and the offending elements."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'unknown impact'}): "
            f"{violation['help']} – {violation.get('helpUrl', '')}"
        )
        for node in violation.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").strip().replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


def _assert_no_axe_violations(page: Page) -> None:
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    violations = results.response.get("violations", [])
    if violations:
        pytest.fail(
            f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n"
            + format_axe_violations(violations),
            pytrace=False,
        )


@pytest.fixture
def assert_no_axe_violations() -> Callable[[Page], None]:
    return _assert_no_axe_violations
