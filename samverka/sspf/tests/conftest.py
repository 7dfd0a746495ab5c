import pytest


@pytest.fixture(autouse=True)
def _sspf_key(settings):  # type: ignore[no-untyped-def]
    # The tests' own key: never the developer's data/sspf/secret_key.
    settings.SAMVERKA_SSPF_KEY = "test-sspf-key-" + "x" * 40
