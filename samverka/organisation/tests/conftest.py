import pytest

from samverka.core import extensions


@pytest.fixture(autouse=True)
def _only_the_organisations_health_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The organisation's tests check its own health rules; the rules later apps register (the
    process app's "no decided åtgärdsplan" …) are tested by those apps, and the merging of any
    registered rule by test_health_registry.py."""
    monkeypatch.setattr(extensions, "_HEALTH_RULES", {})
