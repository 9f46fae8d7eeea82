"""The code map of issue 14: import cycles, imports that run upward against the layers, imports hidden
inside functions, the largest modules and the template lines over 120 characters.

    .venv/bin/python bench/code_map.py            # the figures as Markdown, then what they count
    .venv/bin/python bench/code_map.py --check    # exits 1 unless the import map is as issue 14 asks

It reads the source with `ast` and imports nothing of the project, so it needs no settings and no
database. Modules are those of `newsroom/` without migrations (generated history, not design). An
import counts where it runs: at the top of a module, in a class body or inside a function; imports
under `if TYPE_CHECKING:` never run and are left out. `from newsroom.pagecache import keys` is an
import of `newsroom.pagecache.keys`.
"""

import argparse
import ast
import io
import sys
import tokenize
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "newsroom"
LONG_TEMPLATE_LINE = 120
MAX_UPWARD = 3

# The layers, bottom to top: a module may import its own layer and those below. A module belongs to
# the longest prefix that names it (`newsroom.pagecache.invalidation` before `newsroom.pagecache`).
# The order is README's "Architecture" and STYLE.md's: places <- organizations <- people <- events
# <- articles, translations under all of them, the workflows over articles above, the project's glue
# on top. A module outside the apps sits as low as what it imports allows.
LAYERS = (
    (
        "foundation",
        # Import no app: ids and slugs, external identifiers (Wikidata, LEI, GeoNames), images and
        # uploads, the database and cache plumbing, the page cache's keys and stores, lists and
        # prefetching, lost-update guard, logins and roles, the JSON-LD graph (fed its values by the
        # views) and the previews (which call the views by URL); requests to other servers, bounded;
        # the background worker, which runs tasks by their dotted paths;
        # running the site (request log, health probes, log format, release, read replicas, backups).
        (
            "newsroom.admin_site",
            "newsroom.clients",
            "newsroom.content_security",
            "newsroom.database_restarts",
            "newsroom.edit_conflicts",
            "newsroom.error_pages",
            "newsroom.formats",
            "newsroom.identifiers",
            "newsroom.ids",
            "newsroom.logins",
            "newsroom.operations",
            "newsroom.pagecache",
            "newsroom.passwords",
            "newsroom.postgresql",
            "newsroom.prefetching",
            "newsroom.previews",
            "newsroom.backups",
            "newsroom.replicas",
            "newsroom.reversing",
            "newsroom.roles",
            "newsroom.shared_cache",
            "newsroom.structured_data",
            "newsroom.outbound",
            "newsroom.uploads",
            "newsroom.version",
            "newsroom.worker",
        ),
    ),
    # What every content model is built on; the rich-text field is a translated field's type. The
    # admin's history (django-reversion, diffing translated fields) and entrance (who may log in:
    # a translator needs a language) import translations only, and its admin base builds on them.
    (
        "translations",
        ("newsroom.translations", "newsroom.richtext", "newsroom.revisions", "newsroom.admin_access"),
    ),
    # Taking an entity down: a translated queryset and admin, which places and those above use.
    ("publishing", ("newsroom.publishing",)),
    # The base of every public page and filtered list: the reader's language rule, which the apps'
    # views build on.
    ("public pages", ("newsroom.public_pages", "newsroom.listing")),
    # The image library: what every entity and article shows its pictures from (they point at it).
    ("images", ("newsroom.images",)),
    ("places", ("newsroom.places",)),
    ("organizations", ("newsroom.organizations",)),
    ("people", ("newsroom.people",)),
    # The article links its events (editors pick them on the article form): events sit below.
    ("events", ("newsroom.events",)),
    ("articles", ("newsroom.articles",)),
    # What happens to articles: their editorial life, their readers, the newsletter that sends them.
    # … how readers find them, and how partners receive them.
    (
        "workflows",
        (
            "newsroom.editorial",
            "newsroom.planning",
            "newsroom.popularity",
            "newsroom.newsletter",
            "newsroom.search",
            "newsroom.syndication",
            "newsroom.webhooks",
            "newsroom.imports",
        ),
    ),
    (
        "project",
        # What knows every app: settings and URLs, the home page, sitemaps, the navigation, cookie
        # consent's page, the demo; the page cache's invalidation and schedule, which name every
        # public model (the models below announce a bulk update by a signal they listen to), and
        # its middleware.
        (
            "newsroom.settings",
            "newsroom.urls",
            "newsroom.api_urls",
            "newsroom.wsgi",
            "newsroom.views",
            "newsroom.sitemaps",
            "newsroom.context_processors",
            "newsroom.consent",
            "newsroom.demo",
            "newsroom.pagecache.apps",
            "newsroom.pagecache.invalidation",
            "newsroom.pagecache.middleware",
            "newsroom.pagecache.schedule",
        ),
    ),
)

# Imports that may run upward, by (importing, imported) module prefix, each with its reason.
# At most MAX_UPWARD import statements may run upward, and only these.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {
    ("newsroom.translations.admin.queue", "newsroom.articles.models"): (
        "the translation queue's section filter: translators work through a desk's articles, and "
        "only articles have a section"
    ),
    ("newsroom.structured_data", "newsroom.images.sharing"): (
        "the JSON-LD graph gives a picture as machines get it everywhere (its social rendition and "
        "size), which only the image library works out; the image model cannot lend it a method, "
        "since the renditions read the model"
    ),
}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str  # a module of the package, or the first name of any other import
    path: str  # from the project's root
    line: int
    in_function: bool
    commented: bool

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def python_files(root: Path = ROOT) -> list[Path]:
    return sorted(path for path in (root / PACKAGE).rglob("*.py") if "migrations" not in path.parts)


def layer_of(module: str) -> int | None:
    if module == PACKAGE:  # its empty __init__.py; a prefix of every module, so never matched as one
        return len(LAYERS) - 1
    best, found = -1, None
    for number, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), number
    return found


def layer_name(module: str) -> str:
    number = layer_of(module)
    return "?" if number is None else LAYERS[number][0]


def _comment_lines(source: str) -> set[int]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {token.start[0] for token in tokens if token.type == tokenize.COMMENT}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, path: Path, root: Path, source: str, modules: set[str]):
        self.module, self.path, self.modules = module, str(path.relative_to(root)), modules
        self.lines = source.splitlines()
        self.comments = _comment_lines(source)
        self.package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        self.function_depth = 0
        self.found: list[Import] = []

    def visit_FunctionDef(self, node):
        self.function_depth += 1
        self.generic_visit(node)
        self.function_depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node):
        if _is_type_checking(node):
            self.visit(node.test)
            self._visit_block(node.orelse)
        else:
            self.generic_visit(node)

    def generic_visit(self, node):
        # Block by block, so that an import can see the imports just before it.
        blocks = [getattr(node, field, None) for field in ("body", "orelse", "finalbody")]
        for block in blocks:
            if isinstance(block, list):
                self._visit_block(block)
        for child in ast.iter_child_nodes(node):
            if not any(isinstance(block, list) and child in block for block in blocks):
                self.visit(child)

    def _visit_block(self, block: list[ast.stmt]) -> None:
        for index, child in enumerate(block):
            if isinstance(child, ast.Import | ast.ImportFrom):
                self._add(child, block, index)
            else:
                self.visit(child)

    def _commented(self, block: list[ast.stmt], index: int) -> bool:
        """A comment on the import's lines, or whole-line comments just above it or above the run of
        imports it ends (blank lines between them allowed)."""
        node = block[index]
        if any(line in self.comments for line in range(node.lineno, node.end_lineno + 1)):
            return True
        while index > 0 and isinstance(block[index - 1], ast.Import | ast.ImportFrom):
            index -= 1
        above = block[index].lineno - 1
        return above >= 1 and above in self.comments and self.lines[above - 1].lstrip().startswith("#")

    def _targets(self, node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.Import):
            return [alias.name for alias in node.names]
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        if module != PACKAGE and not module.startswith(PACKAGE + "."):
            return [module]
        submodules = [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in self.modules]
        return submodules or [module]

    def _add(self, node, block, index):
        commented = self.function_depth > 0 and self._commented(block, index)
        for target in self._targets(node):
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                while target not in self.modules and "." in target:
                    target = target.rpartition(".")[0]
            else:
                target = target.partition(".")[0]
            if target != self.module:
                self.found.append(
                    Import(self.module, target, self.path, node.lineno, self.function_depth > 0, commented)
                )


def find_imports(root: Path = ROOT) -> list[Import]:
    paths = python_files(root)
    modules = {module_name(path, root) for path in paths}
    found = []
    for path in paths:
        source = path.read_text()
        collector = _Collector(module_name(path, root), path, root, source, modules)
        collector.visit(ast.parse(source, str(path)))
        found += collector.found
    return found


def _internal(imports: list[Import]) -> list[Import]:
    return [i for i in imports if i.imported == PACKAGE or i.imported.startswith(PACKAGE + ".")]


def cycles(imports: list[Import]) -> list[list[str]]:
    """Every elementary cycle of the module graph, each once, starting from its smallest module."""
    graph = defaultdict(set)
    for i in _internal(imports):
        graph[i.importer].add(i.imported)
    found = []
    for start in sorted(graph):
        # Cycles through `start` and modules after it only, so each is found once.
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for following in sorted(graph[node], reverse=True):
                if following == start:
                    found.append(path)
                elif following > start and following not in path:
                    stack.append((following, path + [following]))
    return sorted(found, key=lambda cycle: (len(cycle), cycle))


def upward_imports(imports: list[Import]) -> list[Import]:
    return [
        i
        for i in _internal(imports)
        if None not in (layer_of(i.importer), layer_of(i.imported)) and layer_of(i.imported) > layer_of(i.importer)
    ]


def allowed_reason(i: Import) -> str | None:
    for (importer, imported), reason in ALLOWED_UPWARD.items():
        if (i.importer == importer or i.importer.startswith(importer + ".")) and (
            i.imported == imported or i.imported.startswith(imported + ".")
        ):
            return reason
    return None


def unplaced_modules(root: Path = ROOT) -> list[str]:
    return sorted(m for m in {module_name(path, root) for path in python_files(root)} if layer_of(m) is None)


def function_imports(imports: list[Import]) -> list[Import]:
    # One per statement: `from newsroom.pagecache import keys, tagged` is one import.
    seen, found = set(), []
    for i in imports:
        if i.in_function and (i.path, i.line) not in seen:
            seen.add((i.path, i.line))
            found.append(i)
    return found


def uncommented_function_imports(imports: list[Import]) -> list[Import]:
    return [i for i in function_imports(imports) if not i.commented]


def largest_modules(root: Path = ROOT, count: int = 5) -> list[tuple[str, int]]:
    sizes = [(str(path.relative_to(root)), len(path.read_text().splitlines())) for path in python_files(root)]
    return sorted(sizes, key=lambda size: -size[1])[:count]


def long_template_lines(root: Path = ROOT) -> tuple[int, int]:
    long = total = 0
    for path in sorted((root / "templates").rglob("*")):
        if path.is_file():
            for line in path.read_text().splitlines():
                total += 1
                long += len(line) > LONG_TEMPLATE_LINE
    return long, total


def problems(imports: list[Import], root: Path = ROOT) -> list[str]:
    """What keeps the import map from issue 14's aim: no cycle, at most three upward imports, each
    allowed with its reason, no import hidden in a function without a comment saying why."""
    found = [f"cycle: {' -> '.join(cycle + cycle[:1])}" for cycle in cycles(imports)]
    found += [f"module in no layer (add it to LAYERS): {module}" for module in unplaced_modules(root)]
    upward = upward_imports(imports)
    if len(upward) > MAX_UPWARD:
        found.append(f"{len(upward)} imports run upward, at most {MAX_UPWARD} may")
    found += [
        f"upward import not in ALLOWED_UPWARD: {i.where} {i.importer} -> {i.imported}"
        for i in upward
        if not allowed_reason(i)
    ]
    found += [
        f"import inside a function without a comment saying why: {i.where}"
        for i in uncommented_function_imports(imports)
    ]
    return found


def _short(module: str) -> str:
    return module.removeprefix(PACKAGE + ".")


def _part(module: str, root: Path) -> str:
    """The app or module a module is part of, as the issue names them: `articles/`, `revisions.py`."""
    first = module.split(".")[:2]
    return f"{first[-1]}/" if root.joinpath(*first).is_dir() else f"{first[-1]}.py"


def _pairs(imports: list[Import], root: Path) -> dict[str, int]:
    pairs = defaultdict(int)
    for i in imports:
        pairs[f"`{_part(i.importer, root)}` → `{_part(i.imported, root)}`"] += 1
    return dict(sorted(pairs.items()))


def report(root: Path = ROOT) -> str:
    imports = find_imports(root)
    found_cycles = cycles(imports)
    upward = upward_imports(imports)
    hidden = function_imports(imports)
    uncommented = uncommented_function_imports(imports)
    largest = largest_modules(root)
    long, total = long_template_lines(root)
    hidden_internal = len({(i.path, i.line) for i in hidden if i in _internal(imports)})
    in_cycles = {module for cycle in found_cycles for module in cycle}
    pairs = _pairs(upward, root)
    lines = [
        "| figure | count |",
        "| --- | --- |",
        f"| import cycles between modules of `{PACKAGE}/` | {len(found_cycles)} (through {len(in_cycles)} modules) |",
        f"| imports that run upward | {len(upward)} in {len(pairs)} pairs, {sum(i.in_function for i in upward)} "
        "of them in functions |",
        f"| imports inside functions | {len(hidden)} ({hidden_internal} of `{PACKAGE}`), "
        f"{len(uncommented)} without a comment saying why |",
        f"| largest module | `{largest[0][0]}`, {largest[0][1]:,} lines |",
        f"| template lines over {LONG_TEMPLATE_LINE} characters | {long:,} of {total:,} ({long / total:.1%}) |",
        "",
        f"Cycles ({len(found_cycles)}):",
    ]
    lines += [f"- {' → '.join(map(_short, cycle + cycle[:1]))}" for cycle in found_cycles] or ["- none"]
    summary = ", ".join(f"{pair} ({count})" for pair, count in pairs.items())
    lines += ["", f"Upward imports ({len(upward)}: {summary or 'none'}):"]
    lines += [
        f"- `{i.where}` {_short(i.importer)} ({layer_name(i.importer)}) → {_short(i.imported)} "
        f"({layer_name(i.imported)})"
        + (" in a function" if i.in_function else "")
        + (f" — allowed: {allowed_reason(i)}" if allowed_reason(i) else "")
        for i in upward
    ] or ["- none"]
    lines += ["", f"Imports inside functions without a comment ({len(uncommented)}):"]
    lines += [f"- `{i.where}` {i.imported}" for i in uncommented] or ["- none"]
    lines += ["", "Largest modules:"]
    lines += [f"- `{path}` {size:,} lines" for path, size in largest]
    unplaced = unplaced_modules(root)
    if unplaced:
        lines += ["", "Modules in no layer (add them to LAYERS):"] + [f"- {module}" for module in unplaced]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 unless the import map is as issue 14 asks")
    args = parser.parse_args()
    if args.check:
        found = problems(find_imports())
        print("\n".join(found) or "The import map is as issue 14 asks.")
        return 1 if found else 0
    print(report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
