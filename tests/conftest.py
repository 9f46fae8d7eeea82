import pytest


@pytest.fixture(autouse=True)
def test_settings(settings):
    # Production settings redirect to HTTPS and want collected static files; tests need neither.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache

    cache.clear()
