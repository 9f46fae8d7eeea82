"""Taking in one ninjs document: the verb every way in uses (the admin's upload, `import_ninjs`,
the API's POST).

A document becomes a draft for an editor to review, never a published article. Its `uri` in its
language names the article it made: the same version again changes nothing, a newer one updates
the draft — or, if the article is live by now, is kept as its waiting changes, which an editor
publishes as they would their own. A document whose work (`altids` "work", or the association
naming the original) is an article imported or made here, in another language, becomes that
article's translation, marked complete and not released: a translation is released by a person.

All of one document happens in one transaction: refused or failed, nothing of it stays behind, not
even the image file it stored. Every document, refused ones too, leaves a line in the import log
with its report.
"""

import json
import logging
from dataclasses import dataclass

import reversion
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language_info, gettext_noop
from django.utils.translation import gettext as _

from newsroom.articles.models import Article, Byline, Correction, InterviewExchange
from newsroom.editorial import workflow
from newsroom.editorial.models import PendingChange
from newsroom.editorial.pending import snapshot
from newsroom.events.models import Event
from newsroom.images.models import Image
from newsroom.organizations.models import Organization
from newsroom.people.models import Person
from newsroom.places.models import Place
from newsroom.translations.models import field_in
from newsroom.translations.workflow import mark_complete, record_edit

from . import images, mapping
from .matching import Matcher, page_of
from .models import ImportRecord

logger = logging.getLogger(__name__)
Outcome = ImportRecord.Outcome


@dataclass
class Result:
    record: ImportRecord

    @property
    def outcome(self) -> str:
        return self.record.outcome

    @property
    def article(self) -> Article | None:
        return self.record.article

    @property
    def report(self) -> list[dict]:
        return self.record.notes()


def import_document(raw, *, by, source: str, origin: str = "", api_key=None) -> Result:
    """Import one document (bytes, text or parsed JSON) as `by`; the log's record of what it became."""
    log = {"by": by, "source": source, "origin": origin[:500], "api_key": api_key}
    try:
        incoming = mapping.read(raw)
    except mapping.Refused as refused:
        return Result(_refused(refused.document, refused.problems, log))
    earlier = _earlier(incoming)
    upload = None
    if incoming.picture and _needs_picture(incoming, earlier):
        upload = images.fetch(incoming.picture, "associations.leadimage", incoming.notes)
    stored, notes = [], list(incoming.notes)
    try:
        try:
            with transaction.atomic():
                record = _import(incoming, earlier, upload, stored, log)
        except IntegrityError:
            # The same document imported at the same moment by another request: it made the article;
            # this one updates it.
            incoming.notes[:] = notes
            _forget(stored)
            stored.clear()
            if upload is not None:
                upload.seek(0)
            with transaction.atomic():
                record = _import(incoming, _earlier(incoming), upload, stored, log)
    except mapping.Refused as refused:
        _forget(stored)
        return Result(_refused(incoming.document, refused.problems, log))
    except Exception:
        _forget(stored)
        raise
    return Result(record)


def _needs_picture(incoming, earlier) -> bool:
    """A translation brings its texts, not a picture: the original's is shown with them. Nor is a
    picture fetched again that was fetched before."""
    if earlier is not None:
        return earlier.outcome != Outcome.TRANSLATED and earlier.image_source != incoming.picture.href
    return translated_work(incoming) is None


def _earlier(incoming) -> ImportRecord | None:
    """The newest kept import of this document whose article still exists."""
    return (
        ImportRecord.objects.of_document(incoming.uri, incoming.language)
        .exclude(article=None)
        .select_related("article")
        .order_by("-imported_at", "-pk")
        .first()
    )


def _import(incoming, earlier, upload, stored, log) -> ImportRecord:
    notes = incoming.notes
    if earlier is not None:
        article = Article.objects.select_for_update().get(pk=earlier.article_id)
        if not is_newer(incoming.version, earlier.source_version):
            if incoming.version != earlier.source_version:
                notes.append(
                    mapping.Problem(
                        "version",
                        gettext_noop(
                            "Version %(version)s is older than version %(imported)s, imported before: nothing changed."
                        ),
                        {"version": incoming.version, "imported": earlier.source_version},
                    )
                )
            return _record(incoming, article, Outcome.UNCHANGED, log, image_source=earlier.image_source)
        if earlier.outcome == Outcome.TRANSLATED or (
            earlier.outcome == Outcome.UPDATED and article.original_language != incoming.language
        ):
            _translate(article, incoming, log["by"])
        else:
            log = {**log, "matched": _update(article, incoming, upload, stored, log["by"], log["origin"])}
        return _record(incoming, article, Outcome.UPDATED, log, image_source=_image_source(incoming, upload, earlier))
    original = translated_work(incoming)
    if original is not None:
        if original.original_language == incoming.language:
            raise mapping.Refused(
                [
                    mapping.Problem(
                        "altids",
                        gettext_noop(
                            "The article this document is a version of was written in %(language)s already "
                            "(article %(id)d): import that article's own document to update it."
                        ),
                        {"language": incoming.language, "id": original.pk},
                    )
                ]
            )
        article = Article.objects.select_for_update().get(pk=original.pk)
        _translate(article, incoming, log["by"])
        return _record(incoming, article, Outcome.TRANSLATED, log)
    article, matched = _create(incoming, upload, stored, log["by"], log["origin"])
    log = {**log, "matched": matched}
    return _record(incoming, article, Outcome.CREATED, log, image_source=_image_source(incoming, upload, None))


def is_translation(raw) -> bool:
    """Whether a document names its original: imported after the originals that come with it, it
    finds the article its original made."""
    try:
        document = json.loads(raw) if isinstance(raw, bytes | str) else raw
    except ValueError:
        return False
    associations = document.get("associations") if isinstance(document, dict) else None
    return isinstance(associations, list) and any(
        isinstance(a, dict) and (a.get("name") == "translation-of" or a.get("rel") == "translationOf")
        for a in associations
    )


def is_newer(version: str, imported: str) -> bool:
    """Versions are compared as numbers where both are (ninjs says only that they increase)."""
    if version.isdigit() and imported.isdigit():
        return int(version) > int(imported)
    return version != imported


def translated_work(incoming) -> Article | None:
    """The article `incoming` is a version of: the work an import here tied to an article, the
    original named by its association, or an article of this site its `altids` url is the page of."""
    if incoming.work_id:
        found = ImportRecord.objects.of_work(incoming.work_id).exclude(article=None).exclude(language=incoming.language)
        if record := found.select_related("article").order_by("pk").first():
            return record.article
    if incoming.translation_of:
        found = ImportRecord.objects.kept().filter(source_uri__in=incoming.translation_of).exclude(article=None)
        if record := found.select_related("article").order_by("pk").first():
            return record.article
    return _article_of_page(incoming.site_url)


def _article_of_page(url: str) -> Article | None:
    found = page_of(url)
    if found is None or found.view_name != "articles:detail":
        return None
    return Article.objects.with_slug(found.kwargs["slug"]).first()


NAMED_KINDS = {
    "section": ("articles", "section"),
    "tags": ("articles", "tag"),
    "organisations": ("organizations", "organization"),
    "places": ("places", "place"),
    "events": ("events", "event"),
}


def _ids(found: dict) -> dict:
    """What `_matched` found, as ids in the document's order, for the import's record."""
    return {
        "section": [found["section"].pk],
        "tags": [tag.pk for tag in found["m2m"]["tags"]],
        "organisations": [o.pk for o in found["m2m"]["organizations"]],
        "places": [p.pk for p in found["m2m"]["places"]],
        "events": [e.pk for e in found["m2m"]["events"]],
    }


def _matched(incoming, by) -> dict:
    """Everything the document names, found or proposed before the article is touched: a live
    article's waiting changes are made in a savepoint that is rolled back, and what it names must
    outlive it."""
    matcher = Matcher(incoming.language, by, incoming.notes)
    return {
        "section": matcher.section(incoming.section),
        "series": matcher.series(incoming.series),
        "dateline": matcher.dateline(incoming.dateline),
        "authors": matcher.authors(incoming.bylines),
        "m2m": {
            "organizations": matcher.entities(Organization, incoming.organisations),
            "people": matcher.entities(Person, incoming.people),
            "places": matcher.entities(Place, incoming.places),
            "events": matcher.entities(Event, incoming.events),
            "tags": matcher.tags(incoming.tags),
        },
    }


def _create(incoming, upload, stored, by, origin) -> Article:
    found = _matched(incoming, by)
    article = Article(original_language=incoming.language, status=Article.Status.DRAFT, created_by=by)
    if incoming.embargoed and incoming.embargoed > timezone.now():
        # The embargo, not a publish time: a floor the database holds, shown to the desk (banner,
        # "Upcoming embargoes") and kept by share links; publishing puts the publish time at it.
        _embargo(article, incoming, origin)
    _fill(article, incoming, found, _image(None, incoming, upload, stored, by, live=False))
    record_edit(article, by=by)
    workflow.saved(article, None, by=by, comment=_("Imported"))
    _revision(article, by, _("Imported from %(origin)s (version %(version)s)") % _said(incoming, origin))
    return article, _ids(found)


def _embargo(article, incoming, origin) -> None:
    """The document's embargo on the article, with who set it in the site's language (the field
    is not translated), and a line in the import's report telling it."""
    article.embargo_until = incoming.embargoed
    with translation.override(settings.LANGUAGE_CODE):
        article.embargo_conditions = _("Embargo of the document from %(origin)s (version %(version)s)") % _said(
            incoming, origin
        )
    incoming.notes.append(
        mapping.Problem(
            "embargoed",
            gettext_noop("Embargoed until %(time)s: readers get nothing of the article before it, once published."),
            {"time": incoming.embargoed.isoformat()},
        )
    )


def _revision(obj, by, comment: str) -> None:
    """One revision of `obj` as it now is, with its parts: recorded after the changes rather than
    around them, since django-reversion serializes the whole article again on every change of a
    many-to-many field made inside a revision (a fifth of an import's time, profiled)."""
    with reversion.create_revision():
        reversion.add_to_revision(obj)
        reversion.set_user(by)
        reversion.set_comment(comment)


def _said(incoming, origin) -> dict:
    return {"origin": origin or incoming.uri, "version": incoming.version or "–"}


def _update(article, incoming, upload, stored, by, origin) -> dict:
    found = _matched(incoming, by)
    if not workflow.is_live(workflow.stored_state(article.pk)):
        if incoming.embargoed:
            # The source moved its embargo: the floor moves with it, and a publish time set before the
            # new embargo goes up to it in the same save, as the CheckConstraint asks.
            _embargo(article, incoming, origin)
            if article.published_at is not None:
                article.published_at = max(article.published_at, incoming.embargoed)
        _fill(article, incoming, found, _image(article, incoming, upload, stored, by, live=False))
        record_edit(article, by=by)
        _revision(article, by, _("Imported version %(version)s") % {"version": incoming.version or "–"})
        return _ids(found)
    # Live: made as an editor's save is, in a savepoint rolled back, and kept as waiting changes.
    live = Article.objects.get(pk=article.pk)
    # Made before the savepoint, as what `_matched` finds: the waiting changes name it.
    image = _image(article, incoming, upload, stored, by, live=True)
    savepoint = transaction.savepoint()
    _fill(article, incoming, found, image)
    changed = snapshot(article)
    transaction.savepoint_rollback(savepoint)
    # Under an embargo still to come, the changes go out at it, not before (nor at an earlier time
    # already asked for): readers of the live article must not get them early.
    waiting = PendingChange.objects.filter(article_id=live.pk).values_list("publish_at", flat=True).first()
    publish_at = waiting
    if incoming.embargoed and incoming.embargoed > timezone.now():
        publish_at = max(waiting or incoming.embargoed, incoming.embargoed)
        incoming.notes.append(
            mapping.Problem(
                "embargoed",
                gettext_noop("Embargoed until %(time)s: the changes are published then, not before."),
                {"time": incoming.embargoed.isoformat()},
            )
        )
    workflow.keep_changes(live, changed, by=by, publish_at=publish_at)
    incoming.notes.append(
        mapping.Problem(
            "(document)",
            gettext_noop(
                "The article is published: the changes wait for an editor to publish them, as an editor's own do."
            ),
        )
    )
    return _ids(found)


def _image(article, incoming, upload, stored, by, *, live: bool) -> Image | None:
    """The lead image the document asks for, or None to leave the article's as it is: a new image
    of the library for a picture fetched now; else the article's own with the document's texts —
    changed in place, or, where readers see the article, on a copy that goes out with the
    waiting changes (the copy shares the stored file)."""
    picture = incoming.picture
    if picture is None:
        return None
    texts = {field_in(Image, name, incoming.language): text for name, text in picture.texts.items()}
    if upload is not None:
        image = Image(
            original_language=incoming.language,
            file=upload,
            digital_source_type=picture.origin,
            uploaded_by=by,
            **texts,
        )
        image.save()
        stored.append(image.file.name)
        return image
    current = article.image if article is not None and article.image_id is not None else None
    if current is None or current.original_language != incoming.language:
        return None
    unchanged = all(getattr(current, column) == text for column, text in texts.items())
    if unchanged and current.digital_source_type == picture.origin:
        return None
    if live:
        current.pk, current.file_sha256 = None, ""
        current._state.adding = True
    for column, text in texts.items():
        setattr(current, column, text)
    current.digital_source_type = picture.origin
    current.save()
    record_edit(current, by=by)
    return current


def _fill(article, incoming, found, image) -> None:
    """`article` and its parts as the document says, in the document's language; `image`: its new
    lead image, or None to keep the one it has."""
    language = incoming.language
    article.kind = incoming.kind
    article.section, article.series, article.dateline = found["section"], found["series"], found["dateline"]
    article.is_reported_by_ai = article.is_reported_by_ai or incoming.is_reported_by_ai
    for name, text in incoming.texts.items():
        setattr(article, field_in(Article, name, language), text)
    if image is not None:
        article.image = image
    article.save()
    if [b.author_id for b in article.bylines.order_by("order")] != [a.pk for a in found["authors"]]:
        article.bylines.all().delete()
        Byline.objects.bulk_create(
            [Byline(article=article, author=author, order=n) for n, author in enumerate(found["authors"])]
        )
    for related_name, objects in found["m2m"].items():
        getattr(article, related_name).set(objects)
    _fill_exchanges(article, incoming)
    _fill_corrections(article, incoming)


def _fill_exchanges(article, incoming) -> None:
    language = incoming.language
    rows = list(article.exchanges.order_by("order", "pk"))
    for number, (question, answer) in enumerate(incoming.exchanges):
        row = rows[number] if number < len(rows) else InterviewExchange(article=article, order=number)
        setattr(row, field_in(InterviewExchange, "question", language), question)
        setattr(row, field_in(InterviewExchange, "answer", language), answer)
        row.save()
    for row in rows[len(incoming.exchanges) :]:
        row.delete()


def _fill_corrections(article, incoming) -> None:
    """Notes the article does not have yet are added; the article's own are kept."""
    language = incoming.language
    column = field_in(Correction, "text", language)
    known = set(article.corrections.values_list(column, flat=True))
    for kind, text in incoming.corrections:
        if text not in known:
            Correction.objects.create(
                article=article,
                kind=kind,
                published_at=incoming.versioncreated or timezone.now(),
                **{column: text},
            )


def _translate(article, incoming, by) -> None:
    """The document's texts as the article's translation into its language, marked complete by
    `by` if every text is there, never released: a person releases translations."""
    language = incoming.language
    texts = incoming.texts
    columns = {field_in(Article, name, language): text for name, text in texts.items()}
    translation_row = article.translation_in(language)
    parts = _translated_parts(article, incoming)
    if translation_row is not None and translation_row.is_released:
        # Readers have the released translation: the new text waits for release, as a translator's does.
        translation_row.pending = {**translation_row.pending, **dict(texts), **parts}
        translation_row.save(update_fields=["pending"])
        incoming.notes.append(
            mapping.Problem(
                "(document)",
                gettext_noop("The translation is released: the new text waits until an editor releases it."),
            )
        )
        return
    for column, text in columns.items():
        setattr(article, column, text)
    article.save(update_fields=[*columns, f"slug_{language}"])
    for key, text in parts.items():
        _related_name, pk, name = key.split(".")
        InterviewExchange.objects.filter(pk=pk).update(**{field_in(InterviewExchange, name, language): text})
    # The questions' translations were written by update(): the revision is taken after them.
    _revision(article, by, _("Imported translation (%(language)s)") % {"language": language})
    article.forget_translations()
    article = Article.objects.get(pk=article.pk)
    record_edit(article, by=by)
    if (
        _complete(article, language, by, incoming.notes, "(document)")
        and not article.translation_in(language).is_released
    ):
        incoming.notes.append(
            mapping.Problem(
                "language",
                gettext_noop(
                    "The %(language)s translation is complete and waits for an editor to read and release it."
                ),
                {"language": get_language_info(language)["name_translated"]},
            )
        )
    _translate_names(article, incoming, by)
    _translate_image(article, incoming, by)


def _translate_image(article, incoming, by) -> None:
    """The picture's texts as the translation of the article's lead image into the document's
    language, marked complete where it is, never released: as the article's own."""
    image, picture, language = article.image, incoming.picture, incoming.language
    if image is None or picture is None or image.original_language == language:
        return
    texts = {name: text for name, text in picture.texts.items() if name not in image.marked_same()}
    row = image.translation_in(language)
    if row is not None and row.is_released:
        row.pending = {**row.pending, **texts}
        row.save(update_fields=["pending"])
        return
    for name, text in texts.items():
        setattr(image, field_in(Image, name, language), text)
    image.save()
    record_edit(image, by=by)
    if image.is_complete_in(language):
        _complete(image, language, by, incoming.notes, "associations.leadimage")


def _complete(obj, language, by, notes, where) -> bool:
    try:
        mark_complete(obj, language, by=by)
    except ValidationError as error:
        notes.append(mapping.Problem(where, error))
        return False
    return True


def _translate_names(article, incoming, by) -> None:
    """The section, tags, organisations, places and events the original named, in the translation's
    language, where ours have no name in it yet: paired by their place in each document's list
    (a sender lists them in the same order in every language), marked complete, not released."""
    original = ImportRecord.objects.kept().filter(article=article).exclude(matched={}).order_by("-pk").first()
    if original is None or original.language == incoming.language:
        return
    language = incoming.language
    names = {
        "section": [incoming.section] if incoming.section else [],
        "tags": incoming.tags,
        "organisations": incoming.organisations,
        "places": incoming.places,
        "events": incoming.events,
    }
    for kind, (app_label, model_name) in NAMED_KINDS.items():
        ids, named = original.matched.get(kind, []), names[kind]
        if len(ids) != len(named):
            continue
        model = apps.get_model(app_label, model_name)
        objects = model._default_manager.in_bulk(ids)
        for pk, name in zip(ids, named, strict=True):
            obj = objects.get(pk)
            field = "title" if model_name == "event" else "name"
            if obj is None or field in obj.marked_same() or getattr(obj, field_in(model, field, language)):
                continue
            setattr(obj, field_in(model, field, language), name.name)
            obj.save()
            record_edit(obj, by=by)
            _complete(obj, language, by, incoming.notes, name.where)


def _translated_parts(article, incoming) -> dict[str, str]:
    """The interview's questions and answers, by position, as translation keys."""
    rows = list(article.exchanges.order_by("order", "pk"))
    if len(rows) != len(incoming.exchanges):
        if rows or incoming.exchanges:
            incoming.notes.append(
                mapping.Problem(
                    "bodies[0].value",
                    gettext_noop(
                        "The original has %(rows)d questions and this document %(found)d: check the interview."
                    ),
                    {"rows": len(rows), "found": len(incoming.exchanges)},
                )
            )
    parts = {}
    for row, (question, answer) in zip(rows, incoming.exchanges, strict=False):
        parts[f"exchanges.{row.pk}.question"] = question
        parts[f"exchanges.{row.pk}.answer"] = answer
    return parts


def _image_source(incoming, upload, earlier) -> str:
    if upload is not None:
        return incoming.picture.href
    return earlier.image_source if earlier else ""


def _record(incoming, article, outcome, log, *, image_source="") -> ImportRecord:
    return ImportRecord.objects.create(
        source_uri=incoming.uri[:500],
        source_version=incoming.version[:50],
        language=incoming.language,
        work_id=incoming.work_id[:500],
        headline=incoming.headline[:250],
        image_source=image_source[:1000],
        article=article,
        outcome=outcome,
        report=[note.as_dict() for note in incoming.notes],
        **log,
    )


def _refused(document, problems, log) -> ImportRecord:
    document = document if isinstance(document, dict) else {}
    headlines = document.get("headlines") if isinstance(document.get("headlines"), list) else []
    headline = next((h.get("value") for h in headlines if isinstance(h, dict) and isinstance(h.get("value"), str)), "")
    return ImportRecord.objects.create(
        source_uri=str(document.get("uri") or "")[:500],
        source_version=str(document.get("version") or "")[:50],
        language=str(document.get("language") or "")[:8],
        headline=headline[:250],
        outcome=Outcome.REFUSED,
        report=[problem.as_dict() for problem in problems],
        **log,
    )


def _forget(names) -> None:
    """Image files stored by a transaction that did not commit: nothing refers to them."""
    storage = Image._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s after a failed import", name)
