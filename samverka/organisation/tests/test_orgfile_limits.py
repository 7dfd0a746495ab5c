"""Bounded parsing of the organisation file: aliases, tags, size and depth are refused early.

Findings of issue 10, item 11: a 1.4 KB file of nested YAML aliases grew the server's memory by
gigabytes (the parser expands aliases), and a 5 000-deep YAML or 100 000-deep JSON file gave a
RecursionError (a 500). Each is refused with one Swedish message before the document is
composed: the tests make composing fail loudly, so a refusal after expansion would show.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from ruamel.yaml import YAML

from samverka.core.testing import World
from samverka.organisation.orgfile import OrganisationFileError, parse_organisation_file
from samverka.organisation.orgfile.exporter import export_organisation
from samverka.organisation.tests.orgfile_helpers import ANGERED, snapshot


def alias_bomb(levels: int = 9) -> str:
    """The classic "billion laughs": 9 levels of 9 aliases is 9**9 strings once expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def no_composing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Composing the document is what expands aliases and recurses per level: forbid it."""

    def refuse(self: YAML, stream: object) -> object:
        raise AssertionError("the document was composed before the file was refused")

    monkeypatch.setattr(YAML, "load", refuse)


def _refusal(text: str) -> str:
    with pytest.raises(OrganisationFileError) as caught:
        parse_organisation_file(text, filename="x.yaml")
    assert len(caught.value.errors) == 1
    return str(caught.value.errors[0])


def test_the_alias_bomb_is_small_and_refused_before_expansion(no_composing: None) -> None:
    text = alias_bomb()
    assert len(text.encode()) < 1500
    assert "YAML-ankare eller alias" in _refusal(text)


@pytest.mark.parametrize(
    "text",
    [
        "municipality: &m {name: A}\nareas: [*m]\n",
        "base: &b {kind: styrgrupp}\ngroups:\n  - <<: *b\n    name: X\n",
        "municipality: &only {name: A}\n",  # an anchor alone: refused too, it has no use here
    ],
    ids=["alias", "merge-key", "anchor"],
)
def test_any_anchor_or_alias_is_refused(text: str, no_composing: None) -> None:
    assert "YAML-ankare eller alias" in _refusal(text)


@pytest.mark.parametrize(
    "tag", ["!!python/object:os.system", "!!python/object/apply:os.system", "!custom", "!!binary"]
)
def test_tags_are_refused(tag: str, no_composing: None) -> None:
    message = _refusal(f"municipality: {tag} x\n")
    assert "taggar är inte tillåtna" in message


def test_a_plain_core_tag_is_still_read() -> None:
    with pytest.raises(OrganisationFileError) as caught:
        parse_organisation_file("version: !!int 1\nmunicipality: !!str x\n", filename="x.yaml")
    assert "taggar" not in str(caught.value)  # refused for its content, not for the tag


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 100_000 + "1" + "}" * 100_000,
        "- " * 5000 + "x\n",
        "".join(" " * depth + "a:\n" for depth in range(100)),
    ],
    ids=["json-list-100000", "json-object-100000", "yaml-list-5000", "yaml-map-100"],
)
def test_deep_nesting_is_refused_without_recursion(text: str, no_composing: None) -> None:
    assert "nästlad i fler än 32 nivåer" in _refusal(text)


def test_the_example_is_within_the_caps() -> None:
    parsed = parse_organisation_file(ANGERED.read_text(encoding="utf-8"), filename="a.yaml")
    assert parsed.slug


def test_an_exported_file_reads_back(world: World) -> None:
    for fmt in ("yaml", "json"):
        assert parse_organisation_file(export_organisation(world.testby, fmt=fmt), filename="x")


@override_settings(SAMVERKA_ORGFILE_MAX_BYTES=1000)
def test_the_size_cap_is_a_setting(no_composing: None) -> None:
    assert "filen är för stor" in _refusal("#" * 1001)


@override_settings(SAMVERKA_ORGFILE_MAX_BYTES=1000)
def test_the_command_refuses_a_large_file_before_reading_it(world: World, tmp_path: Path) -> None:
    path = tmp_path / "stor.yaml"
    path.write_text("#" * 5000)
    before = snapshot()
    with pytest.raises(CommandError, match="filen är för stor"):
        call_command("import_organisation", str(path))
    assert snapshot() == before


@pytest.mark.parametrize(
    "text", [alias_bomb(), "[" * 100_000 + "]" * 100_000, "x: !!python/object:os.system y\n"]
)
def test_the_upload_page_refuses_with_one_message(
    world: World, client: Client, text: str, no_composing: None
) -> None:
    client.force_login(world.alice)
    before = snapshot()
    response = client.post(
        reverse("organisation:orgfile_import", kwargs={"municipality": "testby"}),
        {"action": "preview", "file": SimpleUploadedFile("o.yaml", text.encode())},
    )
    assert response.status_code == 400
    assert "Organisationsfilen har 1 fel; inget har sparats." in response.content.decode()
    assert snapshot() == before
