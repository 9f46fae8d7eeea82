import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from newsroom.images.models import Image
from newsroom.pagecache import keys, tagged
from newsroom.reversing import reverse_slug
from newsroom.richtext import RichTextField, has_words, sanitize_rich_text
from newsroom.translations.models import (
    LANGUAGE_CODES,
    TranslatableModel,
    TranslatableQuerySet,
    Translation,
    is_blank,
    pagecache_changed,
    unique_per_language,
    untranslated_fields,
)


class SectionQuerySet(TranslatableQuerySet):
    def for_navigation(self) -> list["Section"]:
        """Every section, as the site's navigation lists them: kept in the cache under the one key
        `section-list`, which a section's save, deletion or released translation invalidates. Not
        under each section's own key, which changes with what its page shows (a series renamed),
        not the menu."""
        found = tagged.get(NAVIGATION_CACHE_KEY)
        if found is not tagged.MISSING:
            sections, shown = found
            keys.note(*shown)
            return sections
        began = time.time()
        sections = list(self.all())
        keys.note(keys.list_key(Section))
        tagged.set(NAVIGATION_CACHE_KEY, sections, {keys.list_key(Section)}, tagged.BLOCK_SECONDS, began=began)
        return sections


NAVIGATION_CACHE_KEY = "nav-sections"


class Section(TranslatableModel):
    name = models.CharField(_("name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Lower numbers come first."))

    slug_source = "name"
    glossary_name = "name"
    # A generic word ("Training"): its glossary term is a hint, never a warning.
    glossary_hint_only = True
    short_texts = ("name",)
    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = unique_per_language("slug", "section")

    def __str__(self):
        return self.text.name or self.name

    def get_absolute_url(self):
        return reverse_slug("articles:section", self.slug_in())

    # The navigation shows every section (`for_navigation`): it is cached with these keys.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        keys.invalidate(keys.key(self), keys.list_key(Section))

    def delete(self, *args, **kwargs):
        keys.invalidate(keys.key(self), keys.list_key(Section))
        return super().delete(*args, **kwargs)

    def released_languages_changed(self):
        keys.invalidate(keys.key(self), keys.list_key(Section))


class Series(TranslatableModel):
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="series")
    name = models.CharField(_("name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    slug_source = "name"
    short_texts = ("name",)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("series")
        verbose_name_plural = pgettext_lazy("plural", "series")
        constraints = unique_per_language("slug", "series")

    def __str__(self):
        return self.text.name or self.name

    def get_absolute_url(self):
        return reverse_slug("articles:series", self.slug_in())


class Tag(TranslatableModel):
    name = models.CharField(_("name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, blank=True)

    slug_source = "name"
    glossary_name = "name"
    # A generic word ("Training"): its glossary term is a hint, never a warning.
    glossary_hint_only = True
    short_texts = ("name",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = unique_per_language("slug", "tag")

    def __str__(self):
        return self.text.name or self.name

    def get_absolute_url(self):
        return reverse_slug("articles:tag", self.slug_in())


class Author(TranslatableModel):
    """A byline: the public face of a writer, linked to their account where they have one."""

    display_name = models.CharField(_("display name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, blank=True, unique=True)
    job_title = models.CharField(
        _("job title"), max_length=150, blank=True, help_text=_("e.g. Journalist and Industry Analyst")
    )
    bio = models.TextField(_("biography"), blank=True)
    # A new name, not the old file field's: old revisions hold that name with a file's path.
    portrait = models.ForeignKey(
        Image, verbose_name=_("portrait"), null=True, blank=True, on_delete=models.PROTECT, related_name="authors"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
    )

    slug_source = "display_name"
    short_texts = ("job_title",)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse_slug("articles:author", self.slug)


RELATED_ARTICLES = 4
# How much one shared thing counts towards "You may like"; the same section counts least.
RELATION_WEIGHTS = {"organizations": 3, "people": 3, "events": 3, "tags": 2}
SECTION_WEIGHT = 1
# Only the newest articles that share a subject (or the section) are scored: a broad tag must not
# make every article page score the whole archive, and newer articles are preferred anyway.
SHARING_POOL = 200
# The newest links of each organization, person, event or tag drawn on for the sharing candidates.
LINKS_PER_SUBJECT = 500
SECTION_POOL = 50


def union_of_ids(*querysets) -> RawSQL:
    """The ids the querysets (each of one column, possibly sliced) select, as one subquery for
    `pk__in`. Each is wrapped in a subquery of its own, since SQLite allows no LIMIT in a part of a
    UNION."""
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part_{number}")  # noqa: S608 - Django's own SQL, parameters apart
        params.extend(part_params)
    return RawSQL(" UNION ".join(parts), params)


class ArticleQuerySet(TranslatableQuerySet):
    """An article's states, each named once here; `Article.publication_state` is their twin for
    one article's (status, publish time)."""

    def published(self, at=None):
        """What readers may see: published, the publish time has passed and no embargo is still to
        come (by `at`, default now)."""
        return self.filter(self.published_q(at=at))

    @staticmethod
    def published_q(*, at=None, through: str = "") -> Q:
        """`published()` as a condition, for querying across a relation (`through="article__"`).

        The embargo is already a floor under the publish time (`Article.Meta.constraints`); its
        condition here is a second lock on the same door. Written as "not among the few articles
        under an embargo still to come" (one hashed subquery on a partial index), not as a test of
        each row's `embargo_until`: that column is in no index, and testing it cost the index-only
        scans of "You may like" and the sitemaps (+7 ms on an article page at 100,000 articles)."""
        at = at or timezone.now()
        embargoed = Article.objects.filter(embargo_until__gt=at).values("pk")
        return Q(**{f"{through}status__in": Article.BEFORE_READERS, f"{through}published_at__lte": at}) & ~Q(
            **{f"{through}pk__in": embargoed}
        )

    def embargoed(self, at=None):
        """Under an embargo still to come (after `at`, default now), whatever the status: readers
        get nothing of them before it, and editors see the embargo, not a schedule."""
        return self.filter(embargo_until__gt=at or timezone.now())

    def scheduled(self, at=None):
        """Published by an editor with a publish time still to come (after `at`, default now)."""
        return self.filter(status__in=Article.BEFORE_READERS, published_at__gt=at or timezone.now())

    def published_or_scheduled(self):
        """What an editor has put before readers: published, whether live now or scheduled."""
        return self.filter(status__in=Article.BEFORE_READERS)

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def in_review(self):
        return self.filter(status=Article.Status.IN_REVIEW)

    def unpublished(self):
        return self.filter(status=Article.Status.UNPUBLISHED)

    def with_changes_waiting(self):
        """Live articles whose changes an editor saved without publishing them yet (editorial/pending.py)."""
        return self.published().filter(pending_change__isnull=False)

    def being_written(self):
        """Drafts and articles in review: what a reporter may still change (`editorial.workflow`)."""
        return self.filter(status__in=Article.REPORTER_STATUSES)

    def written_by(self, user):
        """Created by `user` or carrying their byline. A semi-join rather than a join and DISTINCT:
        the drafts stay found by their status's index."""
        bylined = Byline.objects.filter(article=OuterRef("pk"), author__user=user)
        return self.filter(Q(created_by=user) | Q(Exists(bylined)))

    def visible_in_admin_to(self, user):
        """Drafts belong to their writers and editors: who can only read and translate sees a draft
        when someone assigned its translation to them, and nowhere else in the admin (lists, forms,
        history, autocomplete, the dashboard, the translation queue)."""
        hidden = self.hidden_in_admin_q(user)
        if hidden is None:
            return self
        assigned = Translation.objects.for_model(Article).filter(object_id=OuterRef("pk"), assigned_to=user)
        return self.exclude(hidden & ~Exists(assigned))

    def hidden_in_admin_from(self, user):
        """The drafts, from who may not change articles (see `visible_in_admin_to`)."""
        hidden = self.hidden_in_admin_q(user)
        return None if hidden is None else self.filter(hidden)

    @staticmethod
    def hidden_in_admin_q(user) -> Q | None:
        """What `user` sees in the admin only through a translation assigned to them, as a
        condition; None where they see every article."""
        if user.has_perm("articles.change_article"):
            return None
        return Q(status=Article.Status.DRAFT)

    def _latest_transitions(self):
        # Transitions belong to the editorial app, which builds on this one: reached through the
        # reverse relation rather than an import.
        transition = Article.transitions.rel.related_model
        return transition.objects.filter(article=OuterRef("pk")).order_by("-at", "-id").values("pk")[:1]

    def sent_back(self):
        """Drafts an editor sent back to their writer: their latest change of status was from
        review to draft."""
        return self.drafts().filter(
            transitions__pk=Subquery(self._latest_transitions()), transitions__from_status=Article.Status.IN_REVIEW
        )

    def with_send_back_note(self):
        """Annotates `send_back_note`: why an editor sent the draft back (the comment on its latest
        change of status, for a draft `sent_back()`), else None."""
        notes = Article.objects.sent_back().filter(pk=OuterRef("pk")).values("transitions__comment")[:1]
        return self.annotate(send_back_note=Subquery(notes))

    def next_publication_at(self):
        """When the next scheduled article reaches readers, or None."""
        return self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def publish(self) -> int:
        """Publish now, or at the publish time already set (scheduling), never before an embargo:
        without a time, an embargoed article is published at its embargo. Returns how many."""
        now = timezone.now()
        ids = list(self.values_list("pk", flat=True))
        # Those with a time first: once the others have one, they would be counted twice.
        count = self.filter(published_at__isnull=False).update(status=Article.Status.PUBLISHED)
        count += self.filter(published_at__isnull=True).update(
            status=Article.Status.PUBLISHED, published_at=Greatest(Value(now), Coalesce("embargo_until", Value(now)))
        )
        # The translation queue sorts by publish time, which it keeps a copy of.
        Translation.objects.for_model(Article).filter(object_id__in=ids).update(
            published_at=Subquery(Article.objects.filter(pk=OuterRef("object_id")).values("published_at")[:1])
        )
        pagecache_changed(Article, ids)
        return count

    def unpublish(self) -> int:
        ids = list(self.values_list("pk", flat=True))
        count = self.update(status=Article.Status.UNPUBLISHED)
        pagecache_changed(Article, ids)
        return count

    def in_section(self, section):
        return self.filter(section=section)

    def with_bylines(self):
        return self.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("order", "id"))
        )

    def related_to(self, article, language: str, subjects: dict[str, list[int]]):
        """ "You may like": the hand-picked articles first, then those sharing the most organizations,
        people, events and tags, then the same section; newer ones first among equals. Only articles
        readable in `language`, each once; the caller takes the first few. `subjects`: the ids of
        the organizations, people, events and tags the article links to, by relation.

        One query whatever the archive's size: the candidates — the hand-picked, the newest that
        share a subject, the newest of the section — are one UNION of ids the scored query looks up
        (`pk IN (SELECT … UNION …)`). Asked as `pk IN (…) OR pk IN (…)`, PostgreSQL tested every
        published article: 350 ms at 100,000 articles. Those sharing a subject are drawn from each
        subject's newest links (by article id, which an index of subject and article answers
        backwards): at a million articles the most linked organization has 184,000, and hashing
        all of them took 650 ms of the first request for each article."""
        through = {name: getattr(Article, name).through for name in RELATION_WEIGHTS}

        def shared(name):
            column = Article._meta.get_field(name).m2m_reverse_name()
            mine = through[name].objects.filter(article_id=article.pk).values(column)
            return through[name].objects.filter(**{f"{column}__in": mine})

        def shared_count(name):
            counted = (
                shared(name).filter(article_id=OuterRef("pk")).values("article_id").annotate(n=Count("*")).values("n")
            )
            return Coalesce(Subquery(counted), 0)

        def newest_links(name, pk):
            column = Article._meta.get_field(name).m2m_reverse_name()
            links = through[name].objects.filter(**{column: pk}).order_by("-article_id")
            return links.values("article_id")[:LINKS_PER_SUBJECT]

        hand_picked = Article.related_articles.through.objects.filter(from_article_id=article.pk)
        newest = Article.objects.published().readable_in(language).exclude(pk=article.pk).newest_first()
        links = [newest_links(name, pk) for name in RELATION_WEIGHTS for pk in subjects.get(name, ())]
        candidates = union_of_ids(
            hand_picked.values("to_article_id"),
            *([newest.filter(pk__in=union_of_ids(*links)).values("pk")[:SHARING_POOL]] if links else []),
            newest.filter(section_id=article.section_id).values("pk")[:SECTION_POOL],
        )
        score = sum(
            (weight * shared_count(name) for name, weight in RELATION_WEIGHTS.items()),
            Case(When(section_id=article.section_id, then=Value(SECTION_WEIGHT)), default=Value(0)),
        )
        return (
            self.published()
            .readable_in(language)
            .filter(pk__in=candidates)
            .exclude(pk=article.pk)
            .annotate(
                is_hand_picked=Exists(hand_picked.filter(to_article_id=OuterRef("pk"))),
                relatedness=score,
            )
            .order_by("-is_hand_picked", "-relatedness", "-published_at", "-id")
        )

    def for_teasers(self):
        """What a small teaser (headline, section, date, labels, picture) needs, in one query: no
        bodies, no bylines."""
        return (
            self.select_related("section")
            .with_shown_image()
            .defer(*[build_localized_fieldname("body", code) for code in LANGUAGE_CODES], "body")
        )

    def for_cards(self):
        """What a card shows, in one query, without the bodies; the bylines are fetched for the
        cards that are not in the cache (`blocks.render_cards`), in one more."""
        return (
            self.select_related("section", "series")
            .with_shown_image()
            .defer(*[build_localized_fieldname("body", code) for code in LANGUAGE_CODES], "body")
        )

    def with_shown_image(self, at=None):
        """Each article's `shown_image`: its lead image where readers may see it (`Image.shown_q`),
        else None, joined to the same query (one LEFT JOIN), so a list asks nothing per picture."""
        return self.annotate(
            shown_image=FilteredRelation("image", condition=Image.objects.shown_q(at, prefix="image__"))
        ).select_related("shown_image")


class Article(TranslatableModel):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        INTERVIEW = "interview", _("Interview")
        ANALYSIS = "analysis", _("Analysis")
        BRIEF = "brief", _("Brief")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    headline = models.CharField(_("headline"), max_length=250, blank=True)
    slug = models.SlugField(_("slug"), max_length=250, blank=True, help_text=_("Made from the headline if left empty."))
    standfirst = models.TextField(_("standfirst"), blank=True, help_text=_("The summary under the headline."))
    body = RichTextField(_("body"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles")
    series = models.ForeignKey(
        Series, verbose_name=_("series"), null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    authors = models.ManyToManyField(Author, through="Byline", verbose_name=_("authors"), related_name="articles")
    dateline = models.ForeignKey(
        "places.Place",
        verbose_name=_("dateline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the story was reported from."),
    )
    interviewee = models.ForeignKey(
        "people.Person",
        verbose_name=_("interviewee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interviews",
    )

    # New names, not the old file field's: old revisions hold `lead_image` with a file's path.
    image = models.ForeignKey(
        Image,
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    # A photo reused in another story needs a caption for its new context.
    lead_image_caption = models.CharField(
        _("caption in this article"), max_length=300, blank=True, help_text=_("Blank: the image's own caption.")
    )

    is_reported_by_ai = models.BooleanField(
        _("reported by AI"), default=False, help_text=_("The text was written with an AI system.")
    )
    fact_checked_by = models.ForeignKey(
        Author, verbose_name=_("fact-checked by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fact_checked_at = models.DateTimeField(_("fact-checked at"), null=True, blank=True)

    organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("organizations"), blank=True, related_name="articles"
    )
    people = models.ManyToManyField("people.Person", verbose_name=_("people"), blank=True, related_name="articles")
    places = models.ManyToManyField("places.Place", verbose_name=_("places"), blank=True, related_name="articles")
    events = models.ManyToManyField("events.Event", verbose_name=_("events"), blank=True, related_name="articles")
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    related_articles = models.ManyToManyField(
        "self",
        verbose_name=_("related articles"),
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text=_("Hand-picked; shown first under “You may like”."),
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publish time"), null=True, blank=True, help_text=_("Readers see the article from this moment on.")
    )
    embargo_until = models.DateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_(
            "The source's release time: readers get nothing of the article, in any language or feed, before "
            "this second, whatever its publish time."
        ),
    )
    embargo_conditions = models.TextField(
        _("embargo conditions"),
        blank=True,
        default="",
        db_default="",
        help_text=_("Who set the embargo and on what terms, e.g. “INEGI, no mention of the figures before release”."),
    )
    is_featured = models.BooleanField(_("lead story"), default=False, help_text=_("Shown at the top of the home page."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # A database default too: the release before this one inserts articles without the column.
    is_live = models.BooleanField(
        _("live coverage"),
        default=False,
        db_default=False,
        help_text=_("Short timestamped updates, newest first, posted from the article's “Live updates” page."),
    )
    live_closed_at = models.DateTimeField(_("live coverage closed"), null=True, blank=True, editable=False)

    # The two fields that together say where an article stands for readers (`publication_state`).
    PUBLICATION_FIELDS = ("status", "published_at")
    # The statuses that put an article before readers: from its publish time on (`publication_state`).
    BEFORE_READERS = (Status.PUBLISHED,)
    # What a reporter, who cannot publish, may set the status to: they file drafts and submit them.
    REPORTER_STATUSES = (Status.DRAFT, Status.IN_REVIEW)

    slug_source = "headline"
    # Translated with the article; `parts_complete_in` decides which of them readers wait for.
    translated_parts = ("exchanges", "corrections", "live_updates")
    short_texts = ("lead_image_caption",)
    completed_with_short_texts = False
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            *unique_per_language("slug", "article"),
            # The embargo is a floor under the publish time: no path (a form, an action, the API's
            # import, the shell) can give an embargoed article a publish time before its embargo.
            models.CheckConstraint(
                condition=Q(embargo_until__isnull=True)
                | Q(published_at__isnull=True)
                | Q(published_at__gte=F("embargo_until")),
                name="article_published_not_before_embargo",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_order_idx"),
            # The admin's list: drafts (no publish time) first, then newest.
            models.Index(fields=["-published_at", "-id"], name="article_admin_order_idx"),
            models.Index(fields=["section", "status", "-published_at", "-id"], name="article_section_order_idx"),
            models.Index(fields=["series", "status", "-published_at", "-id"], name="article_series_order_idx"),
            models.Index(fields=["kind", "status", "-published_at", "-id"], name="article_kind_order_idx"),
            models.Index(fields=["is_featured", "status", "-published_at"], name="article_featured_idx"),
            # The few articles under an embargo: `published_q` leaves them out, the dashboard lists them.
            models.Index(
                fields=["embargo_until"], condition=Q(embargo_until__isnull=False), name="article_embargo_idx"
            ),
        ]
        permissions = [("publish_article", _("Can publish and unpublish articles"))]

    def __str__(self):
        return self.text.headline or self.headline

    def get_absolute_url(self):
        return reverse_slug("articles:detail", self.slug_in())

    def save(self, *args, **kwargs):
        sanitize_rich_text(self)
        super().save(*args, **kwargs)

    @classmethod
    def completeness_extra_q(cls, language: str) -> Q:
        """An interview is translated only when every question and answer is.

        One subquery per original language, each on the exchanges alone: a condition on the outer
        article inside it (a join back to the article) made PostgreSQL read every exchange of the
        archive (~20 ms at 100,000 articles) instead of looking up the few of each article."""
        complete = Q()
        for original in LANGUAGE_CODES:
            if original == language:
                continue
            missing = Q()
            for name in ("question", "answer"):
                missing |= ~Q(**{build_localized_fieldname(name, original): ""}) & (
                    Q(**{build_localized_fieldname(name, language): ""})
                    | Q(**{f"{build_localized_fieldname(name, language)}__isnull": True})
                )
            untranslated = InterviewExchange.objects.filter(missing, article=OuterRef("pk"))
            complete &= ~(Q(original_language=original) & Exists(untranslated))
        return complete | ~Q(kind=cls.Kind.INTERVIEW)

    def parts_complete_in(self, language: str) -> bool:
        if language == self.original_language or self.kind != self.Kind.INTERVIEW or self.pk is None:
            return True
        return all(exchange.is_complete_in(language) for exchange in self.exchanges.all())

    @classmethod
    def publication_state(cls, status: str, published_at, now=None) -> str:
        """Where an article with this (status, publish time) stands: "live" (readers see it),
        "scheduled" (published with a time to come), or its status. The twin of the QuerySet's
        `published()` and `scheduled()` for one stored or posted state."""
        if status in cls.BEFORE_READERS and published_at is not None:
            return "live" if published_at <= (now or timezone.now()) else "scheduled"
        return status

    @property
    def is_published(self) -> bool:
        return self.publication_state(self.status, self.published_at) == "live"

    @property
    def is_scheduled(self) -> bool:
        return self.publication_state(self.status, self.published_at) == "scheduled"

    @property
    def is_embargoed(self) -> bool:
        """The one-article twin of `ArticleQuerySet.embargoed()`."""
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @staticmethod
    def earliest_publish_time(embargo_until, now):
        """When an article published at `now` reaches readers: then, or at its embargo if later."""
        return max(now, embargo_until) if embargo_until is not None else now

    def is_written_by(self, user) -> bool:
        """The one-article twin of `ArticleQuerySet.written_by`."""
        return self.created_by_id == user.pk or self.bylines.filter(author__user=user).exists()

    @property
    def is_fact_checked(self) -> bool:
        return self.fact_checked_at is not None

    @property
    def shown_image(self) -> Image | None:
        """The lead image where readers may see it, else None: what every surface shows. Joined
        by `with_shown_image()`; without it, the image is read and its licence checked now."""
        if "_shown_image" in self.__dict__:
            return self.__dict__["_shown_image"]
        image = self.image if self.image_id is not None else None
        return image if image is not None and image.is_shown_at() else None

    @shown_image.setter
    def shown_image(self, image):
        # Set by `with_shown_image()`'s join (Django assigns a filtered relation by name).
        self.__dict__["_shown_image"] = image

    @property
    def image_keys(self) -> list[str]:
        """The page cache's key of the lead image, for what shows it (its texts, labels, licence)."""
        return [f"image-{self.image_id}"] if self.image_id is not None else []

    def lead_image_caption_in(self, text) -> str:
        """The caption the article shows with its image: its own for this article, else the image's."""
        return text.lead_image_caption or (self.shown_image.text.caption if self.shown_image else "")

    @property
    def is_image_generated_by_ai(self) -> bool:
        return self.shown_image is not None and self.shown_image.is_generated_by_ai

    @property
    def is_image_edited_with_ai(self) -> bool:
        return self.shown_image is not None and self.shown_image.is_edited_with_ai

    @property
    def machine_translators(self) -> list[str]:
        """The machine translation services whose suggestions the translation readers get here took
        unchanged; known where the article page loaded its links (`blocks.load_links_and_parts`)."""
        language = self.text_language()
        if language == self.original_language:
            return []
        return self.__dict__.get("machine_translated_in", {}).get(language, [])

    @property
    def has_provenance_labels(self) -> bool:
        """Whether readers are told how the article was made: with AI, or checked by a person."""
        return (
            self.is_reported_by_ai
            or self.is_image_generated_by_ai
            or self.is_image_edited_with_ai
            or self.is_fact_checked
            or bool(self.machine_translators)
        )

    def significantly_updated_at(self):
        """When readers were last told of a significant correction or update (`dateModified`), or None.
        Reads the `corrections` the caller fetched (the article page fetches those already shown)."""
        now = timezone.now()
        times = [c.published_at for c in self.corrections.all() if c.is_significant and c.is_shown_at(now)]
        return max(times, default=None)

    @property
    def is_live_now(self) -> bool:
        """Live coverage still running: readers get the badge and the page polls for new updates.
        Once closed, the page reads as an ordinary article with its updates as a record."""
        return self.is_live and self.live_closed_at is None

    def byline_authors(self) -> list[Author]:
        return [byline.author for byline in self.bylines.all()]

    def has_text_for_readers(self) -> bool:
        """A body in its original language or, for an interview, one question with its answer."""
        if has_words(getattr(self, build_localized_fieldname("body", self.original_language))):
            return True
        return self.kind == self.Kind.INTERVIEW and any(
            exchange.is_answered_in(self.original_language) for exchange in self.exchanges.all()
        )


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_author_once_per_article")]

    def __str__(self):
        return str(self.author)


class InterviewExchange(models.Model):
    """One question and its answer in an interview, in the article's languages."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="exchanges")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question = models.TextField(_("question"), blank=True)
    answer = models.TextField(_("answer"), blank=True)

    # Translated paragraph by paragraph on the side-by-side page, as readers get it (`linebreaks`).
    translated_in_paragraphs = ("answer",)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    def __str__(self):
        return self.question[:80]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Whether readers get the interview in a language depends on every question and answer.
        if self.article.refresh_readable_in():
            self.article.released_languages_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        if self.article.refresh_readable_in():
            self.article.released_languages_changed()
        return result

    def clean(self):
        # On the article's add form the article is set but not saved yet: it still counts.
        try:
            original = self.article.original_language
        except Article.DoesNotExist:
            return
        if original:
            missing = {
                build_localized_fieldname(name, original): _("This is required in the original language.")
                for name in ("question", "answer")
                if is_blank(getattr(self, build_localized_fieldname(name, original)))
            }
            if missing:
                raise ValidationError(missing)

    def is_answered_in(self, language: str) -> bool:
        return all(
            not is_blank(getattr(self, build_localized_fieldname(name, language))) for name in ("question", "answer")
        )

    def is_complete_in(self, language: str) -> bool:
        original = self.article.original_language
        return language == original or not untranslated_fields(self, ("question", "answer"), original, language)

    def text_in(self, language: str) -> dict[str, str]:
        return {name: getattr(self, build_localized_fieldname(name, language)) for name in ("question", "answer")}


class CorrectionQuerySet(models.QuerySet):
    """A note is shown from its time on (`published_at`): it may be written ahead, and readers get
    it then. `Correction.is_shown_at` is the one-note twin."""

    def shown(self, at=None):
        return self.filter(published_at__lte=at or timezone.now())

    def still_to_come(self, at=None):
        return self.filter(published_at__gt=at or timezone.now())

    def visible(self):
        """What readers see: notes shown now, on articles they can read."""
        now = timezone.now()
        return self.shown(at=now).filter(ArticleQuerySet.published_q(at=now, through="article__"))


class Correction(models.Model):
    """A note at the end of a published article: what was wrong and is now right, or what is new.

    Part of the article's translation: a new note outdates the article's translations until a
    translator translates it, but readers of a translation see it meanwhile, in the original.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(
        pgettext_lazy("correction", "kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION
    )
    text = models.TextField(
        _("note"), blank=True, help_text=_("What was wrong and is now right, or what is new. Readers see it.")
    )
    published_at = models.DateTimeField(_("shown from"), default=timezone.now)
    is_significant = models.BooleanField(
        _("significant"),
        default=True,
        help_text=_("Readers and search engines see the article as updated at this time."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = CorrectionQuerySet.as_manager()

    # Translated paragraph by paragraph on the side-by-side page.
    translated_in_paragraphs = ("text",)

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        indexes = [models.Index(fields=["-published_at", "-id"], name="correction_newest_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def clean(self):
        try:
            original = self.article.original_language
        except Article.DoesNotExist:
            return
        if original and is_blank(getattr(self, build_localized_fieldname("text", original))):
            raise ValidationError(
                {build_localized_fieldname("text", original): _("This is required in the original language.")}
            )

    def is_shown_at(self, moment) -> bool:
        return self.published_at <= moment

    def text_for(self, article_language: str) -> tuple[str, str]:
        """The note in the language the article is shown in, or in the original: (text, language)."""
        text = getattr(self, build_localized_fieldname("text", article_language)) or ""
        if text:
            return text, article_language
        original = self.article.original_language
        return getattr(self, build_localized_fieldname("text", original)) or "", original


class LiveUpdate(models.Model):
    """One short timestamped update of a live article (`Article.is_live`), newest first on its page.

    Part of the article's translation, like a correction note: a new update outdates the article's
    translations until a translator translates it, but readers of a translation get it at once, in
    its original language (`text_for`). Pinned updates are the key points at the top of the page.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_updates")
    posted_at = models.DateTimeField(_("posted"), default=timezone.now)
    headline = models.CharField(_("headline"), max_length=200, blank=True, help_text=_("Optional, short."))
    body = RichTextField(_("text"), blank=True)
    image = models.ForeignKey(
        Image, verbose_name=_("image"), null=True, blank=True, on_delete=models.PROTECT, related_name="live_updates"
    )
    is_pinned = models.BooleanField(
        _("key point"), default=False, help_text=_("Pinned in the key points at the top of the live page.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")
        indexes = [models.Index(fields=["article", "-posted_at", "-id"], name="liveupdate_article_newest_idx")]

    def __str__(self):
        return self.headline or strip_tags(self.body)[:60]

    def save(self, *args, **kwargs):
        sanitize_rich_text(self)
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"

    def translation_label(self, field: str) -> str:
        """How the translation pages name this update's `field`: by its time (the newsroom's) and
        headline, which stay put when newer updates are posted, as a number would not."""
        language = self.article.original_language
        title = getattr(self, build_localized_fieldname("headline", language)) or Truncator(
            strip_tags(getattr(self, build_localized_fieldname("body", language)) or "")
        ).words(6)
        return gettext("Update %(time)s — %(title)s: %(field)s") % {
            "time": date_format(timezone.localtime(self.posted_at), "H:i"),
            "title": title,
            "field": field,
        }

    def text_for(self, article_language: str) -> tuple[str, str, str]:
        """(headline, body, language): in the language the article is shown in where the update is
        translated, else in its original, which readers get meanwhile."""
        body = getattr(self, build_localized_fieldname("body", article_language)) or ""
        if has_words(body):
            return getattr(self, build_localized_fieldname("headline", article_language)) or "", body, article_language
        original = self.article.original_language
        return (
            getattr(self, build_localized_fieldname("headline", original)) or "",
            getattr(self, build_localized_fieldname("body", original)) or "",
            original,
        )
