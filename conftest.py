import pytest

from samverka.core.testing import World, make_world


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    """Two municipalities with named users; see ``samverka.core.testing``."""
    return make_world()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # PBKDF2's deliberate slowness costs seconds per test world; tests don't need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
