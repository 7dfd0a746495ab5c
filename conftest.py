import pytest

from samverka.core.testing import World, make_world


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    """Two municipalities with named users; see ``samverka.core.testing``."""
    return make_world()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
