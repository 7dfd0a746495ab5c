"""The maps' background: OpenStreetMap out of the box with its credit, another source or "off" by
the environment, the Content Security Policy's img-src opened for the tile host only, and the
pages carrying the tile source to their map scripts (or saying the map has no background).

Tests never fetch tiles: under the test runner the default is "off", and the tile sources here
are names that are never asked for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse

from samverka.core import maps
from samverka.core.maps import TileSource
from samverka.core.testing import World

ROOT = Path(__file__).resolve().parents[3]
LOCAL = TileSource(
    url="http://127.0.0.1:9/tiles/{z}/{x}/{y}.png",
    attribution="© Testby kommun & Lantmäteriet",
    attribution_url="http://127.0.0.1:9/licens",
    max_zoom=17,
)
OFF_NOTICE = "Bakgrundskartan är avstängd – kartan visar områdenas gränser."


def test_out_of_the_box_the_background_is_openstreetmap_with_its_credit() -> None:
    source = maps.tiles_from_env({})
    assert source == TileSource(
        url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attribution="© OpenStreetMap-bidragsgivare",
        attribution_url="https://www.openstreetmap.org/copyright",
        max_zoom=19,
    )
    assert maps.img_src(source) == ["'self'", "data:", "https://tile.openstreetmap.org"]


@pytest.mark.parametrize("word", ["off", "OFF", " none ", "0", "false"])
def test_off_turns_the_background_off_and_img_src_stays_our_own(word: str) -> None:
    source = maps.tiles_from_env({"SAMVERKA_MAP_TILE_URL": word})
    assert source is None
    assert maps.img_src(source) == ["'self'", "data:"]


def test_the_test_suite_runs_without_tiles_from_the_internet() -> None:
    # config/test_settings.py turns them off before the settings are read; CSP follows.
    assert settings.SAMVERKA_MAP_TILES is None
    assert (
        "https://tile.openstreetmap.org"
        not in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    )


def test_another_source_brings_its_own_credit_zoom_and_host() -> None:
    source = maps.tiles_from_env(
        {
            "SAMVERKA_MAP_TILE_URL": "https://{s}.karta.example/topo/{z}/{y}/{x}.png",
            "SAMVERKA_MAP_TILE_ATTRIBUTION": "© Lantmäteriet",
            "SAMVERKA_MAP_TILE_ATTRIBUTION_URL": "https://www.lantmateriet.se/",
            "SAMVERKA_MAP_TILE_MAX_ZOOM": "15",
        }
    )
    assert source is not None
    assert (source.attribution, source.attribution_url, source.max_zoom) == (
        "© Lantmäteriet",
        "https://www.lantmateriet.se/",
        15,
    )
    assert maps.img_src(source)[-1] == "https://*.karta.example"
    # Without a credit of its own, the host is named rather than nothing.
    bare = maps.tiles_from_env({"SAMVERKA_MAP_TILE_URL": "https://tiles.example/{z}/{x}/{y}.png"})
    assert bare is not None and (bare.attribution, bare.max_zoom) == ("tiles.example", 18)


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"SAMVERKA_MAP_TILE_URL": "tile.openstreetmap.org/{z}/{x}/{y}.png"}, "http(s) URL"),
        ({"SAMVERKA_MAP_TILE_URL": "javascript:alert(1)//{z}{x}{y}"}, "http(s) URL"),
        ({"SAMVERKA_MAP_TILE_URL": "https://tiles.example/map.png"}, "{z}, {x} and {y}"),
        ({"SAMVERKA_MAP_TILE_URL": "https://a b/{z}/{x}/{y}.png"}, "http(s) URL"),
        ({"SAMVERKA_MAP_TILE_MAX_ZOOM": "nitton"}, "whole number"),
        ({"SAMVERKA_MAP_TILE_MAX_ZOOM": "40"}, "between 1 and 24"),
    ],
)
def test_a_malformed_setting_stops_the_start_with_what_is_wrong(
    env: dict[str, str], says: str
) -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        maps.tiles_from_env(env)
    assert says in str(error.value)


def _img_src(tmp_path: Path, **env: str) -> list[str]:
    """The img-src of the settings a server started with ``env`` would have."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKA_MAP_")}
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SAMVERKA_DATA_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_started_servers_img_src_follows_the_setting(tmp_path: Path) -> None:
    assert _img_src(tmp_path) == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert (
        _img_src(tmp_path, SAMVERKA_MAP_TILE_URL="https://kartor.testby.example/{z}/{x}/{y}")[-1]
        == "https://kartor.testby.example"
    )
    assert _img_src(tmp_path, SAMVERKA_MAP_TILE_URL="off") == ["'self'", "data:"]


def _live(client: Client, world: World) -> str:
    client.force_login(world.alice)
    response = client.get(
        reverse("situation:live", kwargs={"municipality": "testby"}),
        {"area": str(world.area.pk), "period": "2026-W45/2026-W46"},
    )
    assert response.status_code == 200
    return response.content.decode()


def _tag(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[page.rindex("<", 0, start) : page.index(">", start) + 1]


@pytest.mark.django_db
def test_the_lagesbild_map_carries_the_tile_source_and_its_credit(
    client: Client, world: World
) -> None:
    with override_settings(SAMVERKA_MAP_TILES=LOCAL):
        page = _live(client, world)
    holder = _tag(page, "situation-map")
    assert 'data-tiles-url="http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"' in holder
    assert 'data-tiles-attribution="© Testby kommun &amp; Lantmäteriet"' in holder
    assert 'data-tiles-attribution-url="http://127.0.0.1:9/licens"' in holder
    assert 'data-tiles-max-zoom="17"' in holder
    # The notice waits hidden, for the script to show if the tiles cannot be fetched.
    notice = _tag(page, "situation-map-notice")
    assert " hidden" in notice
    assert 'data-msg-failed="Bakgrundskartan kan inte nås – kartan visar områdenas gränser."' in (
        notice
    )


@pytest.mark.django_db
def test_with_tiles_off_the_maps_say_they_show_the_boundaries(client: Client, world: World) -> None:
    with override_settings(SAMVERKA_MAP_TILES=None):
        page = _live(client, world)
        response = client.get(reverse("situation:live", kwargs={"municipality": "testby"}))
    assert 'data-tiles-url=""' in _tag(page, "situation-map")
    assert "data-tiles-attribution" not in _tag(page, "situation-map")
    notice = page[page.index('id="situation-map-notice"') :]
    assert " hidden" not in _tag(page, "situation-map-notice")
    assert notice[notice.index(">") + 1 :].startswith(OFF_NOTICE)
    # The test settings have no tile host: img-src is our own images only.
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert policy["img-src"] == "'self' data:"


@pytest.mark.django_db
def test_the_report_forms_point_picker_carries_the_tile_source(
    client: Client, world: World
) -> None:
    world.area.boundary = {
        "type": "Polygon",
        "coordinates": [[[11.9, 57.6], [12.1, 57.6], [12.1, 57.8], [11.9, 57.8], [11.9, 57.6]]],
    }
    world.area.save()
    client.force_login(world.alice)
    url = reverse("incidents:create", kwargs={"municipality": "testby"})
    with override_settings(SAMVERKA_MAP_TILES=LOCAL):
        page = client.get(url).content.decode()
    assert 'data-tiles-url="http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"' in _tag(page, "point-picker")
    assert " hidden" in _tag(page, "point-map-notice")
    with override_settings(SAMVERKA_MAP_TILES=None):
        page = client.get(url).content.decode()
    assert 'data-tiles-url=""' in _tag(page, "point-picker")
    assert OFF_NOTICE in page
