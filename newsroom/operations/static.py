"""Static files as production serves them: whitenoise's compressed, hashed files, with the manifest
(`staticfiles.json`) optionally kept apart from STATIC_ROOT (settings.STATIC_MANIFEST_ROOT; README,
"The production recipe")."""

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ReleaseManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """The hashed files go to the STATIC_ROOT every release shares, the manifest to `manifest_root`, the
    release's own folder: another release's collectstatic never rewrites the manifest this one's workers
    read when they start, so a worker started mid-upgrade names its own release's files (with
    manifest_strict, a file the other release removed would be a 500)."""

    def __init__(self, *args, manifest_root=None, **kwargs):
        if manifest_root is not None:
            kwargs["manifest_storage"] = FileSystemStorage(location=manifest_root)
        super().__init__(*args, **kwargs)
