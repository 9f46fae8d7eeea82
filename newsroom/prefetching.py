"""Several relations of one object, fetched in one query.

`prefetch_related` asks one query per relation: an article page with its organizations, people,
places, events, tags, corrections and questions asked seven, an organization page four. Here each
relation is one part of a UNION ALL whose rows carry the related object as JSON — a row shape every
model shares — and each object is rebuilt from its fields. The relation's own queryset decides which
objects belong (`published()`), in what order and how many (a slice).

For models whose fields JSON carries as text, numbers or booleans (no JSONField or binary column);
the querysets' own select_related and prefetch_related are not followed.
"""

import datetime
import json

from django.conf import settings
from django.db import connections
from django.db.models import F, Func, TextField, Window
from django.db.models.functions import RowNumber
from django.utils import timezone


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

    def as_sql(self, compiler, connection, function="JSON_OBJECT", **extra_context):
        pairs, params = [], []
        for key, expression in zip(self.keys, self.get_source_expressions(), strict=True):
            sql, expression_params = compiler.compile(expression)
            pairs.append(f"'{key}', {sql}")
            params.extend(expression_params)
        return f"{function}({', '.join(pairs)})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_BUILD_OBJECT", **extra_context)


def prefetch_together(instance, **querysets) -> None:
    """Fill `instance`'s caches of the relations named by the keywords, e.g.
    `prefetch_together(article, organizations=Organization.objects.published(), tags=Tag.objects.all())`,
    so that `article.organizations.all()` asks nothing more. One query, whatever the number of relations."""
    parts, params, layouts = [], [], []
    for number, (name, queryset) in enumerate(querysets.items()):
        rows, annotations = _part(instance, name, queryset)
        sql, part_params = rows.query.sql_with_params()
        parts.append(f"SELECT {number} AS part, row_position, row_data FROM ({sql}) AS part_{number}")  # noqa: S608 - Django's own SQL, parameters apart
        params.extend(part_params)
        layouts.append((name, rows.model, rows.db, annotations))
    if not parts:
        return
    with connections[layouts[0][2]].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = sorted(cursor.fetchall(), key=lambda row: (row[0], row[1]))
    objects: dict[int, list] = {number: [] for number in range(len(layouts))}
    for number, _position, data in found:
        _name, model, db, annotations = layouts[number]
        objects[number].append(_rebuild(model, db, annotations, json.loads(data) if isinstance(data, str) else data))
    for number, (name, _model, _db, _annotations) in enumerate(layouts):
        _fill_cache(instance, name, objects[number])


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
    annotations = {alias: expression.output_field for alias, expression in queryset.query.annotations.items()}
    ordering = list(queryset.query.order_by or model._meta.ordering or ()) + ["pk"]
    columns = {field.attname: F(field.attname) for field in model._meta.concrete_fields}
    rows = (
        queryset.filter(**{lookup: instance})
        .annotate(
            row_data=RowObject(**columns, **{alias: F(alias) for alias in annotations}),
            row_position=Window(RowNumber(), order_by=ordering),
        )
        .values_list("row_position", "row_data")
    )
    if high is None and not low:
        # The position says the order; sorting the part as well would only cost time.
        return rows.order_by(), annotations
    return rows.order_by(*ordering)[low:high], annotations


def _rebuild(model, db: str, annotations: dict, data: dict):
    fields = model._meta.concrete_fields
    obj = model.from_db(db, [f.attname for f in fields], [_python(f, data.get(f.attname)) for f in fields])
    for alias, output_field in annotations.items():
        setattr(obj, alias, _python(output_field, data.get(alias)))
    return obj


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
