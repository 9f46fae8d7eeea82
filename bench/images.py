"""What making an image's renditions costs (newsroom/uploads/renditions.py): CPU per step, spec and
format, and the peak memory of a process doing it, for the originals a newsroom gets. Files are made
here (photo-like: soft colour, edges and grain; see tests/uploads/images.py) and each is encoded in a
process of its own, so its peak memory is its own.

    .venv/bin/python bench/images.py                 # every original, every spec
    .venv/bin/python bench/images.py --avif-speeds   # and AVIF's speed 6 against 8 for the lead widths
    .venv/bin/python bench/images.py --first-request # one rendition alone, as the making view makes it
    .venv/bin/python bench/images.py --markup        # what `{% picture %}` costs a page, per picture

CPU is the process's (`time.process_time`): it holds on a busy machine where wall time does not, and
every encoder runs on one thread (AVIF's `max_threads=1`).
"""

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw  # noqa: E402

from newsroom.uploads import renditions  # noqa: E402
from tests.uploads.images import photo_like  # noqa: E402

CASES = [
    ("24 MP agency photo, JPEG", "photo-24.jpg"),
    ("45 MP press camera (Nikon Z 9), JPEG", "photo-45.jpg"),
    ("12 MP phone photo, WebP", "phone-12.webp"),
    ("6 MP graphic with transparency, PNG", "graphic-6.png"),
]


def graphic(size) -> Image.Image:
    """An infographic or logo: flat colours, hard edges, text-like strokes, on a transparent ground."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    width, height = size
    for bar in range(12):
        left = width * (bar + 1) // 14
        draw.rectangle((left, height * (bar % 5 + 2) // 9, left + width // 20, height * 8 // 9), fill=(0, 90, 160, 255))
    for line in range(40):
        y = height // 20 + line * height // 48
        draw.line((width // 30, y, width // 3 + (line * 37) % (width // 2), y), fill=(30, 30, 30, 255), width=6)
    draw.ellipse((width * 2 // 3, height // 12, width * 11 // 12, height // 2), fill=(230, 120, 0, 200))
    return image


def make_originals(folder: Path):
    saved = {
        "photo-24.jpg": (lambda: photo_like((6000, 4000)), "JPEG", {"quality": 92}),
        "photo-45.jpg": (lambda: photo_like((8256, 5504)), "JPEG", {"quality": 90}),
        "phone-12.webp": (lambda: photo_like((4032, 3024)), "WEBP", {"quality": 85}),
        "graphic-6.png": (lambda: graphic((3000, 2000)), "PNG", {}),
    }
    for name, (picture, image_format, options) in saved.items():
        picture().save(folder / name, image_format, **options)


def memory() -> dict[str, int]:
    """The process's resident memory now and at its peak, in kB (Linux). Not getrusage's ru_maxrss,
    which a process keeps across exec: the child would report the parent's peak."""
    lines = Path("/proc/self/status").read_text().splitlines()
    return {line.split(":")[0]: int(line.split()[1]) for line in lines if line.startswith(("VmRSS", "VmHWM"))}


def measure(path: Path) -> dict:
    """Run in a process of its own: every rendition of the file at `path`, timed step by step."""
    data = path.read_bytes()
    before = memory()["VmRSS"]
    started = time.process_time()
    facts = renditions.source_facts(data)
    facts_ms = (time.process_time() - started) * 1000
    planned = renditions.plan(facts.width, facts.height, 50, 50, has_alpha=facts.has_alpha)
    xmp = renditions.rendition_xmp(credit="Cuartoscuro", copyright_notice="© 2026 Cuartoscuro")
    started = time.process_time()
    image = renditions.decoded(data, planned)
    decode_ms = (time.process_time() - started) * 1000
    cpu = defaultdict(float)  # (spec, step) → ms; a step is "resize" or a format
    size = defaultdict(int)  # (spec, format) → bytes
    sizes = renditions.sized(image, planned)
    last = None
    while True:
        started = time.process_time()
        try:
            rendition, pixels = next(sizes)
        except StopIteration:
            break
        if pixels is not last:
            cpu[rendition.spec, "resize"] += (time.process_time() - started) * 1000
            last = pixels
        started = time.process_time()
        output = renditions.saved(pixels, rendition, xmp)
        cpu[rendition.spec, rendition.format] += (time.process_time() - started) * 1000
        size[rendition.spec, rendition.format] += len(output)
    peak = memory()["VmHWM"]
    return {
        "original": f"{facts.width} × {facts.height}, {len(data) / 1e6:.1f} MB",
        "decoded": f"{image.width} × {image.height}",
        "facts_ms": facts_ms,
        "decode_ms": decode_ms,
        "renditions": len(planned),
        "cpu": [[spec, step, ms] for (spec, step), ms in cpu.items()],
        "bytes": [[spec, step, n] for (spec, step), n in size.items()],
        "peak_mb": peak / 1024,
        "added_mb": (peak - before) / 1024,
    }


def avif_speeds(path: Path) -> list[tuple]:
    """The lead widths of `path` in AVIF at speed 6 and 8 (quality 55), and WebP and JPEG for scale."""
    data = path.read_bytes()
    facts = renditions.source_facts(data)
    planned = [p for p in renditions.plan(facts.width, facts.height) if p.spec == "lead"]
    image = renditions.decoded(data, planned)
    rows = []
    for rendition, resized in renditions.sized(image, planned):
        if rendition.format != "AVIF":
            continue
        row = [rendition.width]
        for image_format, options in (
            ("AVIF", {"quality": 55, "speed": 6, "max_threads": 1}),
            ("AVIF", renditions.SAVE_OPTIONS["AVIF"]),
            ("WEBP", renditions.SAVE_OPTIONS["WEBP"]),
            ("JPEG", renditions.SAVE_OPTIONS["JPEG"]),
        ):
            buffer = io.BytesIO()
            started = time.process_time()
            resized.save(buffer, image_format, **options)
            row.append((len(buffer.getvalue()) / 1000, (time.process_time() - started) * 1000))
        rows.append(row)
    return sorted(rows)


def first_request(path: Path) -> list[tuple[str, float, float]]:
    """One rendition made alone from `path`, as the making view makes it for a reader while no
    worker made the set: (name, CPU ms, wall ms), the original decoded for it alone."""
    data = path.read_bytes()
    facts = renditions.source_facts(data)
    planned = renditions.plan(facts.width, facts.height)
    rows = []
    for name in ("card-800x533.avif", "card-800x533.webp", "card-800x533.jpg", "lead-1600x1067.avif"):
        wanted = [p for p in planned if p.name == name]
        cpu, wall = time.process_time(), time.perf_counter()
        for _rendition, _data in renditions.encode(data, wanted):
            pass
        rows.append((name, (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
    return rows


def markup(repeat: int = 2000) -> dict[str, float]:
    """µs of CPU per `{% picture %}` of a ready image (a card's, a lead's), planned from the row."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    django.setup()
    from newsroom.images.models import Image as LibraryImage
    from newsroom.images.templatetags.pictures import picture

    # New rows for each spec, as each card of a list is: nothing planned on the instance yet. Made
    # beforehand: reading them is the query's cost, counted by the page benchmarks.
    timings = {}
    for spec in ("card", "lead", "square"):
        images = [
            LibraryImage(
                pk=number + 1,
                file="images/originals/x.jpg",
                width=6000,
                height=4000,
                renditions_key="3f9c2e71d0a4b8e65c17",
                renditions_ready=True,
            )
            for number in range(repeat)
        ]
        started = time.process_time()
        for image in images:
            picture(image, spec, alt="Workers on the line")
        timings[spec] = (time.process_time() - started) / repeat * 1e6
    return timings


def in_child(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(path)], capture_output=True, text=True, check=True, timeout=600
    )
    return json.loads(done.stdout)


def report(results: dict[str, dict]):
    print("| original | decoded at | files | decode | resize | AVIF | WebP | JPEG/PNG | CPU in all | peak RSS (+set) |")
    print("| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: |")
    for name, result in results.items():
        steps = defaultdict(float)
        for _spec, step, ms in result["cpu"]:
            steps["JPEG/PNG" if step in ("JPEG", "PNG") else step] += ms
        total = result["facts_ms"] + result["decode_ms"] + sum(steps.values())
        print(
            f"| {name} ({result['original']}) | {result['decoded']} | {result['renditions']} "
            f"| {result['facts_ms'] + result['decode_ms']:.0f} ms | {steps['resize']:.0f} ms | {steps['AVIF']:.0f} ms "
            f"| {steps['WEBP']:.0f} ms | {steps['JPEG/PNG']:.0f} ms | {total:.0f} ms "
            f"| {result['peak_mb']:.0f} MB (+{result['added_mb']:.0f}) |"
        )
    for name, result in results.items():
        print(f"\n{name}: CPU ms per spec and format (all widths), and the files' bytes\n")
        print("| spec | resize | AVIF | WebP | JPEG/PNG | bytes AVIF / WebP / JPEG or PNG |")
        print("| --- | --: | --: | --: | --: | --- |")
        cpu = {(spec, step): ms for spec, step, ms in result["cpu"]}
        size = {(spec, step): n for spec, step, n in result["bytes"]}
        for spec in renditions.SPECS:
            fallback = "PNG" if (spec, "PNG") in cpu else "JPEG"
            cells = [f"{cpu[spec, step]:.0f}" if (spec, step) in cpu else "–" for step in ("resize", "AVIF", "WEBP")]
            cells.append(f"{cpu[spec, fallback]:.0f} ({fallback})" if (spec, fallback) in cpu else "–")
            sizes = " / ".join(
                f"{size[spec, step] / 1000:.0f} KB" if (spec, step) in size else "–"
                for step in ("AVIF", "WEBP", fallback)
            )
            print(f"| {spec} | {' | '.join(cells)} | {sizes} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--avif-speeds", action="store_true", help="also AVIF speed 6 against 8 for the lead widths")
    parser.add_argument("--first-request", action="store_true", help="only: one rendition alone, per format")
    parser.add_argument("--markup", action="store_true", help="only: the picture tag's CPU per picture")
    arguments = parser.parse_args()
    if arguments.markup:
        print("| spec | CPU per picture |\n| --- | --: |")
        for spec, microseconds in markup().items():
            print(f"| {spec} | {microseconds:.0f} µs |")
        return
    if arguments.first_request:
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            photo_like((6000, 4000)).save(folder / "photo-24.jpg", "JPEG", quality=92)
            print("| rendition (of a 24 MP JPEG) | CPU | wall |\n| --- | --: | --: |")
            for name, cpu, wall in first_request(folder / "photo-24.jpg"):
                print(f"| {name} | {cpu:.0f} ms | {wall:.0f} ms |")
        return
    if arguments.measure:
        print(json.dumps(measure(arguments.measure)))
        return
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        make_originals(folder)
        report({name: in_child(folder / file) for name, file in CASES})
        if arguments.avif_speeds:
            print("\nThe 24 MP photo's lead widths: KB and CPU ms per file\n")
            print("| width | AVIF q55 speed 6 | AVIF q55 speed 8 | WebP q78 | JPEG q80 progressive |")
            print("| --: | --: | --: | --: | --: |")
            for width, *cells in avif_speeds(folder / "photo-24.jpg"):
                print(f"| {width} | " + " | ".join(f"{kb:.0f} KB, {ms:.0f} ms" for kb, ms in cells) + " |")


if __name__ == "__main__":
    main()
