"""Keys for the API's tests, made as the admin makes them."""

from django.test import Client

from newsroom.syndication.models import ApiKey


def issued(languages: str = "|en|de|", **fields) -> tuple[ApiKey, str]:
    """A saved key and the full key its partner was given."""
    key = ApiKey(name=fields.pop("name", "Agencia Centro"), languages=languages, **fields)
    full = key.issue()
    key.save()
    return key, full


def partner(full_key: str | None = None, **options) -> Client:
    """A partner's HTTP client, sending `full_key` as the API asks."""
    headers = {"Authorization": f"Bearer {full_key}"} if full_key else {}
    return Client(headers=headers, **options)
