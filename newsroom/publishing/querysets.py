from newsroom.translations.models import TranslatableQuerySet, pagecache_changed


class PublishableQuerySet(TranslatableQuerySet):
    """For entities (organizations, people, places, events) that editors can take down."""

    def published(self):
        return self.filter(is_published=True)

    def publish(self) -> int:
        ids = list(self.values_list("pk", flat=True))
        count = self.update(is_published=True)
        pagecache_changed(self.model, ids)
        return count

    def unpublish(self) -> int:
        ids = list(self.values_list("pk", flat=True))
        count = self.update(is_published=False)
        pagecache_changed(self.model, ids)
        return count
