"""Machine translation: a suggestion a translator may take, never a translation by itself.

Off unless `TRANSLATION_MACHINE` names a provider: `{"BACKEND": dotted path, "OPTIONS": {...}}`
(newsroom/settings.py fills it from the environment). A provider turns a list of texts (a segment's
inner HTML, links and emphasis included) into their translations in one or a few HTTP requests.
One that is down, slow or refusing raises `Unavailable`; the page then says so and works on.
"""

import hashlib
import http.client
import json
import logging
from html import escape, unescape
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import strip_tags
from django.utils.module_loading import import_string

from . import segments

logger = logging.getLogger(__name__)


class Unavailable(Exception):
    """The provider gave no translation: unreachable, too slow, or it answered an error."""


class Provider:
    """A machine translation service. Subclasses implement `request(texts, source, target)` for at
    most `batch_size` texts; batching, the HTTP call and its failures are here."""

    name = ""
    url = ""
    key = ""
    # Seconds for connecting and for each read: the translator waits for the page meanwhile.
    timeout = 5.0
    batch_size = 50

    def __init__(self, **options):
        for option, value in options.items():
            if not hasattr(self, option):
                raise TypeError(f"{type(self).__name__} has no option {option!r}")
            setattr(self, option, value)

    def __str__(self):
        return self.name or type(self).__name__

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """`texts` (HTML fragments) translated from `source` into `target`, in order."""
        translated = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            answer = self.request(batch, source, target)
            if len(answer) != len(batch) or not all(isinstance(text, str) for text in answer):
                raise Unavailable(f"{self} answered {len(answer)} texts for {len(batch)}")
            translated += answer
        return translated

    def request(self, texts: list[str], source: str, target: str) -> list[str]:
        raise NotImplementedError

    def base_url(self) -> str:
        return self.url

    def post_json(self, path: str, payload: dict, headers: dict[str, str] | None = None):
        parts = urlsplit(self.base_url().rstrip("/") + path)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=self.timeout)
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}
        try:
            connection.request("POST", parts.path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            raise Unavailable(f"{self}: {error!r}") from error
        finally:
            connection.close()
        if response.status != 200:
            raise Unavailable(f"{self} answered {response.status} {response.reason}: {content[:200]!r}")
        try:
            return json.loads(content)
        except ValueError as error:
            raise Unavailable(f"{self} answered no JSON: {content[:200]!r}") from error


class DeepL(Provider):
    """DeepL's API v2 (`POST /v2/translate`). Without a `url`, the free plan's keys (ending in
    ":fx") use https://api-free.deepl.com and paid plans' https://api.deepl.com, as DeepL's own
    client libraries choose."""

    name = "DeepL"

    def base_url(self):
        if self.url:
            return self.url
        return "https://api-free.deepl.com" if self.key.endswith(":fx") else "https://api.deepl.com"

    # DeepL takes at most 50 texts in one request.
    batch_size = 50

    def request(self, texts, source, target):
        answer = self.post_json(
            "/v2/translate",
            {
                "text": texts,
                "source_lang": source.upper(),
                "target_lang": target.upper(),
                # The texts are HTML: tags are kept, and only the words between them translated.
                "tag_handling": "html",
            },
            {"Authorization": f"DeepL-Auth-Key {self.key}"},
        )
        try:
            return [item["text"] for item in answer["translations"]]
        except (KeyError, TypeError) as error:
            raise Unavailable(f"{self} answered without translations: {answer!r:.200}") from error


class LibreTranslate(Provider):
    """LibreTranslate's API (`POST /translate`), self-hosted or a hosted instance; `key` where the
    instance asks for one."""

    name = "LibreTranslate"
    url = "http://127.0.0.1:5000"

    def request(self, texts, source, target):
        payload = {"q": texts, "source": source, "target": target, "format": "html"}
        if self.key:
            payload["api_key"] = self.key
        answer = self.post_json("/translate", payload)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, list):
            raise Unavailable(f"{self} answered without translations: {answer!r:.200}")
        return translated


PROVIDERS = {
    "deepl": "newsroom.translations.machine.DeepL",
    "libretranslate": "newsroom.translations.machine.LibreTranslate",
}

_provider: Provider | None = None
_loaded = False


def load(config: dict) -> Provider:
    backend = PROVIDERS.get(config["BACKEND"].lower(), config["BACKEND"])
    return import_string(backend)(**config.get("OPTIONS", {}))


def provider() -> Provider | None:
    """The configured provider, or None: machine translation is off (or misconfigured, which
    the system check `translations.E001` reports)."""
    global _provider, _loaded
    if not _loaded:
        config = settings.TRANSLATION_MACHINE
        try:
            _provider = load(config) if config else None
        except (ImportError, TypeError, KeyError, AttributeError):
            logger.exception("TRANSLATION_MACHINE names no usable provider: machine translation is off")
            _provider = None
        _loaded = True
    return _provider


def check_configuration(app_configs=None, **kwargs):
    """A provider that cannot be built is reported when the site starts, not found by a translator."""
    config = settings.TRANSLATION_MACHINE
    if not config:
        return []
    try:
        load(config)
    except (ImportError, TypeError, KeyError, AttributeError) as error:
        return [
            checks.Error(
                f"TRANSLATION_MACHINE names no usable provider: {error}",
                hint='Set TRANSLATION_MACHINE to "deepl", "libretranslate" or the dotted path of a Provider subclass.',
                id="translations.E001",
            )
        ]
    return []


@receiver(setting_changed)
def reload_provider(setting, **kwargs):
    global _provider, _loaded
    if setting == "TRANSLATION_MACHINE":
        _provider, _loaded = None, False


def suggest(texts: list[str], source: str, target: str) -> list[str] | None:
    """The configured provider's translations of `texts`, or None where it is off or gave none
    (logged): the page then works without them."""
    machine = provider()
    if machine is None or not texts:
        return None
    try:
        return machine.translate(texts, source, target)
    except Unavailable as error:
        logger.warning("Machine translation unavailable: %s", error)
    except Exception:
        # A misconfigured provider (a URL without a host, a subclass's bug) is a missing suggestion,
        # not a translation page that fails.
        logger.exception("Machine translation failed")
    return None


def as_html(text: str, *, rich: bool) -> str:
    """What a provider is sent: rich text as it is; plain text escaped, so "AT&T" stays as typed."""
    return text if rich else escape(text, quote=False)


def from_html(text: str, *, rich: bool) -> str:
    """A provider's answer as the field takes it; rich text is sanitized by the field afterwards."""
    return text if rich else unescape(strip_tags(text))


def same_text(typed: str, suggested: str) -> bool:
    """Taken unchanged: the same words, whatever the browser did to line breaks and spaces."""
    return typed.split() == suggested.split()


# A machine text taken unchanged is recorded by its words (`Translation.machine_translated`), not by
# the input it was typed into: a paragraph inserted before it moves it to another input, and it is
# still the machine's. Earlier records name the input ("body-s3") and keep the rule they were made by.
TAKEN = "words:"


def taken_key(text: str) -> str:
    words = " ".join(unescape(strip_tags(text or "")).split())
    return TAKEN + hashlib.sha256(words.encode()).hexdigest()[:32]


def still_present(taken: dict[str, str], texts) -> dict[str, str]:
    """The records of `taken` whose machine text is still, word for word, a text or a segment of
    one among `texts` (what readers get, or will get): the label stays exactly as long as that."""
    present = set()
    for text in texts:
        present.add(taken_key(text))
        present.update(taken_key(segment.html) for segment in (*segments.split(text), *segments.paragraphs(text)))
    return {key: provider for key, provider in taken.items() if not key.startswith(TAKEN) or key in present}
