"""Reader demand: how often readers of a language read an object while its translation into that
language was still to do. The translation queue puts the most wanted first.

Reads are counted by `newsroom.popularity`, which sits above the content apps and this one: it
tells this module how to sum them (`count_reads_with`, from its AppConfig.ready), so that the queue
names no app above its own and works, unranked, without it.
"""

from collections.abc import Callable

from django.db.models import Expression, OuterRef

# Model → a function of (the object's id, the language), both outer references, giving the sum of
# its recent reads in that language as a subquery.
_reads: dict[type, Callable[[OuterRef, OuterRef], Expression]] = {}


def count_reads_with(model, reads: Callable[[OuterRef, OuterRef], Expression]):
    _reads[model] = reads


def models_with_reads() -> list[type]:
    return list(_reads)


def recent_reads(model, object_id: OuterRef, language: OuterRef) -> Expression | None:
    """The recent reads of the object `object_id` in `language`, as a subquery; None where nobody counts them."""
    reads = _reads.get(model)
    return reads(object_id, language) if reads else None
