"""Several relations of one object, fetched in one query.

`prefetch_related` asks one query per relation: an article page with its organizations, people,
places, events, tags, corrections, questions and human review would ask eight, and take the page past
its budget of ten queries from a cold cache (fourteen). Here each relation is one part of a UNION ALL
whose rows carry the related object as JSON — a row shape every model shares — and each object is
rebuilt from its fields. The relation's own queryset decides which objects belong (`published()`),
in what order and how many (a slice); every column is read, as `prefetch_related` reads them.

JSON carries text, whole numbers, booleans, dates and times, which each field's `to_python` restores
as the ORM gives them (`tests/test_prefetching.py`, on SQLite and PostgreSQL); other field types
(JSON, decimals, floats, binary, …) and what a queryset asks beyond its rows (select_related,
prefetch_related, only/defer, annotations, values, distinct) would be lost, so they are refused.
"""

import datetime
import json

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import NotSupportedError, connections
from django.db.models import F, Func, TextField, Window
from django.db.models.functions import RowNumber
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import get_language

from newsroom.pagecache import keys, tagged

# Field types whose values come back from JSON through `to_python` exactly as the ORM reads them;
# another type joins when tests/test_prefetching.py shows that for it.
JSON_SAFE_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BooleanField",
        "CharField",
        "DateField",
        "DateTimeField",
        "FileField",
        "PositiveSmallIntegerField",
        "SlugField",
        "TextField",
        "TimeField",
    }
)


class RowObject(Func):
    """A JSON object of columns: json_object() on SQLite (built in since 3.38), json_build_object()
    on PostgreSQL. Leaner than Django's JSONObject, which casts every key on PostgreSQL (most of the
    time this module spent) and on SQLite first probes for JSON inside a transaction — a probe that
    fails while another connection writes, and is then remembered for the connection's life."""

    output_field = TextField()

    def __init__(self, **columns):
        # Keys are field names, written into the SQL as they are.
        assert all(key.isidentifier() for key in columns)
        self.keys = list(columns)
        super().__init__(*columns.values())

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"prefetch_together() knows SQLite and PostgreSQL, not {connection.vendor}.")

    def _as_sql(self, compiler, function: str):
        pairs, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, expression_params = compiler.compile(expression)
            pairs.append(f"'{key}', {sql}")
            params.extend(expression_params)
        return f"{function}({', '.join(pairs)})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._as_sql(compiler, "JSON_OBJECT")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self._as_sql(compiler, "JSON_BUILD_OBJECT")


def prefetch_together(instance, **querysets) -> None:
    """Fill `instance`'s caches of the relations named by the keywords, e.g.
    `prefetch_together(article, organizations=Organization.objects.published(), tags=Tag.objects.all())`,
    so that `article.organizations.all()` asks nothing more. One query, whatever the number of relations.

    Raises ValueError for a queryset whose objects would not come back as the ORM gives them."""
    if not querysets:
        return
    for name, queryset in querysets.items():
        refuse_what_json_loses(instance, name, queryset)
    # The instance's database, as its related managers would ask.
    database = instance._state.db
    parts, params = [], []
    for number, (name, queryset) in enumerate(querysets.items()):
        try:
            sql, part_params = _part(instance, name, queryset).query.get_compiler(database).as_sql()
        except EmptyResultSet:
            continue  # none(), or a filter nothing can match: Django does not ask either
        parts.append(f"SELECT {number} AS part, row_position, row_data FROM ({sql}) AS part_{number}")  # noqa: S608 - Django's own SQL, parameters apart
        params.extend(part_params)
    found = []
    if parts:
        with connections[database].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            found = sorted(cursor.fetchall(), key=lambda row: (row[0], row[1]))
    names = list(querysets)
    related: dict[str, list] = {name: [] for name in names}
    for number, _position, data in found:
        name = names[number]
        # SQLite's json_object() gives text; psycopg reads PostgreSQL's json into Python already.
        fields = json.loads(data) if isinstance(data, str) else data
        related[name].append(_rebuild(querysets[name].model, database, fields))
    for name, objects in related.items():
        _fill_cache(instance, name, objects)


def refuse_what_json_loses(instance, name: str, queryset) -> None:
    """Raise ValueError where the relation's objects would not come back as `queryset` says:
    parts of the queryset this module does not follow, or fields whose values JSON changes."""
    related_model = instance._meta.get_field(name).related_model
    if queryset.model is not related_model:
        raise ValueError(f"{name}: a queryset of {related_model.__name__} is needed, not of {queryset.model.__name__}.")
    query = queryset.query
    ignored = {
        "select_related()": query.select_related,
        "prefetch_related()": queryset._prefetch_related_lookups,
        "only() or defer()": query.deferred_loading != (frozenset(), True),
        "annotate() or extra()": query.annotation_select or query.extra_select,
        "values() or values_list()": queryset._iterable_class is not ModelIterable,
        "distinct()": query.distinct,
        "union(), intersection() or difference()": query.combinator,
    }
    if asked := [what for what, is_asked in ignored.items() if is_asked]:
        raise ValueError(f"{name}: prefetch_together() would ignore the queryset's {', '.join(asked)}.")
    unsafe = [
        f"{queryset.model.__name__}.{field.name} ({_kind(field)})"
        for field in queryset.model._meta.concrete_fields
        if not _json_safe(field) or hasattr(field, "from_db_value")
    ]
    if unsafe:
        raise ValueError(f"{name}: JSON may change the values of {', '.join(unsafe)}; use prefetch_related.")


def _json_safe(field) -> bool:
    # JSON reads a decimal as a float, which holds 15 significant digits: a decimal of no more
    # comes back whole through the field's to_python() (a place's coordinates).
    if _kind(field) == "DecimalField":
        return field.max_digits <= 15
    return _kind(field) in JSON_SAFE_TYPES


def _kind(field) -> str:
    # A foreign key's column holds the value of the field it points to.
    return (field.target_field if field.is_relation else field).get_internal_type()


def _part(instance, name: str, queryset):
    """The related objects of one relation as (position, JSON) rows, in the queryset's order."""
    low, high = queryset.query.low_mark, queryset.query.high_mark
    queryset = queryset.all()
    queryset.query.clear_limits()
    model = queryset.model
    field = instance._meta.get_field(name)
    # A many-to-many field of the instance's model is filtered by its reverse name, a relation
    # pointing at the instance's model (a foreign key, another model's many-to-many) by its field.
    lookup = field.related_query_name() if field.concrete else field.field.name
    ordering = list(queryset.query.order_by or model._meta.ordering or ()) + ["pk"]
    columns = {field.attname: F(field.attname) for field in model._meta.concrete_fields}
    rows = (
        queryset.filter(**{lookup: instance})
        .annotate(row_data=RowObject(**columns), row_position=Window(RowNumber(), order_by=ordering))
        .values_list("row_position", "row_data")
    )
    if high is None and not low:
        # The position says the order; sorting the part as well would only cost time.
        return rows.order_by()
    return rows.order_by(*ordering)[low:high]


def _rebuild(model, db: str, data: dict):
    fields = model._meta.concrete_fields
    return model.from_db(db, [f.attname for f in fields], [_python(f, data[f.attname]) for f in fields])


def _python(field, value):
    """A field's value as the ORM would give it, from its JSON form (SQLite writes booleans as 0/1
    and times without their zone, which is UTC)."""
    if value is None:
        return None
    value = field.to_python(value)
    if isinstance(value, datetime.datetime) and settings.USE_TZ and timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def _fill_cache(instance, name: str, objects: list):
    """What `prefetch_related` leaves behind: the relation's `all()` answers from `objects`."""
    field = instance._meta.get_field(name)
    if field.one_to_many:
        # Each of an article's corrections knows its article without asking, as after prefetch_related.
        for obj in objects:
            field.field.set_cached_value(obj, instance)
    manager = getattr(instance, name)
    # A many-to-many manager names its cache; a reverse foreign key's is the relation's own.
    cache_name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    queryset = manager.get_queryset()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[cache_name] = queryset


def prefetch_together_cached(instance, *, cached: bool = True, **querysets) -> None:
    """`prefetch_together`, its objects kept in the shared cache per instance and language until
    the instance or one of them changes (`newsroom.pagecache`: a change to a relation invalidates
    the keys of the objects at both ends, and taking an object down those of the objects it links
    to). Building the query costs more than running it: ~4 ms of an organization page's ~11 for its
    places, memberships and people. `cached=False` for previews, which show what is not saved."""
    if not cached:
        prefetch_together(instance, **querysets)
        return

    def load() -> dict[str, list]:
        keys.note(keys.key(instance))
        prefetch_together(instance, **querysets)
        return {name: list(getattr(instance, name).all()) for name in querysets}

    # Per language: the querysets' order (by name) follows it.
    name = f"block:related:{keys.key(instance)}:{get_language()}:{','.join(querysets)}"
    for relation, objects in tagged.fragment(name, load, tagged.BLOCK_SECONDS).items():
        _fill_cache(instance, relation, objects)
