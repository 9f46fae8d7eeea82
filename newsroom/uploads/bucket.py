"""django-storages' S3 storage, failing as Django's own storages fail: with FileNotFoundError for a
missing file, with StorageUnavailable (an OSError) for the rest. Imported only when a bucket is
first used (storage.py says why)."""

import functools

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

# Connection refused or timed out, no credentials (BotoCoreError); an answer refusing the call, such as
# AccessDenied or NoSuchBucket (ClientError); an upload that failed after its retries (Boto3Error).
FAILURES = (BotoCoreError, ClientError, Boto3Error)


class StorageUnavailable(OSError):
    """The bucket did not do what was asked: down, unreachable, or refusing. Callers catch OSError,
    as for a full disk, and need not import this (nor boto3 with it)."""


def failing_as_oserror(method):
    @functools.wraps(method)
    def call(self, name, *args, **kwargs):
        try:
            return method(self, name, *args, **kwargs)
        except FAILURES as error:
            if isinstance(error, ClientError) and error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"No {name!r} in the bucket {self.bucket_name!r}") from error
            raise StorageUnavailable(f"The bucket {self.bucket_name!r} failed on {name!r}: {error}") from error

    return call


class Bucket(S3Storage):
    def __init__(self, *, client: dict, **options):
        # Our client settings replace the storage's own, so the addressing style goes in them too.
        config = Config(s3={"addressing_style": options.get("addressing_style")}, **client)
        super().__init__(client_config=config, **options)

    _open = failing_as_oserror(S3Storage._open)
    _save = failing_as_oserror(S3Storage._save)
    delete = failing_as_oserror(S3Storage.delete)
    exists = failing_as_oserror(S3Storage.exists)
    listdir = failing_as_oserror(S3Storage.listdir)
    size = failing_as_oserror(S3Storage.size)
    get_modified_time = failing_as_oserror(S3Storage.get_modified_time)
