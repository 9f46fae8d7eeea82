from newsroom.pagecache import keys
from newsroom.public_pages import PublicDetailView

from .models import Person

LATEST_ARTICLES = 10


class PersonDetailView(PublicDetailView):
    model = Person
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def describe(self, describer, context):
        return describer.person(self.object), [(str(self.object), self.request.path)]

    def get_queryset(self):
        return super().get_queryset().select_related("organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys.note(keys.list_key("article", via=self.object), keys.list_key("event"))
        # Ids: the cards are kept rendered, and only those missing from the cache read their articles.
        context["articles"] = list(
            self.object.articles.published().newest_first().values_list("pk", flat=True)[:LATEST_ARTICLES]
        )
        context["events"] = list(self.object.events.published().upcoming().with_places()[:5])
        return context
