def parse_id(value) -> int | None:
    """A database id from a URL or a query string: ASCII digits that fit a bigint, else None.

    `str.isdigit()` alone lets through "²" and "٣" (int() refuses the first) and numbers too big for
    the database's integer column.
    """
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None
