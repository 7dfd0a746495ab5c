"""Login through the municipality's identity provider (a local test provider, see
``oidc_provider.py``): the user lands in the right municipality with the right role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse
from joserfc.jwk import RSAKey

from samverka.accounts.models import AuditEvent, MunicipalityRole, OidcIdentity, OidcProvider, Role
from samverka.accounts.tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, TestProvider, serve
from samverka.core.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp() -> Iterator[TestProvider]:
    provider = TestProvider()
    server, thread = serve(provider)
    yield provider
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def configured(world: World, idp: TestProvider, monkeypatch: pytest.MonkeyPatch) -> OidcProvider:
    # The secret is in the environment, under the provider's default name; none in the database.
    monkeypatch.setenv("SAMVERKA_OIDC_TESTBY_AD_SECRET", CLIENT_SECRET)
    return OidcProvider.objects.create(
        municipality=world.testby,
        slug="testby-ad",
        name="Testby AD",
        discovery_url=idp.discovery_url,
        client_id=CLIENT_ID,
        coordinator_groups="samverka-samordnare",
        member_groups="samverka-medlem\nbrottsforebyggare",
        default_role="",
    )


def idp_login(client: Client, provider: OidcProvider, next_url: str = "") -> Any:
    """Click the button, let the provider log the user in, follow it back to samverka."""
    start = reverse("accounts:oidc_login", kwargs={"slug": provider.slug})
    response = client.get(start + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    at_provider = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_the_login_page_offers_each_provider(configured: OidcProvider, client: Client) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Logga in med Testby AD" in page


def test_a_user_lands_in_the_right_municipality_with_the_right_role(
    world: World, idp: TestProvider, configured: OidcProvider, client: Client
) -> None:
    idp.claims = {
        "sub": "a1b2c3",
        "given_name": "Nora",
        "family_name": "Nord",
        "email": "nora@testby.se",
        "email_verified": True,
        "groups": ["alla-anställda", "brottsforebyggare"],
    }
    response = idp_login(client, configured)
    assert response.status_code == 302
    # PKCE, state and nonce were all sent.
    sent = idp.last_authorize
    assert sent["code_challenge_method"] == "S256" and sent["code_challenge"]
    assert sent["state"] and sent["nonce"]
    assert "openid" in sent["scope"]

    identity = OidcIdentity.objects.get(provider=configured, subject="a1b2c3")
    nora = identity.user
    assert nora.get_full_name() == "Nora Nord"
    assert not nora.has_usable_password()
    role = MunicipalityRole.objects.get(user=nora)
    assert (role.municipality, role.role) == (world.testby, Role.MEMBER)
    assert AuditEvent.objects.filter(
        action="role_from_idp", municipality=world.testby, object_id=str(nora.pk)
    ).exists()
    assert AuditEvent.objects.filter(action="login", user=nora, municipality=world.testby).exists()
    # Logged in, and straight into the one municipality.
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == reverse("workbench:start", kwargs={"municipality": "testby"})

    # The provider decides the role: the next login with the coordinators' group changes it.
    client.post(reverse("accounts:logout"))
    idp.claims["groups"] = ["samverka-samordnare"]
    idp.claims["amr"] = ["pwd", "mfa"]
    idp_login(client, configured)
    role.refresh_from_db()
    assert role.role == Role.COORDINATOR
    assert OidcIdentity.objects.count() == 1
    # amr says the provider asked for a second factor: a coordinator gets in without ours.
    users = reverse("users:list", kwargs={"municipality": "testby"})
    assert client.get(users).status_code == 200


def test_a_coordinator_without_the_providers_mfa_must_show_ours(
    world: World, idp: TestProvider, configured: OidcProvider, client: Client
) -> None:
    idp.claims = {"sub": "boss", "groups": ["samverka-samordnare"], "amr": ["pwd"]}
    idp_login(client, configured)
    response = client.get(reverse("users:list", kwargs={"municipality": "testby"}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_totp_enrol"))
    # Unless the provider is trusted for it.
    configured.trusted_for_mfa = True
    configured.save()
    client.post(reverse("accounts:logout"))
    idp_login(client, configured)
    assert client.get(reverse("users:list", kwargs={"municipality": "testby"})).status_code == 200


def test_without_a_mapped_group_or_default_role_there_is_no_login(
    world: World, idp: TestProvider, configured: OidcProvider, client: Client
) -> None:
    idp.claims = {"sub": "x", "groups": ["alla-anställda"]}
    response = idp_login(client, configured)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert not OidcIdentity.objects.exists()


def test_a_token_signed_by_another_key_is_refused(
    world: World, idp: TestProvider, configured: OidcProvider, client: Client
) -> None:
    idp.claims = {"sub": "mallory", "groups": ["samverka-samordnare"]}
    idp.signing_key = RSAKey.generate_key(2048, private=True)
    response = idp_login(client, configured)
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", municipality=world.testby).exists()


def test_a_callback_with_a_foreign_state_is_refused(
    world: World, idp: TestProvider, configured: OidcProvider, client: Client
) -> None:
    idp.claims = {"sub": "a", "groups": ["samverka-medlem"]}
    start = client.get(reverse("accounts:oidc_login", kwargs={"slug": configured.slug}))
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(at_provider.headers["Location"])
    query = parse_qs(back.query)
    forged = client.get(f"{back.path}?code={query['code'][0]}&state=annan")
    assert forged["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_an_account_is_never_linked_by_email(
    world: World, idp: TestProvider, configured: OidcProvider, client: Client
) -> None:
    world.root.email = "root@samverka.se"
    world.root.save()
    idp.claims = {
        "sub": "evil",
        "email": "root@samverka.se",
        "email_verified": True,
        "groups": ["samverka-medlem"],
    }
    idp_login(client, configured)
    identity = OidcIdentity.objects.get(subject="evil")
    assert identity.user != world.root
    assert client.session["_auth_user_id"] == str(identity.user.pk)


def _user_claims(idp: TestProvider) -> None:
    idp.claims = {"sub": "s3cr3t", "given_name": "Nora", "groups": ["samverka-medlem"]}


def test_the_client_secret_comes_from_the_named_environment_variable(
    world: World,
    idp: TestProvider,
    configured: OidcProvider,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert configured.client_secret == ""
    configured.secret_env = "SAMVERKA_OIDC_AD_SECRET"
    configured.save()
    monkeypatch.setenv("SAMVERKA_OIDC_AD_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("SAMVERKA_OIDC_TESTBY_AD_SECRET", "not-the-secret")
    _user_claims(idp)
    assert idp_login(client, configured).status_code == 302
    assert OidcIdentity.objects.filter(provider=configured, subject="s3cr3t").exists()


def test_a_wrong_secret_in_the_environment_gives_no_login(
    world: World,
    idp: TestProvider,
    configured: OidcProvider,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAMVERKA_OIDC_TESTBY_AD_SECRET", "not-the-secret")
    _user_claims(idp)
    idp_login(client, configured)
    assert not OidcIdentity.objects.filter(provider=configured).exists()


def test_an_old_secret_in_the_database_still_works_and_check_deploy_warns(
    world: World,
    idp: TestProvider,
    configured: OidcProvider,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from samverka.accounts.checks import oidc_secrets_in_database

    monkeypatch.delenv("SAMVERKA_OIDC_TESTBY_AD_SECRET")
    assert oidc_secrets_in_database() == []
    configured.client_secret = CLIENT_SECRET
    configured.save()
    _user_claims(idp)
    assert idp_login(client, configured).status_code == 302
    assert OidcIdentity.objects.filter(provider=configured, subject="s3cr3t").exists()
    warnings = oidc_secrets_in_database()
    assert [w.id for w in warnings] == ["samverka.W101"]
    assert "SAMVERKA_OIDC_TESTBY_AD_SECRET" in (warnings[0].hint or "")
    assert CLIENT_SECRET not in warnings[0].msg + (warnings[0].hint or "")


def test_the_admin_names_the_variable_and_never_shows_the_secret(
    world: World, configured: OidcProvider, client: Client
) -> None:
    configured.client_secret = "old-db-secret"
    configured.save()
    client.force_login(world.root)
    session = client.session
    session["samverka_mfa"] = {"user": world.root.pk, "method": "totp"}
    session.save()
    page = client.get(reverse("admin:accounts_oidcprovider_change", args=[configured.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "SAMVERKA_OIDC_TESTBY_AD_SECRET" in html
    assert CLIENT_SECRET not in html and "old-db-secret" not in html
    client.post(
        reverse("admin:accounts_oidcprovider_changelist"),
        {"action": "forget_database_secret", "_selected_action": [configured.pk]},
    )
    configured.refresh_from_db()
    assert configured.client_secret == ""
