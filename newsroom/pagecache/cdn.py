"""Purging the caches in front of Django (Varnish, a hosted CDN) when the keys a page showed change.

`keys.invalidate` sends `keys_invalidated` once a change is committed; each backend named in
`CDN_PURGE_BACKENDS` then purges every cached response that named one of those keys in its
`Surrogate-Key` header. A backend is a dotted path, or a dict `{"BACKEND": path, "OPTIONS": {...}}`.

A purge that fails (the cache down, hung, refusing) never reaches the editor's save: the keys are
kept and sent again by a background retry, every few seconds and then less often, and with every
later purge, until the cache takes them. One warning is logged when purges start failing and one
when they go through again, never one per save. While a backend is known to be failing, saves do
not wait for it: their keys join the ones the retry sends.
"""

import http.client
import json
import logging
import threading
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from newsroom.operations import metrics

from .keys import keys_invalidated

logger = logging.getLogger(__name__)


class PurgeFailed(Exception):
    pass


class Purger:
    """A cache that forgets responses by key. Subclasses implement `send(batch)`, which raises
    PurgeFailed (or OSError) when the cache did not take the purge; batching, retries and logging
    are here.

    A hosted CDN's purge API is one HTTP request per batch: Fastly takes 256 surrogate keys in one
    request, Cloudflare 100 cache tags (its `Cache-Tag` response header is where those tags come
    from: copy `Surrogate-Key` into it at the edge, or in a middleware)."""

    # The most keys one request may carry, and (where they go in a header) their length.
    batch_size = 256
    batch_length: int | None = None
    # Seconds; a purge runs after the editor's commit, in their request.
    timeout = 1.0
    # Seconds between retries while a purge fails, doubling up to the last.
    retry_delays = (1, 2, 5, 10, 30)

    def __init__(self, **options):
        for name, value in options.items():
            if not hasattr(self, name):
                raise TypeError(f"{type(self).__name__} has no option {name!r}")
            setattr(self, name, value)
        self._lock = threading.Lock()
        # Keys not purged yet: sent by the retry, and with the next purge.
        self._pending: set[str] = set()
        self._failing_since: float | None = None
        self._retry: threading.Timer | None = None
        self._attempt = 0

    def __str__(self):
        return type(self).__name__

    def send(self, batch: list[str]) -> None:
        raise NotImplementedError

    def purge(self, keys: Iterable[str]) -> bool:
        """Purge `keys` now, or leave them to the retry if the cache is failing; whether they went."""
        with self._lock:
            self._pending.update(keys)
            if self._failing_since is not None:
                # The retry sends them; an editor's save does not wait for a cache that is down.
                return False
        return self._send_pending()

    def retry(self) -> bool:
        with self._lock:
            self._retry = None
        return self._send_pending()

    def _send_pending(self) -> bool:
        # Sent outside the lock: a save in another thread never waits for a hung cache.
        with self._lock:
            keys = sorted(self._pending)
        try:
            for batch in self._batches(keys):
                self.send(batch)
                with self._lock:
                    self._pending.difference_update(batch)
        except (PurgeFailed, OSError) as error:
            self._failed(error)
            return False
        with self._lock:
            if self._failing_since is not None:
                logger.warning(
                    "Purges at %s go through again after %.0f seconds", self, time.time() - self._failing_since
                )
                self._failing_since = None
                self._attempt = 0
        return True

    def _batches(self, keys: list[str]):
        batch, length = [], 0
        for key in keys:
            if batch and (
                len(batch) == self.batch_size or (self.batch_length and length + 1 + len(key) > self.batch_length)
            ):
                yield batch
                batch, length = [], 0
            batch.append(key)
            length += len(key) + 1
        if batch:
            yield batch

    def _failed(self, error: Exception):
        metrics.cdn_purge_failure()
        with self._lock:
            if self._failing_since is None:
                self._failing_since = time.time()
                logger.warning(
                    "Purges at %s fail (%s): pages it cached may be out of date until it takes them; retrying",
                    self,
                    error,
                )
            if self._retry is not None:
                return
            delay = self.retry_delays[min(self._attempt, len(self.retry_delays) - 1)]
            self._attempt += 1
            self._retry = threading.Timer(delay, self.retry)
            # A worker that stops does not wait for a cache that is down.
            self._retry.daemon = True
            self._retry.start()

    def stop(self):
        """Cancel the retry (tests; a process that stops)."""
        with self._lock:
            if self._retry is not None:
                self._retry.cancel()
                self._retry = None

    @property
    def pending(self) -> frozenset[str]:
        return frozenset(self._pending)

    def _request(self, method: str, url: str, headers: dict[str, str], body: bytes | None = None) -> bytes:
        parts = urlsplit(url)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=self.timeout)
        try:
            connection.request(method, parts.path or "/", body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        if response.status >= 300:
            raise PurgeFailed(f"{method} {url} answered {response.status} {response.reason}")
        return content


class VarnishPurger(Purger):
    """Varnish with `deploy/varnish/newsroom.vcl`: `PURGE` with the keys in an `xkey-purge` header,
    accepted from the addresses in the VCL's `purgers` ACL (and, if set, with the VCL's secret)."""

    url = "http://127.0.0.1:6081/"
    secret = ""
    # Varnish refuses a request header line over 8 KB (http_req_hdr_len).
    batch_length = 6000

    def __str__(self):
        return f"Varnish at {self.url}"

    def send(self, batch):
        headers = {"xkey-purge": " ".join(batch)}
        if self.secret:
            headers["X-Purge-Secret"] = self.secret
        self._request("PURGE", self.url, headers)


class FastlyPurger(Purger):
    """Fastly's batch surrogate-key purge (`POST /service/<id>/purge`, up to 256 keys)."""

    service_id = ""
    token = ""
    api_url = "https://api.fastly.com"
    # A soft purge marks the responses stale instead of removing them; stale is what we must not serve.
    soft = False

    def __str__(self):
        return f"Fastly service {self.service_id}"

    def send(self, batch):
        headers = {"Fastly-Key": self.token, "Content-Type": "application/json", "Accept": "application/json"}
        if self.soft:
            headers["Fastly-Soft-Purge"] = "1"
        body = json.dumps({"surrogate_keys": batch}).encode()
        self._request("POST", f"{self.api_url}/service/{self.service_id}/purge", headers, body)


class CloudflarePurger(Purger):
    """Cloudflare's purge by cache tag (`POST /zones/<id>/purge_cache`, up to 100 tags a request)."""

    zone_id = ""
    token = ""
    api_url = "https://api.cloudflare.com/client/v4"
    batch_size = 100

    def __str__(self):
        return f"Cloudflare zone {self.zone_id}"

    def send(self, batch):
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        content = self._request(
            "POST", f"{self.api_url}/zones/{self.zone_id}/purge_cache", headers, json.dumps({"tags": batch}).encode()
        )
        # Cloudflare answers 200 with `"success": false` for some refusals.
        if not json.loads(content or b"{}").get("success", False):
            raise PurgeFailed(f"Cloudflare refused the purge: {content[:200]!r}")


def load(config) -> Purger:
    if isinstance(config, str):
        config = {"BACKEND": config}
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


_backends: list[Purger] | None = None


def backends() -> list[Purger]:
    global _backends
    if _backends is None:
        _backends = [load(config) for config in settings.CDN_PURGE_BACKENDS]
    return _backends


@receiver(setting_changed)
def reload_backends(setting, **kwargs):
    global _backends
    if setting == "CDN_PURGE_BACKENDS" and _backends is not None:
        for backend in _backends:
            backend.stop()
        _backends = None


@receiver(keys_invalidated)
def purge(sender, keys, **kwargs):
    for backend in backends():
        backend.purge(keys)
