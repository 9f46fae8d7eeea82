from newsroom.pagecache import keys
from newsroom.places.models import Place
from newsroom.prefetching import prefetch_together_cached
from newsroom.public_pages import EntityDetailView

from .models import Organization


class OrganizationDetailView(EntityDetailView):
    model = Organization
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"
    coverage_filter = "organization"

    def describe(self, describer, context):
        return describer.organization(self.object), [(str(self.object), self.request.path)]

    def get_queryset(self):
        return super().get_queryset().select_related("parent", "logo_image")

    def get_object(self, queryset=None):
        organization = super().get_object(queryset)
        published = Organization.objects.published()
        prefetch_together_cached(
            organization,
            cached=getattr(self.request, "preview", None) is None,
            places=Place.objects.published(),
            member_of=published,
            members=published,
            # People build on organizations: reached through the reverse relation, not an import.
            people=organization.people.published(),
        )
        return organization

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys.note(keys.list_key("event"))
        context["events"] = list(self.object.organized_events.published().upcoming().with_places()[:5])
        return context
