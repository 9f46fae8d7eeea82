import io
import random
import re
import secrets
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as Picture
from PIL import ImageDraw, ImageOps

from newsroom.articles.models import (
    Article,
    Author,
    Byline,
    Correction,
    InterviewExchange,
    LiveUpdate,
    Section,
    Series,
    Tag,
)
from newsroom.demo.reading import Entry, duration, from_now, one, pick, read_content, same_in_every_language, text
from newsroom.editorial.models import HumanReview, Transition
from newsroom.events.models import DEFAULT_EVENT_TIME_ZONE, Event
from newsroom.images.models import DigitalSourceType, Image, Licence
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.planning.models import PlannedStory
from newsroom.planning.periods import midnight, newsroom_today
from newsroom.popularity.models import ReadCount
from newsroom.roles import role
from newsroom.translations import memory, segments
from newsroom.translations.models import (
    LANGUAGE_CODES,
    MemoryEntry,
    Translation,
    TranslatorLanguage,
    pagecache_changed,
)
from newsroom.translations.workflow import mark_complete, record_edit, translate_and_release

# The documented passwords, for `make run` (DEBUG on) only: with DEBUG off new accounts get random ones.
DEMO_USERS = {
    "editor": ("editor-demo-2026", "Editor"),
    "reporter": ("reporter-demo-2026", "Reporter"),
    "translator": ("translator-demo-2026", "Translator"),
    # Accounts, API keys and partners' webhooks are an administrator's.
    "admin": ("admin-demo-2026", "Administrator"),
}
# What the demo translator translates into.
TRANSLATOR_LANGUAGES = {"translator": ["de"]}

IMAGE_SIZE = (1200, 675)
IMAGE_CREDIT = ("Illustration by: Newsroom archive", "Illustration: Newsroom-Archiv")
AI_IMAGE_CREDIT = ("Newsroom graphics desk", "Grafikredaktion Newsroom")


class Palette(NamedTuple):
    start: tuple[int, int, int]
    end: tuple[int, int, int]
    accent: tuple[int, int, int]
    names: tuple[str, str]  # for the alt text, in English and German


PALETTES = {
    "automotive": Palette(
        (29, 53, 87), (69, 123, 157), (168, 218, 220), ("deep blue and steel blue", "Tiefblau und Stahlblau")
    ),
    "aerospace": Palette(
        (2, 62, 138), (144, 224, 239), (255, 255, 255), ("navy and sky blue", "Marineblau und Himmelblau")
    ),
    "energy": Palette((231, 111, 81), (244, 162, 97), (255, 232, 160), ("orange and amber", "Orange und Bernstein")),
    "infrastructure": Palette(
        (52, 58, 64), (108, 117, 125), (255, 209, 102), ("slate grey and yellow", "Schiefergrau und Gelb")
    ),
    "economy-policy": Palette(
        (38, 70, 83), (42, 157, 143), (233, 196, 106), ("dark teal and green", "Dunkelpetrol und Grün")
    ),
}
SHAPES = (
    ("circles", "Kreise"),
    ("diagonal bands", "diagonale Streifen"),
    ("rectangles", "Rechtecke"),
    ("triangles", "Dreiecke"),
)


def squash(text: str) -> str:
    """Collapse the whitespace of a text wrapped in source, and between HTML tags."""
    return re.sub(r">\s+<", "><", " ".join(text.split()))


def localized(**fields: tuple[str, str]) -> dict[str, str]:
    """`headline=(english, german)` as the columns modeltranslation stores them in."""
    values = {}
    for name, (english, german) in fields.items():
        values[f"{name}_en"] = squash(english)
        values[f"{name}_de"] = squash(german)
    return values


def upsert(model, lookup: dict, values: dict):
    """Like update_or_create, but with a full save().

    update_or_create saves only the fields it was given, which would leave out the slugs and base
    columns that the models' save() derives from them.
    """
    obj = model._default_manager.filter(**lookup).first() or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def shape_of(slug: str) -> tuple[str, str]:
    return SHAPES[random.Random(slug).randrange(len(SHAPES))]


def lead_image_alt(slug: str, section: str, *, generated: bool) -> tuple[str, str]:
    shape_en, shape_de = shape_of(slug)
    colours_en, colours_de = PALETTES[section].names
    if generated:
        return (
            f"AI-generated abstract image: {shape_en} over a gradient in {colours_en}.",
            f"Mit KI erzeugtes abstraktes Bild: {shape_de} auf einem Farbverlauf in {colours_de}.",
        )
    return (
        f"Abstract illustration: {shape_en} over a gradient in {colours_en}.",
        f"Abstrakte Illustration: {shape_de} auf einem Farbverlauf in {colours_de}.",
    )


def render_lead_image(slug: str, section: str) -> bytes:
    """A JPEG in the section's colours, with shapes placed by the slug, so every article looks different."""
    palette = PALETTES[section]
    width, height = IMAGE_SIZE
    rng = random.Random(slug)
    shape = shape_of(slug)[0]
    gradient = Picture.linear_gradient("L")
    if rng.random() < 0.5:
        gradient = gradient.rotate(90)
    image = ImageOps.colorize(gradient.resize(IMAGE_SIZE), palette.start, palette.end).convert("RGBA")
    layer = Picture.new("RGBA", IMAGE_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(5, 9)):
        fill = (*palette.accent, rng.randint(50, 130))
        x, y = rng.randrange(width), rng.randrange(height)
        size = rng.randint(80, 320)
        if shape == "circles":
            draw.ellipse((x - size, y - size, x + size, y + size), fill=fill)
        elif shape == "diagonal bands":
            draw.polygon([(x - size, 0), (x, 0), (x - height, height), (x - height - size, height)], fill=fill)
        elif shape == "rectangles":
            draw.rectangle((x, y, x + size * 2, y + size), fill=fill)
        else:
            draw.polygon([(x, y - size), (x + size, y + size), (x - size, y + size)], fill=fill)
    output = io.BytesIO()
    Picture.alpha_composite(image, layer).convert("RGB").save(output, "JPEG", quality=85)
    return output.getvalue()


def has_stored_file(field_file) -> bool:
    return bool(field_file) and field_file.storage.exists(field_file.name)


def demo_day(value):
    """A TOML date as it is, or a number of days from the day the demo is loaded: the events the
    planning board and the live page are about stay ahead of (or on) that day."""
    if isinstance(value, int):
        return newsroom_today() + timedelta(days=value)
    return value


class Command(BaseCommand):
    help = "Fill the database with a small bilingual demo newsroom. Safe to run again: it updates what it made."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-demo-accounts",
            action="store_true",
            help=(
                "With DEBUG off, also reset the demo accounts that exist: switched on, no superuser status, "
                "their demo role and languages, and a random password if they have none that works."
            ),
        )

    def handle(self, *args, **options):
        # `make run` (DEBUG on) resets them always, so that the documented logins work.
        reset = settings.DEBUG or options["reset_demo_accounts"]
        self.content = read_content()
        with transaction.atomic():
            logins, kept = self.load_users(reset=reset)
            self.load_places()
            self.load_organizations()
            self.load_people()
            self.load_sections()
            self.load_authors()
            self.load_tags()
            self.load_events()
            self.load_articles()
            self.load_corrections()
            self.load_editorial_history()
            self.load_translation_states()
            self.load_planned_stories()
            self.post_untranslated_live_updates()
            # The demo's objects were not saved through the admin: give each its first revision.
            call_command("createinitialrevisions", comment="Demo content", verbosity=0)
            # Bylines and interview questions were bulk-created (no signals): pages showing them go now.
            pagecache_changed(Article, Article.objects.values_list("pk", flat=True))
        for username, (_documented, group) in DEMO_USERS.items():
            self.stdout.write(f"Demo {group.lower()}: {self.login_line(self.users[username], logins[username])}")
        if not settings.DEBUG and any(logins.values()):
            self.stdout.write(
                "These passwords are shown only now: note them, or set others with `manage.py changepassword`."
            )
        if kept:
            self.stdout.write(
                f"Left as they were: {', '.join(kept)} (their roles, languages, password, and whether they "
                "are switched on or superusers; a password that was still the documented one is replaced). "
                "`manage.py load_demo --reset-demo-accounts` resets them."
            )
        self.stdout.write(self.summary())

    @staticmethod
    def login_line(user, password: str | None) -> str:
        if password:
            return f"{user.username} / {password}"
        notes = ["keeps its password" if user.has_usable_password() else "has no usable password"]
        if not user.is_active:
            notes.append("switched off")
        if user.is_superuser:
            notes.append("superuser")
        return f"{user.username} ({', '.join(notes)})"

    def load_users(self, *, reset: bool) -> tuple[dict[str, str | None], list[str]]:
        """The demo accounts; the password each was given (None: it keeps its own) and the names of
        those left as they were.

        With DEBUG on (`make run`) they get the documented passwords. Otherwise a site others can
        reach must not open to a guessable pattern: a new account gets a random password, an existing
        one keeps its own unless that is still the documented one. And there, an existing account is
        someone's decision (switched off, made superuser, given other roles, or no password to shut
        it): it is left as it is unless `reset`.
        """
        self.users = {}
        logins = {}
        kept = []
        for username, (documented, group_name) in DEMO_USERS.items():
            group = role(group_name)
            user, created = get_user_model().objects.get_or_create(username=username)
            resets = created or reset
            if settings.DEBUG:
                logins[username] = documented
            elif created or user.check_password(documented) or (reset and not user.has_usable_password()):
                logins[username] = secrets.token_urlsafe(12)
            else:
                logins[username] = None
            if logins[username]:
                user.set_password(logins[username])
            if resets:
                user.is_staff = True
                user.is_superuser = False
                user.is_active = True
                user.save()
                user.groups.set([group])
                for language in TRANSLATOR_LANGUAGES.get(username, []):
                    TranslatorLanguage.objects.get_or_create(user=user, language=language)
            else:
                if logins[username]:
                    user.save(update_fields=["password"])
                kept.append(username)
            self.users[username] = user
        return logins, kept

    def load_translation_states(self):
        """Complete translations are released, as an editor would; one is outdated, as after a
        correction of the original. Translations someone has worked on since are left alone."""
        editor = self.users["editor"]
        for model in (Place, Organization, Person, Section, Series, Tag, Author, Event, Image, Article):
            for obj in model.objects.all():
                for code in LANGUAGE_CODES:
                    translation = obj.translation_in(code)
                    if translation is None or translation.state in Translation.READABLE_STATES:
                        continue
                    if obj.is_complete_in(code):
                        translate_and_release(obj, code, by=editor)
        outdated = self.content["outdated_translation"]
        article = one(self.articles, outdated, "article")
        translation = article.translation_in("de")
        if translation.state == Translation.State.COMPLETE and translation.released_by == editor:
            earlier = {**article.original_texts(), outdated["field"]: squash(outdated["earlier"])}
            mark_complete(article, "de", by=self.users["translator"], translated_from=earlier)
            # Releasing it above remembered the corrected original beside the translation of the earlier
            # one, a pair nobody confirmed: the translator would be offered it as "the same original".
            confirmed = {
                memory.words_hash(memory.plain(part.html)) for part in segments.split(earlier[outdated["field"]])
            }
            MemoryEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(article),
                object_id=article.pk,
                field_key=outdated["field"],
            ).exclude(source_hash__in=confirmed).delete()

    def post_untranslated_live_updates(self):
        """The updates still without German, posted after the live article's German was released,
        as the live desk posts them: the translation is outdated (the queue lists it), and German
        readers get those updates in English meanwhile."""
        for item in self.content.get("live_articles", []):
            article = self.articles[item["slug"]]
            waiting = [update for update in self.live_updates_of(article) if not text(update, "body")[1]]
            for update in waiting:
                self.post_live_update(article, update)
            if waiting:
                record_edit(article, by=self.users["editor"])

    def load_editorial_history(self):
        for history in self.content["editorial_history"]:
            article = one(self.articles, history, "article")
            Article.objects.filter(pk=article.pk).update(created_by=one(self.users, history, "writer"))
            if article.transitions.exists():
                continue
            start = (article.published_at or timezone.now()) - timedelta(days=2)
            for number, step in enumerate(history["steps"]):
                Transition.objects.create(
                    article=article,
                    from_status=step["from"],
                    to_status=step["to"],
                    publish_at=article.published_at if step["to"] == Article.Status.PUBLISHED else None,
                    by=one(self.users, step, "by"),
                    at=start + timedelta(hours=3 * number),
                    comment=squash(step.get("comment", "")),
                )

        # A week of reads, so that "Most popular" has something to show (newer stories read more).
        today = timezone.localdate()
        for rank, article in enumerate(Article.objects.published().newest_first()[:8]):
            for language in LANGUAGE_CODES:
                for days_back in range(3):
                    ReadCount.objects.update_or_create(
                        article=article,
                        language=language,
                        day=today - timedelta(days=days_back),
                        defaults={"count": (40 - 4 * rank) * (3 if language == "en" else 1) + 7 * days_back},
                    )
        # Texts written with AI were reviewed by an editor before they went out (EU AI Act, Art. 50(4)).
        editor = self.users["editor"]
        for article in Article.objects.filter(is_reported_by_ai=True, published_at__isnull=False):
            if not article.human_reviews.exists():
                review = HumanReview.record(article, editor)
                review.reviewed_at = article.published_at - timedelta(hours=1)
                review.save(update_fields=["reviewed_at"])

    def load_corrections(self):
        for item in self.content["corrections"]:
            article = one(self.articles, item, "article")
            upsert(
                Correction,
                {"article": article, "kind": item["kind"]},
                {
                    "published_at": article.published_at + duration(item, "after"),
                    "created_by": self.users["editor"],
                    **localized(text=text(item, "text")),
                },
            )

    def load_places(self):
        self.places = {}
        for item in self.content["places"]:
            self.places[item["slug"]] = upsert(
                Place,
                {"slug_en": item["slug"]},
                {
                    "kind": item["kind"],
                    "parent": one(self.places, item, "parent", required=False),
                    "same_in_every_language": same_in_every_language(item),
                    "wikidata": item.get("wikidata"),
                    "geonames": item.get("geonames"),
                    # Through str: TOML's floats are binary, the columns decimal.
                    "latitude": Decimal(str(item["latitude"])) if "latitude" in item else None,
                    "longitude": Decimal(str(item["longitude"])) if "longitude" in item else None,
                    **localized(name=text(item, "name"), description=text(item, "description", required=False)),
                },
            )

    def load_organizations(self):
        self.organizations = {}
        for item in self.content["organizations"]:
            organization = upsert(
                Organization,
                {"slug_en": item["slug"]},
                {
                    "kind": item["kind"],
                    "parent": one(self.organizations, item, "parent", required=False),
                    "same_in_every_language": same_in_every_language(item),
                    "wikidata": item.get("wikidata"),
                    "lei": item.get("lei"),
                    "ticker": item.get("ticker"),
                    "exchange": item.get("exchange", ""),
                    "website": item.get("website", ""),
                    **localized(
                        name=text(item, "name"),
                        short_name=text(item, "short_name", required=False),
                        description=text(item, "description"),
                    ),
                },
            )
            organization.places.set(pick(self.places, item, "places", required=True))
            self.organizations[item["slug"]] = organization
        for item in self.content["organizations"]:
            self.organizations[item["slug"]].member_of.set(pick(self.organizations, item, "member_of"))

    def load_people(self):
        self.people = {
            item["slug"]: upsert(
                Person,
                {"slug": item["slug"]},
                {
                    "name": item["name"],
                    "organization": one(self.organizations, item, "organization"),
                    **localized(position=text(item, "position"), bio=text(item, "bio")),
                },
            )
            for item in self.content["people"]
        }

    def load_sections(self):
        self.sections = {
            item["slug"]: upsert(
                Section,
                {"slug_en": item["slug"]},
                {"order": order, **localized(name=text(item, "name"), description=text(item, "description"))},
            )
            for order, item in enumerate(self.content["sections"], start=1)
        }
        self.series = {
            item["slug"]: upsert(
                Series,
                {"slug_en": item["slug"]},
                {
                    "section": one(self.sections, item, "section"),
                    **localized(name=text(item, "name"), description=text(item, "description")),
                },
            )
            for item in self.content["series"]
        }

    def load_authors(self):
        self.authors = {
            item["slug"]: upsert(
                Author,
                {"display_name": item["display_name"]},
                {
                    "slug": item["slug"],
                    "user": one(self.users, item, "account", required=False),
                    **localized(job_title=text(item, "job_title"), bio=text(item, "bio")),
                },
            )
            for item in self.content["authors"]
        }

    def load_tags(self):
        self.tags = {
            item["slug"]: upsert(Tag, {"slug_en": item["slug"]}, localized(name=text(item, "name")))
            for item in self.content["tags"]
        }

    def load_events(self):
        self.events = {}
        for item in self.content["events"]:
            event = upsert(
                Event,
                {"slug_en": item["slug"]},
                {
                    "start_date": demo_day(item["start_date"]),
                    "end_date": demo_day(item["end_date"]),
                    "start_time": item.get("start_time"),
                    "end_time": item.get("end_time"),
                    "time_zone": item.get("time_zone", DEFAULT_EVENT_TIME_ZONE),
                    "status": item.get("status", Event.Status.SCHEDULED),
                    **localized(title=text(item, "title"), description=text(item, "description")),
                },
            )
            event.places.set(pick(self.places, item, "places", required=True))
            event.organizers.set(pick(self.organizations, item, "organizers", required=True))
            event.participants.set(pick(self.organizations, item, "participants"))
            event.people.set(pick(self.people, item, "people", required=True))
            self.events[item["slug"]] = event

    def load_articles(self):
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.articles = {}
        articles = [*self.content["articles"], *self.content.get("live_articles", [])]
        for item in articles:
            self.articles[item["slug"]] = self.load_article(item, now)
        for item in articles:
            self.articles[item["slug"]].related_articles.set(pick(self.articles, item, "related"))
        for item in self.content.get("live_articles", []):
            self.load_live_coverage(item, now)

    def load_live_coverage(self, item: Entry, now):
        """A live article's updates, posted after its publish time; closed, if it says when. Those
        without German come later (`post_untranslated_live_updates`)."""
        article = self.articles[item["slug"]]
        article.is_live = True
        article.live_closed_at = now + from_now(item, "closed") if "closed" in item else None
        article.save(update_fields=["is_live", "live_closed_at"])
        article.live_updates.all().delete()
        for update in self.live_updates_of(article):
            if text(update, "body")[1]:
                self.post_live_update(article, update)

    def live_updates_of(self, article) -> list[Entry]:
        return [u for u in self.content.get("live_updates", []) if one(self.articles, u, "article") == article]

    def post_live_update(self, article, update: Entry) -> LiveUpdate:
        return LiveUpdate.objects.create(
            article=article,
            posted_at=article.published_at + duration(update, "after"),
            is_pinned=update.get("pinned", False),
            created_by=self.users["editor"],
            **localized(headline=text(update, "headline", required=False), body=text(update, "body")),
        )

    def load_article(self, item: Entry, now) -> Article:
        slug, section = item["slug"], item["section"]
        if section not in PALETTES:
            raise item.error(
                "section", f"{section!r} is not a section with lead-image colours (PALETTES in {__name__})."
            )
        is_published = item.get("status", Article.Status.PUBLISHED) == Article.Status.PUBLISHED
        # `embargo = "in 18 hours"`: the source's release time, a floor under the publish time.
        embargo_until = now + from_now(item, "embargo") if "embargo" in item else None
        published_at = now + from_now(item, "published") if is_published else None
        if published_at is not None and embargo_until is not None:
            published_at = max(published_at, embargo_until)
        has_german_text = bool(text(item, "headline")[1])
        image = self.load_image(item, has_german_text=has_german_text)
        fact_checker = one(self.authors, item, "fact_checked_by", required=False)
        article = upsert(
            Article,
            {"slug_en": slug},
            {
                "kind": item["kind"],
                "section": one(self.sections, item, "section"),
                "series": one(self.series, item, "series", required=False),
                "original_language": item.get("original_language", "en"),
                "status": Article.Status.PUBLISHED if is_published else Article.Status.DRAFT,
                "published_at": published_at,
                "embargo_until": embargo_until,
                "embargo_conditions": item.get("embargo_conditions", ""),
                "is_featured": item.get("is_featured", False),
                "dateline": one(self.places, item, "dateline"),
                "interviewee": one(self.people, item, "interviewee", required=False),
                "image": image,
                "is_reported_by_ai": item.get("is_reported_by_ai", False),
                "fact_checked_by": fact_checker,
                "fact_checked_at": published_at - timedelta(hours=2) if fact_checker else None,
                "created_by": self.users["editor"],
                **localized(
                    headline=text(item, "headline"),
                    standfirst=text(item, "standfirst"),
                    body=text(item, "body"),
                ),
            },
        )

        article.bylines.all().delete()
        Byline.objects.bulk_create(
            Byline(article=article, author=author, order=order)
            for order, author in enumerate(pick(self.authors, item, "authors", required=True))
        )
        article.exchanges.all().delete()
        InterviewExchange.objects.bulk_create(
            InterviewExchange(
                article=article, order=order, **localized(question=text(row, "question"), answer=text(row, "answer"))
            )
            for order, row in enumerate(item.get("exchanges", []))
        )
        article.organizations.set(pick(self.organizations, item, "organizations"))
        article.people.set(pick(self.people, item, "people"))
        article.places.set(pick(self.places, item, "places"))
        article.events.set(pick(self.events, item, "events"))
        article.tags.set(pick(self.tags, item, "tags"))
        return article

    def load_image(self, item: Entry, *, has_german_text: bool) -> Image:
        """The article's lead image, one of the library's: drawn in its section's colours."""
        slug, section = item["slug"], item["section"]
        source_type = item.get("image_source_type", DigitalSourceType.MADE_BY_A_PERSON)
        if source_type not in DigitalSourceType.values:
            raise item.error("image_source_type", f"{source_type!r} is not an IPTC digital source type we know.")
        generated = source_type == DigitalSourceType.GENERATED_BY_AI
        alt_en, alt_de = lead_image_alt(slug, section, generated=generated)
        credits = AI_IMAGE_CREDIT if generated else IMAGE_CREDIT
        name = f"{slug}.jpg"
        image = Image.objects.filter(original_name=name).first() or Image(original_name=name)
        image.original_language = item.get("original_language", "en")
        image.digital_source_type = source_type
        image.licence = Licence.STAFF
        image.creator = credits[0].removeprefix("Illustration by: ")
        image.copyright_holder = "Newsroom"  # a name, the same in every language
        image.copyright_notice = ""  # made again from the holder on saving
        image.uploaded_by = self.users["editor"]
        fields = localized(
            caption=text(item, "image_caption"),
            alt=(alt_en, alt_de if has_german_text else ""),
            credit=tuple(credit if has_german_text or number == 0 else "" for number, credit in enumerate(credits)),
        )
        for column, value in fields.items():
            setattr(image, column, value)
        if not has_stored_file(image.file):
            image.file = ContentFile(render_lead_image(slug, section), name=name)
        image.save()
        return image

    def load_planned_stories(self):
        """The planning board's week around the day the demo is loaded (content/planning.toml)."""
        today = newsroom_today()
        for item in self.content["planned_stories"]:
            language = item["original_language"]
            languages = item["languages"]
            if language not in LANGUAGE_CODES:
                raise item.error("original_language", f"{language!r} is not one of {', '.join(LANGUAGE_CODES)}.")
            if not isinstance(languages, list) or language not in languages or set(languages) - set(LANGUAGE_CODES):
                codes = ", ".join(LANGUAGE_CODES)
                raise item.error("languages", f"is to be a list of {codes}, the original among them.")
            status = item["status"]
            if status not in PlannedStory.Status.values or status == PlannedStory.Status.PUBLISHED:
                raise item.error("status", f"{status!r} is not a status to store (the article's says “published”).")
            upsert(
                PlannedStory,
                {"working_title": item["working_title"]},
                {
                    "original_language": language,
                    "languages": languages,
                    "section": one(self.sections, item, "section"),
                    "reporter": one(self.users, item, "reporter", required=False),
                    "translator": one(self.users, item, "translator", required=False),
                    "target_at": self.planned_time(item, today),
                    "status": status,
                    "article": one(self.articles, item, "article", required=False),
                    "notes": squash(item.get("notes", "")),
                    "created_by": self.users["editor"],
                },
            ).events.set(pick(self.events, item, "events"))

    @staticmethod
    def planned_time(item: Entry, today):
        """`day` (days from today) and `time` ("HH:MM") on the newsroom's clock; None without a day."""
        if "day" not in item:
            return None
        day, time = item["day"], item["time"]
        if not isinstance(day, int) or isinstance(day, bool):
            raise item.error("day", f"{day!r} is not a number of days from today, such as 2 or -1.")
        if not (isinstance(time, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", time)):
            raise item.error("time", f'{time!r} is not a time of day such as "09:30".')
        hours, minutes = (int(part) for part in time.split(":"))
        return midnight(today + timedelta(days=day)) + timedelta(hours=hours, minutes=minutes)

    def summary(self) -> str:
        articles = Article.objects.all()
        published = articles.published().count()
        scheduled = articles.filter(status=Article.Status.PUBLISHED).count() - published
        return (
            f"Demo content: {Section.objects.count()} sections, {Series.objects.count()} series, "
            f"{Author.objects.count()} authors, {Tag.objects.count()} tags, {Place.objects.count()} places, "
            f"{Organization.objects.count()} organizations, {Person.objects.count()} people, "
            f"{Event.objects.count()} events, {articles.count()} articles ({published} published, "
            f"{scheduled} scheduled, {articles.filter(status=Article.Status.DRAFT).count()} in draft), "
            f"{PlannedStory.objects.count()} planned stories."
        )
