"""`QuerySet.update()` sends no model signal: the models below the page cache announce it
(`keys.objects_updated`, sent by `pagecache_changed`), and the page cache's invalidation, connected
by its app in every process, invalidates what the changed objects show."""

import pytest

from newsroom.pagecache import keys
from newsroom.places.models import Place
from newsroom.translations.models import pagecache_changed
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_an_update_the_models_announce_invalidates_the_keys_of_what_the_objects_show(monkeypatch):
    place = PlaceFactory()
    invalidated = set()
    monkeypatch.setattr(keys, "invalidate", lambda *shown: invalidated.update(shown))

    Place.objects.filter(pk=place.pk).update(is_published=False)
    pagecache_changed(Place, [place.pk])

    assert {keys.key(place), keys.list_key(Place)} <= invalidated
