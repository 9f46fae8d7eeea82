"""How long an image upload's checks take: the format and pixel checks with their one decode
(newsroom/uploads/rules.py), the reading of what the file says of itself (newsroom/uploads/reading.py,
with a C2PA manifest where it has one) and the removal of personal metadata
(newsroom/uploads/containers.py, then metadata.py), for the photos a newsroom gets. Files are made
here; photo-like detail (noise) is the slow case for a decoder.

    .venv/bin/python bench/uploads.py
"""

import io
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from newsroom.uploads.metadata import without_personal_metadata  # noqa: E402
from newsroom.uploads.reading import read_metadata  # noqa: E402
from newsroom.uploads.rules import inspect_image  # noqa: E402
from tests.uploads.content_credentials import created, signed  # noqa: E402
from tests.uploads.images import CREDITS, PERSONAL, with_metadata  # noqa: E402

CASES = [
    ("24 MP agency photo", "JPEG", (6000, 4000), {"quality": 92}),
    ("24 MP generated image, Content Credentials", "JPEG", (6000, 4000), {"quality": 92, "signed": True}),
    ("45 MP press camera (Nikon Z 9)", "JPEG", (8256, 5504), {"quality": 90}),
    ("24 MP WebP", "WEBP", (6000, 4000), {"quality": 85}),
    ("24 MP PNG graphic", "PNG", (6000, 4000), {}),
]


def made(image_format, size, options) -> bytes:
    image = Image.new("RGB", size, "teal") if image_format == "PNG" else Image.effect_noise(size, 50).convert("RGB")
    buffer = io.BytesIO()
    is_signed = options.pop("signed", False)
    image.save(buffer, image_format, **options)
    data = with_metadata(buffer.getvalue(), {**CREDITS, **PERSONAL})
    return signed(data, image_format, created("trainedAlgorithmicMedia")) if is_signed else data


def main():
    print("| upload | size | checks | metadata read | metadata removed |")
    print("| --- | --- | --- | --- | --- |")
    for name, image_format, size, options in CASES:
        data = made(image_format, size, options)
        upload = SimpleUploadedFile(f"photo.{image_format.lower().replace('jpeg', 'jpg')}", data)
        started = time.perf_counter()
        inspect_image(upload)
        checked = time.perf_counter() - started
        started = time.perf_counter()
        read_metadata(data)
        read = time.perf_counter() - started
        started = time.perf_counter()
        without_personal_metadata(data, image_format)
        cleaned = time.perf_counter() - started
        print(
            f"| {name} | {len(data) / 1e6:.1f} MB | {checked * 1000:.0f} ms | {read * 1000:.1f} ms "
            f"| {cleaned * 1000:.0f} ms |"
        )
    print(f"\nPeak memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
