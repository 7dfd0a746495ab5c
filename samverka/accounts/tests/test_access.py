"""The one access layer: ``Access`` resolved once per request, for pages, API and commands."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverka.accounts.access import Access
from samverka.accounts.models import MunicipalityRole, Role
from samverka.core.testing import World

pytestmark = pytest.mark.django_db


def groups_url(world: World) -> str:
    return reverse("organisation:group_list", kwargs={"municipality": world.testby.slug})


def test_it_gives_each_user_their_role(world: World) -> None:
    assert Access.for_user(world.alice, world.testby).is_coordinator
    bob = Access.for_user(world.bob, world.testby)
    assert bob.role == Role.MEMBER and bob.may_report and not bob.may_write
    dave = Access.for_user(world.dave, world.testby)
    assert dave.role == Role.READER and not dave.may_report
    assert Access.for_user(world.olle, world.testby).role is None


def test_it_answers_404_for_a_municipality_without_a_role(world: World) -> None:
    with pytest.raises(Http404):
        Access.for_slug(world.olle, world.testby.slug)
    with pytest.raises(Http404):
        Access.for_slug(world.alice, "finns-inte")


def test_platform_admins_act_as_coordinators(world: World) -> None:
    access = Access.for_slug(world.root, world.annanstad.slug)
    assert access.is_coordinator and access.is_platform_admin


def test_the_operator_acts_as_a_coordinator_of_no_group(world: World) -> None:
    access = Access.system(world.testby)
    assert access.is_system and access.is_coordinator and access.manages(world.steering.pk)
    assert access.group_ids == frozenset() and access.person is None


def test_it_knows_groups_officers_and_person(world: World) -> None:
    bob = Access.for_user(world.bob, world.testby)
    assert bob.group_ids == {world.steering.pk}
    assert bob.officer_group_ids == {world.steering.pk}  # bob chairs the steering group
    assert bob.person == world.bob_person
    carol = Access.for_user(world.carol, world.testby)
    assert carol.sees_internals(world.safety_group.pk)
    assert not carol.sees_internals(world.steering.pk)
    assert not carol.manages(world.safety_group.pk)  # a member, not an officer


def test_it_asks_for_memberships_once_and_only_when_needed(world: World) -> None:
    with CaptureQueriesContext(connection) as queries:
        access = Access.for_user(world.carol, world.testby)
    assert len(queries) == 1  # the role
    with CaptureQueriesContext(connection) as queries:
        access.sees_internals(world.safety_group.pk)
        access.manages(world.steering.pk)
        access.is_member_of(world.preparation.pk)
    assert len(queries) == 1  # the memberships, with their roles, once


def test_require_coordinator_refuses_others(world: World) -> None:
    Access.for_user(world.alice, world.testby).require_coordinator()
    with pytest.raises(PermissionDenied):
        Access.for_user(world.bob, world.testby).require_coordinator()


def test_a_page_request_carries_its_access(client, world: World) -> None:
    client.force_login(world.carol)
    response = client.get(groups_url(world))
    assert response.status_code == 200
    access = response.wsgi_request.access
    assert access.user == world.carol and access.municipality == world.testby


def test_a_page_of_another_municipality_is_404(client, world: World) -> None:
    client.force_login(world.olle)
    assert client.get(groups_url(world)).status_code == 404


def test_an_api_request_carries_its_access(client, world: World) -> None:
    client.force_login(world.dave)
    response = client.get(f"/api/v1/municipalities/{world.testby.slug}/groups/")
    assert response.status_code == 200
    assert response.wsgi_request.access.role == Role.READER


def test_a_role_taken_away_counts_from_the_next_request(client, world: World) -> None:
    """ASVS 8.3.2: nothing about a user's access outlives the request it was resolved in."""
    client.force_login(world.bob)
    api = f"/api/v1/municipalities/{world.testby.slug}/groups/"
    assert client.get(groups_url(world)).status_code == 200
    assert client.get(api).status_code == 200
    MunicipalityRole.objects.filter(user=world.bob, municipality=world.testby).delete()
    assert client.get(groups_url(world)).status_code == 404
    assert client.get(api).status_code == 404


def test_a_coordinator_made_reader_can_no_longer_edit(client, world: World) -> None:
    client.force_login(world.alice)
    create = reverse("organisation:group_create", kwargs={"municipality": world.testby.slug})
    assert client.get(create).status_code == 200
    MunicipalityRole.objects.filter(user=world.alice, municipality=world.testby).update(
        role=Role.READER
    )
    assert client.get(create).status_code == 403
