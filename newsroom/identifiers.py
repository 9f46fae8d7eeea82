"""The identifiers other systems know our organizations, people and places by: a Wikidata item, a
company's LEI (ISO 17442), its ticker on an exchange (named by the listing market's MIC), a GeoNames
feature, a point on the globe. Each is read from what an editor types or pastes (an item's address
gives its id), checked — the LEI's ISO 7064 MOD 97-10 check digits by python-stdnum — and turned
into the addresses machines compare (`sameAs`, ninjs `uri`), and back (`identifier_in`), which
is how an import finds an entity by identifier before it tries names.

The fields store NULL, not "", when nothing is known: a unique column then refuses a second
entity with the same identifier and never two without one.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import OperationalError, migrations, models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum import lei as lei_numbers
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as NumberError

QID = re.compile(r"Q[1-9][0-9]*")
LEI = re.compile(r"[0-9A-Z]{18}[0-9]{2}")
# What a browser's address bar adds after the id: a query (`?uselang=de`), a fragment (`#P31`, a
# statement), a further path (a GLEIF record's `/level1`).
AFTER_ID = r"(?:[/?#].*)?$"
WIKIDATA_ADDRESS = re.compile(
    r"^https?://(?:www\.|m\.)?wikidata\.org/(?:wiki|entity)/(?:Special:EntityPage/)?(Q[1-9][0-9]*)" + AFTER_ID, re.I
)
# GLEIF's record page and its linked-data names, the older lei.info resolver, and the URN some
# agencies write.
LEI_ADDRESS = re.compile(
    r"^(?:https?://(?:search\.gleif\.org/#/record/|rdf\.gleif\.org/L1/L-|api\.gleif\.org/api/v1/lei-records/"
    r"|(?:www\.)?lei\.info/)|urn:lei:)([0-9A-Z]{20})" + AFTER_ID,
    re.I,
)
GEONAMES_ADDRESS = re.compile(r"^https?://(?:sws\.|www\.)?geonames\.org/([1-9][0-9]*)" + AFTER_ID, re.I)


def labelled(*names: str) -> re.Pattern:
    """The label a value is often copied with from a register or a report: `LEI: …`, `QID: …`."""
    return re.compile(rf"^(?:{'|'.join(names)})\s*:\s*", re.I)


QID_LABEL = labelled(r"QID", r"Wikidata(?:[ -]?(?:ID|item|Objekt))?", r"Item")
LEI_LABEL = labelled(r"LEI(?:[ -]?Code)?")
TICKER_LABEL = labelled(r"Ticker(?: symbol)?", r"Symbol", r"Kürzel", r"Börsenkürzel")
GEONAMES_LABEL = labelled(r"GeoNames(?:[ -]?ID)?", r"geonameId")
# Letters, digits and the marks exchanges put in a series' ticker: BRK.B, WALMEX*, 7203.
TICKER = re.compile(r"[A-Z0-9][A-Z0-9.*&/-]{0,19}")


class Exchange(models.TextChoices):
    """Where the companies we write about are listed, by the listing market's MIC (ISO 10383): an
    operating MIC for most, a segment MIC for Tokyo (XTKS, under Japan Exchange Group's XJPX).
    Mexico's two exchanges, the usual US and German ones, and Tokyo's for the Japanese suppliers."""

    XMEX = "XMEX", "Bolsa Mexicana de Valores (BMV)"
    BIVA = "BIVA", "Bolsa Institucional de Valores (BIVA)"
    XNYS = "XNYS", _("New York Stock Exchange")
    XNAS = "XNAS", "Nasdaq"
    XETR = "XETR", "Xetra"
    XFRA = "XFRA", _("Frankfurt Stock Exchange")
    XSTU = "XSTU", _("Stuttgart Stock Exchange")
    XTKS = "XTKS", _("Tokyo Stock Exchange")


def normalize_qid(value: str) -> str:
    """`q96`, ` Q96 `, `QID: Q96` and the item's page or entity address (with whatever the
    browser added after the id) all become `Q96`."""
    value = QID_LABEL.sub("", value.strip())
    found = WIKIDATA_ADDRESS.match(value)
    return found[1].upper() if found else value.upper()


def validate_qid(value: str) -> None:
    if not QID.fullmatch(value):
        raise ValidationError(
            _("Enter a Wikidata item: Q and its number, e.g. Q96, or paste the item’s address."),
            code="invalid_wikidata",
        )


def normalize_lei(value: str) -> str:
    value = LEI_LABEL.sub("", value.strip())
    found = LEI_ADDRESS.match(value)
    return found[1].upper() if found else lei_numbers.compact(value)


def validate_lei(value: str) -> None:
    """20 letters and digits, the last two ISO 7064 MOD 97-10 check digits over the rest."""
    # The shape is ours to check: python-stdnum's `lei.validate` checks the digits at any length.
    if not LEI.fullmatch(value):
        raise ValidationError(_("An LEI has 20 letters and digits, e.g. 5493006W3QUS5LMH6R84."), code="invalid_lei")
    try:
        lei_numbers.validate(value)
    except InvalidChecksum:
        raise ValidationError(
            _("The check digits of this LEI do not match: a character was probably mistyped."),
            code="invalid_lei_checksum",
        ) from None
    except NumberError:
        raise ValidationError(
            _("An LEI has 20 letters and digits, e.g. 5493006W3QUS5LMH6R84."), code="invalid_lei"
        ) from None


def normalize_ticker(value: str) -> str:
    return TICKER_LABEL.sub("", value.strip()).upper()


validate_ticker = RegexValidator(
    rf"^{TICKER.pattern}$",
    _("Enter the ticker as the exchange writes it: letters and digits, e.g. AMXB or 7203."),
    code="invalid_ticker",
)


def normalize_geonames(value: str) -> str:
    """A feature's number, from itself or from its page's address."""
    value = GEONAMES_LABEL.sub("", value.strip())
    found = GEONAMES_ADDRESS.match(value)
    return found[1] if found else value


validate_geonames = RegexValidator(
    r"^[1-9][0-9]*$",
    _("Enter the GeoNames number, e.g. 3530597, or paste the place’s GeoNames address."),
    code="invalid_geonames",
)


class IdentifierFormField(forms.CharField):
    """What an editor types or pastes, read as the identifier it names before anything checks it:
    the length the column allows is the identifier's, not the pasted address's, and a value that
    names no identifier gets the one message saying how to write one (the model's own checks do
    not run again on a field whose form check failed)."""

    def __init__(self, *, normalize, identifier_validators, **kwargs):
        self.normalize = normalize
        self.identifier_validators = identifier_validators
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return self.normalize(value) or self.empty_value

    def run_validators(self, value):
        if value in self.empty_values:
            return
        # First and alone: "at most 200 characters" of something that is no identifier tells the
        # editor less than how to write one.
        for validator in self.identifier_validators:
            validator(value)
        super().run_validators(value)


class IdentifierField(models.CharField):
    """A CharField holding an identifier in its one written form, NULL when there is none.
    Subclasses name how what was typed is normalized and checked."""

    normalize = staticmethod(str.strip)
    identifier_validators: tuple = ()
    length = 40

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.length)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    @property
    def default_validators(self):
        return [*super().default_validators, *self.identifier_validators]

    def formfield(self, **kwargs):
        # Room for what an editor pastes: an item's or a record's address, which becomes the id.
        return super().formfield(
            **{
                "max_length": 200,
                "form_class": IdentifierFormField,
                "normalize": self.normalize,
                "identifier_validators": self.identifier_validators,
                **kwargs,
            }
        )

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        value = self.normalize(value)
        return value or None


class WikidataField(IdentifierField):
    normalize = staticmethod(normalize_qid)
    identifier_validators = (validate_qid,)
    length = 20


class LeiField(IdentifierField):
    normalize = staticmethod(normalize_lei)
    identifier_validators = (validate_lei,)
    length = 20


class TickerField(IdentifierField):
    normalize = staticmethod(normalize_ticker)
    identifier_validators = (validate_ticker,)
    length = 20


class GeoNamesField(IdentifierField):
    normalize = staticmethod(normalize_geonames)
    identifier_validators = (validate_geonames,)
    length = 12


LATITUDE_VALIDATORS = (
    MinValueValidator(Decimal(-90), _("A latitude lies between −90 (south pole) and 90 (north pole).")),
    MaxValueValidator(Decimal(90), _("A latitude lies between −90 (south pole) and 90 (north pole).")),
)
LONGITUDE_VALIDATORS = (
    MinValueValidator(Decimal(-180), _("A longitude lies between −180 and 180 (west is negative).")),
    MaxValueValidator(Decimal(180), _("A longitude lies between −180 and 180 (west is negative).")),
)


def coordinate_errors(latitude, longitude) -> dict[str, ValidationError]:
    """Both or neither: a latitude alone is not a place."""
    if latitude is None and longitude is not None:
        return {"latitude": ValidationError(_("Enter the latitude too, or neither."), code="incomplete_coordinates")}
    if longitude is None and latitude is not None:
        return {"longitude": ValidationError(_("Enter the longitude too, or neither."), code="incomplete_coordinates")}
    return {}


def listing_errors(ticker, exchange) -> dict[str, ValidationError]:
    """A ticker means something only on its exchange."""
    if ticker and not exchange:
        return {"exchange": ValidationError(_("Choose the exchange the ticker is listed on."), code="no_exchange")}
    if exchange and not ticker:
        return {"ticker": ValidationError(_("Enter the ticker on this exchange, or no exchange."), code="no_ticker")}
    return {}


def wikidata_page(qid: str) -> str:
    """The item's page: what schema.org's `sameAs` and readers follow."""
    return f"https://www.wikidata.org/wiki/{qid}"


def wikidata_uri(qid: str) -> str:
    """The item's concept URI, as Wikidata's own linked data names it: what ninjs `uri` carries."""
    return f"http://www.wikidata.org/entity/{qid}"


def lei_page(lei: str) -> str:
    """The entity's record at GLEIF, which issues the LEI system's reference data."""
    return f"https://search.gleif.org/#/record/{lei}"


def geonames_uri(geonames_id: str) -> str:
    """The feature's linked-data URI, which its page's address redirects from."""
    return f"https://sws.geonames.org/{geonames_id}/"


def ticker_symbol(ticker: str, exchange: str) -> str:
    """schema.org's form: the exchange's MIC, a space, the instrument (`XMEX AMXB`)."""
    return f"{exchange} {ticker}"


def identifier_in(uri: str) -> tuple[str, str] | None:
    """("wikidata", "Q96"), ("lei", …) or ("geonames", "3996063") when `uri` names one of these
    (a checked LEI only), else None."""
    uri = (uri or "").strip()
    if found := WIKIDATA_ADDRESS.match(uri):
        return "wikidata", found[1].upper()
    if (found := LEI_ADDRESS.match(uri)) and LEI.fullmatch(found[1].upper()) and lei_numbers.is_valid(found[1]):
        return "lei", found[1].upper()
    if found := GEONAMES_ADDRESS.match(uri):
        return "geonames", found[1]
    return None


# The fields whose duplicate names its holder (Identified.unique_error_message).
IDENTIFIER_FIELDS = {"wikidata", "lei", "geonames", "ticker"}

# Each scheme: its name to machines (schema.org's `propertyID`) and the address of an id's record.
SCHEMES = {
    "wikidata": ("Wikidata", wikidata_page),
    "lei": ("LEI", lei_page),
    "geonames": ("GeoNames", geonames_uri),
}


@dataclass(frozen=True)
class ExternalId:
    scheme: str
    value: str

    @property
    def name(self) -> str:
        return SCHEMES[self.scheme][0]

    @property
    def url(self) -> str:
        return SCHEMES[self.scheme][1](self.value)


class Identified:
    """For a model with some of the fields named in SCHEMES, and perhaps a `website`."""

    def external_ids(self) -> list[ExternalId]:
        return [ExternalId(scheme, value) for scheme in SCHEMES if (value := getattr(self, scheme, None))]

    def unique_error_message(self, model_class, unique_check):
        """Who already has the identifier, linked to its page in the admin, instead of Django's
        "Organization with this LEI already exists.", which leaves the editor to search for it."""
        error = super().unique_error_message(model_class, unique_check)
        if not set(unique_check) & IDENTIFIER_FIELDS:
            return error
        holder = (
            model_class._default_manager.filter(**{name: getattr(self, name) for name in unique_check})
            .exclude(pk=self.pk)
            .first()
        )
        if holder is None:
            return error
        opts = holder._meta
        link = format_html(
            '<a href="{}">{}</a>', reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[holder.pk]), holder
        )
        if "exchange" in unique_check:
            template = gettext("This ticker on %(exchange)s is already entered for %(holder)s.")
        else:
            template = gettext("This %(field)s is already entered for %(holder)s.")
        # The message is ours, escaped; the holder's name is escaped by format_html.
        message = mark_safe(
            escape(template)
            % {
                "field": escape(opts.get_field(unique_check[0]).verbose_name),
                "exchange": escape(capfirst(self.get_exchange_display())) if "exchange" in unique_check else "",
                "holder": link,
            }
        )
        return ValidationError(message, code=error.code)

    def same_as(self) -> list[str]:
        """The pages about this very thing elsewhere: its Wikidata item and GeoNames feature, its
        own website. Not the LEI's record, which is about the legal entity, not the company."""
        urls = [known.url for known in self.external_ids() if known.scheme != "lei"]
        if website := getattr(self, "website", ""):
            urls.append(website)
        return urls


class IdentifierSearch:
    """For a ModelAdmin: its search also finds an entity by an identifier written the way its form
    reads one — `q96`, the item's or the GLEIF record's address, a ticker in lower case — which a
    plain `=wikidata` search field, exact and case-sensitive, misses. Name the fields in
    `identifier_search_fields`."""

    identifier_search_fields: tuple[str, ...] = ()

    def identifier_matches(self, search_term: str) -> Q:
        """The entities whose identifier the term is, read as the form reads it; an empty Q when
        the term is written like none of them."""
        wanted = Q()
        for name in self.identifier_search_fields:
            try:
                value = self.model._meta.get_field(name).clean(search_term, None)
            except ValidationError:
                continue  # Not written like this identifier: no need to ask the database.
            if value:
                wanted |= Q(**{name: value})
        return wanted

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL's full-text search (newsroom/search/admin.py) comes before this and adds the
        # same matches itself.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if wanted := self.identifier_matches(search_term):
            # `queryset` is the list as filtered before the search: the match keeps its filters.
            found |= queryset.filter(wanted)
        return found, may_have_duplicates


# PostgreSQL's error when `lock_timeout` ran out.
LOCK_NOT_AVAILABLE = "55P03"


class LockNotTaken(RuntimeError):
    """A migration gave up waiting for a table's lock rather than queue its readers longer."""


def unique_concurrently(
    app_label: str,
    model_name: str,
    columns: list[str],
    name: str | None = None,
    *,
    lock_timeout: str = "5s",
    attempts: int = 5,
):
    """A migration's operation making `columns` unique without locking the table's writes while
    the index is built (the migration rule, README "The production recipe"): on PostgreSQL the index
    is built CONCURRENTLY, then becomes the constraint Django's state expects; elsewhere (SQLite)
    it is a plain unique index. The migration must say `atomic = False`; its state operations say
    what is unique.

    It can be run again after a failure: a CONCURRENTLY build that failed (a duplicate value, a
    cancelled deploy) leaves an INVALID index of the same name, dropped first; a valid index left
    by a run whose last step failed is kept. That last step, ALTER TABLE, waits for every
    transaction using the table and meanwhile queues every other reader behind it: it waits at
    most `lock_timeout`, `attempts` times, then fails saying so."""

    def index_name(schema_editor, table: str) -> str:
        return name or schema_editor._create_index_name(table, columns, suffix="_uniq")

    def forwards(apps, schema_editor):
        table = apps.get_model(app_label, model_name)._meta.db_table
        quote, index = schema_editor.quote_name, index_name(schema_editor, table)
        listed = ", ".join(quote(column) for column in columns)
        if schema_editor.connection.vendor != "postgresql":
            schema_editor.execute(f"CREATE UNIQUE INDEX {quote(index)} ON {quote(table)} ({listed})")
            return
        state = index_state(schema_editor.connection, table, index)
        if state == "constraint":
            return
        if state == "invalid":
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(index)}")
        if state != "valid":
            schema_editor.execute(f"CREATE UNIQUE INDEX CONCURRENTLY {quote(index)} ON {quote(table)} ({listed})")
        attach(
            schema_editor,
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(index)} UNIQUE USING INDEX {quote(index)}",
            table,
        )

    def attach(schema_editor, statement: str, table: str) -> None:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, false)", [lock_timeout])
            try:
                for _attempt in range(attempts):
                    try:
                        cursor.execute(statement)
                        return
                    except OperationalError as error:
                        if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                            raise
                        waited = error
            finally:
                cursor.execute("RESET lock_timeout")
        raise LockNotTaken(
            f"{table}: the unique index is built, but a transaction held the table {attempts} times for "
            f"{lock_timeout}; end it (pg_stat_activity) and migrate again."
        ) from waited

    def backwards(apps, schema_editor):
        table = apps.get_model(app_label, model_name)._meta.db_table
        quote, index = schema_editor.quote_name, index_name(schema_editor, table)
        if schema_editor.connection.vendor != "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {quote(index)}")
            return
        schema_editor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT IF EXISTS {quote(index)}")

    return migrations.RunPython(forwards, backwards)


def index_state(connection, table: str, index: str) -> str | None:
    """What of a unique index `index` on `table` is there on PostgreSQL: None, "invalid" (left by a
    failed CONCURRENTLY build), "valid", or "constraint" (already the table's constraint)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid, EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "FROM pg_index i WHERE i.indexrelid = to_regclass(%s) AND i.indrelid = to_regclass(%s)",
            [connection.ops.quote_name(index), connection.ops.quote_name(table)],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    valid, constrained = row
    return "constraint" if constrained else "valid" if valid else "invalid"
