from django.db.models import Prefetch

from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.views import TranslatedDetailView

from .models import Organization

LATEST_ARTICLES = 10


class OrganizationDetailView(TranslatedDetailView):
    model = Organization
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"

    def describe(self, describer, context):
        return describer.organization(self.object), [(str(self.object), self.request.path)]

    def get_queryset(self):
        published = Organization.objects.published()
        return (
            self.readable_objects()
            .select_related("parent")
            .prefetch_related(
                Prefetch("places", Place.objects.published()),
                Prefetch("member_of", published),
                Prefetch("members", published),
                Prefetch("people", Person.objects.published()),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = list(self.object.articles.published().for_cards().newest_first()[:LATEST_ARTICLES])
        context["events"] = list(self.object.organized_events.published().upcoming().with_places()[:5])
        return context
