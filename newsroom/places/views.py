from newsroom.pagecache import keys
from newsroom.prefetching import prefetch_together_cached
from newsroom.public_pages import EntityDetailView

from .maps import locator_for
from .models import Place


class PlaceDetailView(EntityDetailView):
    model = Place
    template_name = "places/place_detail.html"
    context_object_name = "place"
    coverage_filter = "place"

    def describe(self, describer, context):
        place = self.object
        parent = place.parent if place.parent and place.parent.is_published else None
        trail = [(str(parent), parent.get_absolute_url())] if parent else []
        return describer.place(place), [*trail, (str(place), self.request.path)]

    def get_queryset(self):
        # Up to the country, which says whether the map is Mexico's (a city, its state, their country).
        return super().get_queryset().select_related("parent__parent")

    def get_object(self, queryset=None):
        place = super().get_object(queryset)
        # Organizations know places, not the other way round: their model is reached through the relation.
        organizations = place.organizations.model.objects.published()
        prefetch_together_cached(
            place,
            cached=getattr(self.request, "preview", None) is None,
            children=Place.objects.published(),
            organizations=organizations[:20],
        )
        return place

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys.note(keys.list_key("event"))
        context["children"] = list(self.object.children.all())
        context["organizations"] = list(self.object.organizations.all())
        context["events"] = list(self.object.events.published().upcoming().with_places()[:5])
        if self.object.has_coordinates:
            context["locator"] = locator_for(self.object)
        return context
