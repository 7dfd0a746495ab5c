from __future__ import annotations

from typing import Any

import pytest

DATABASE_STORAGES = {
    "default": {"BACKEND": "samverka.files.storage.DatabaseStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def database_storage(settings: Any) -> None:
    """SAMVERKA_FILE_STORAGE=database for this test: ``settings`` sends setting_changed, which
    empties Django's storage cache, so every FileField's ``default_storage`` is the database."""
    settings.STORAGES = DATABASE_STORAGES
