"""What the OpenAPI description says of the API's refusals (newsroom/syndication/responses.py),
for every operation that takes a key."""

from ninja import Schema


class Refusal(Schema):
    detail: str
    code: str
    parameter: str | None = None


# Bad parameter, no valid key, a language the key may not read, nothing there, over the key's rate.
REFUSALS = dict.fromkeys((400, 401, 403, 404, 429), Refusal)
