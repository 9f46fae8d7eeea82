#!/usr/bin/env python3
"""Install the German dictionary that splits compounds, for the site's search, on the database server.

Reads Debian's hunspell-de-de (igerman98, `apt-get install hunspell-de-de`) and writes
`newsroom_german.dict` and `newsroom_german.affix` into PostgreSQL's `tsearch_data` folder, where
the search's migration (`newsroom/search/configuration.py`) finds them. Run it as root on every
database server, primary and replicas, then `manage.py search_configuration --install` once.

Why not the hunspell files as they are: igerman98 marks the words that may begin a compound and
those that may sit in its middle through affix rules whose results carry the compound flags
(continuation classes: `SFX j 0 0/xoc`), which PostgreSQL's ispell template does not follow, so
"Automobilzulieferer" would not split. Here the flags those rules add are put on the words
themselves: a word with rule `j` may begin a compound (`x`), one with rule `k` sit in its middle
(`y`). Words that end compounds carry `z` in the dictionary already.

And the dictionary is written without umlauts and ß ("Wärme" as "warme", "Gießerei" as
"giesserei"), its affix rules too, as PostgreSQL's `unaccent` writes words: the search takes the
accents off first, so that a reader who types "Warmebehandlung" or "Giesserei" finds
"Wärmebehandlung" and "Gießerei", and the dictionary still knows the word.

    python3 deploy/postgresql/german_compound_dictionary.py [--source /usr/share/hunspell/de_DE]
                                                             [--target DIR]
"""

import argparse
import subprocess
import sys
from pathlib import Path

NAME = "newsroom_german"
# The rule that makes a word a compound's beginning, and the one that makes it a middle part.
ADDED_FLAGS = {"j": "x", "k": "y"}
# What PostgreSQL's unaccent makes of the letters with accents the German dictionary holds.
UNACCENTED = str.maketrans(
    {
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "Ä": "A",
        "Ö": "O",
        "Ü": "U",
        "ß": "ss",
        "é": "e",
        "è": "e",
        "ê": "e",
        "á": "a",
        "à": "a",
        "â": "a",
        "ñ": "n",
        "É": "E",
    }
)


def sharedir() -> Path:
    try:
        found = subprocess.run(["pg_config", "--sharedir"], capture_output=True, text=True, check=True).stdout.strip()
        return Path(found)
    except (OSError, subprocess.CalledProcessError):
        # Debian's server packages have no pg_config without libpq-dev: the newest installed server's folder.
        versions = sorted(
            Path("/usr/share/postgresql").glob("[0-9]*"),
            key=lambda path: tuple(int(part) for part in path.name.split(".") if part.isdigit()),
        )
        if not versions:
            sys.exit("PostgreSQL's share folder not found: give --target")
        return versions[-1]


def converted(line: str) -> str:
    word, slash, flags = line.partition("/")
    if not slash:
        return line
    added = "".join(flag for rule, flag in ADDED_FLAGS.items() if rule in flags and flag not in flags)
    return f"{word}/{flags}{added}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="/usr/share/hunspell/de_DE", help="hunspell files without .dic/.aff")
    parser.add_argument("--target", type=Path, help="default: PostgreSQL's share folder's tsearch_data")
    args = parser.parse_args(argv)
    source = Path(args.source)
    if not source.with_suffix(".dic").exists():
        sys.exit(f"{source}.dic not found: apt-get install hunspell-de-de")
    target = args.target or sharedir() / "tsearch_data"
    lines = source.with_suffix(".dic").read_text(encoding="utf-8").splitlines()
    # The first line is the number of words.
    words = [lines[0], *(converted(line).translate(UNACCENTED) for line in lines[1:])]
    affixes = source.with_suffix(".aff").read_text(encoding="utf-8").translate(UNACCENTED)
    (target / f"{NAME}.dict").write_text("\n".join(words) + "\n", encoding="utf-8")
    (target / f"{NAME}.affix").write_text(affixes, encoding="utf-8")
    print(f"{len(words) - 1} words written to {target / NAME}.dict and .affix")


if __name__ == "__main__":
    main()
