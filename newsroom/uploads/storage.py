"""Media in an S3-compatible bucket (settings.py, "Files": S3_BUCKET), through Django's storage API.

`BucketStorage` is django-storages' S3 storage with two differences that matter to a news site:

- It is made at the first call that needs the bucket. Importing django-storages' S3 module imports
  boto3 and botocore (+18 MB and 130 ms per process, +28 MB more for a client), and a process
  serving pages needs neither: it only names media, and `url()` is `MEDIA_URL` and the name, with
  no request and no signature (the bucket's policy decides what readers may fetch; a CDN may stand
  in front of it). `tests/test_worker_memory.py` keeps it so.
- It fails as Django's own storages fail, with an `OSError` (bucket.py), so the callers that
  survive a full disk (an upload form, a kept upload, an import) survive a bucket that is down,
  refuses or cannot be reached, without knowing which storage they have.
"""

from django.conf import settings
from django.core import checks
from django.utils.encoding import filepath_to_uri
from django.utils.functional import LazyObject, empty

BACKEND = "newsroom.uploads.storage.BucketStorage"


class BucketStorage(LazyObject):
    """django-storages' `S3Storage` (options as it takes them), plus `connect_timeout`,
    `read_timeout` and `max_attempts` for its client."""

    def __init__(self, *, connect_timeout: float = 3, read_timeout: float = 20, max_attempts: int = 3, **options):
        # LazyObject hands every attribute set on it to the wrapped object: these are its own.
        self.__dict__["options"] = options
        self.__dict__["client"] = {
            "connect_timeout": connect_timeout,
            "read_timeout": read_timeout,
            "retries": {"mode": "standard", "max_attempts": max_attempts},
        }
        super().__init__()

    def _setup(self):
        # boto3 and botocore: loaded here, by the first upload, the worker or a command (see above).
        from .bucket import Bucket

        self._wrapped = Bucket(client=self.client, **self.options)

    def url(self, name):
        return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"

    def __repr__(self):
        state = "not connected" if self._wrapped is empty else "connected"
        return f"<BucketStorage {self.options.get('bucket_name')!r}, {state}>"


def check_media_url(app_configs, **kwargs):
    """Media in a bucket reach readers from the bucket (or a CDN before it), never from this site."""
    in_bucket = [alias for alias, storage in settings.STORAGES.items() if storage.get("BACKEND") == BACKEND]
    if not in_bucket or settings.MEDIA_URL.startswith(("https://", "http://")) and settings.MEDIA_URL.endswith("/"):
        return []
    return [
        checks.Error(
            f"MEDIA_URL is {settings.MEDIA_URL!r}, but media are kept in a bucket (S3_BUCKET): pages would link "
            "to files this site does not have.",
            hint="Set MEDIA_URL to the address where the bucket's objects can be read, ending in /: a CDN in front "
            "of it (https://media.example.com/) or the bucket itself (https://BUCKET.s3.REGION.amazonaws.com/).",
            id="uploads.E001",
        )
    ]
