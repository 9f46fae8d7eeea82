from django.utils.translation import get_language
from django.views.generic import TemplateView

from newsroom.articles import blocks
from newsroom.articles.models import Article, Section
from newsroom.events.models import Event
from newsroom.pagecache import keys
from newsroom.public_pages import PublicPageMixin

LEAD_STORIES = 3
LATEST = 6
PER_SECTION = 4
# The home page looks for each section's latest stories among this many recent articles, so its
# cost does not grow with the archive; a section silent for that long drops off the home page.
RECENT_WINDOW = 300
# The lead stories' cards show the picture and the standfirst (templates/home.html).
LEAD_CARD_VARIANT = {"with_image": True, "with_standfirst": True}


class HomeView(PublicPageMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys.note(keys.list_key("article"), keys.list_key("event"))
        published = Article.objects.published()
        recent = list(published.newest_first().values_list("pk", "section_id", "is_featured")[:RECENT_WINDOW])
        lead_ids = [pk for pk, _section, featured in recent if featured][:LEAD_STORIES] or [
            pk for pk, _section, _featured in recent[:1]
        ]
        latest_ids = [pk for pk, _section, _featured in recent if pk not in lead_ids][:LATEST]
        per_section: dict[int, list[int]] = {}
        for pk, section_id, _featured in recent:
            # The "Latest" river may repeat in its section's block; lead stories do not.
            if pk not in lead_ids and len(per_section.setdefault(section_id, [])) < PER_SECTION:
                per_section[section_id].append(pk)
        wanted = set(lead_ids).union(latest_ids, *per_section.values())
        # The cards are kept rendered (blocks.render_cards): only those not in the cache need their
        # articles, all of them in one query, with their bylines in another.
        missing = blocks.uncached_cards(
            [(lead_ids, LEAD_CARD_VARIANT, True), ([pk for pk in wanted if pk not in lead_ids], {}, False)],
            get_language(),
        )
        cards: dict = {pk: pk for pk in wanted}
        cards.update(published.for_cards().with_bylines().in_bulk(missing))
        # The sections the navigation lists, which it keeps in the cache.
        sections = {section.pk: section for section in Section.objects.for_navigation() if section.pk in per_section}
        context["lead_stories"] = [cards[pk] for pk in lead_ids]
        context["latest"] = [cards[pk] for pk in latest_ids]
        context["sections"] = [
            (section, [cards[pk] for pk in per_section[section.pk]])
            for section in sorted(sections.values(), key=lambda s: (s.order, s.pk))
        ]
        context["upcoming_events"] = list(Event.objects.published().upcoming().with_places()[:4])
        return context
