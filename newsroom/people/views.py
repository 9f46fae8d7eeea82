from newsroom.pagecache import keys
from newsroom.public_pages import EntityDetailView

from .models import Person


class PersonDetailView(EntityDetailView):
    model = Person
    template_name = "people/person_detail.html"
    context_object_name = "person"
    coverage_filter = "person"

    def describe(self, describer, context):
        return describer.person(self.object), [(str(self.object), self.request.path)]

    def get_queryset(self):
        return super().get_queryset().select_related("organization", "portrait")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys.note(keys.list_key("event"))
        context["events"] = list(self.object.events.published().upcoming().with_places()[:5])
        return context
