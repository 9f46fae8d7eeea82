"""The release running, as logs, error reports and `/healthz` name it.

`NEWSROOM_VERSION` if set; else the `REVISION` file `deploy/upgrade.sh` writes into a release; else the
commit `.git/HEAD` names, read by hand (no `git` process at import); else "unknown".
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def read_version(base: Path = BASE_DIR) -> str:
    if version := os.environ.get("NEWSROOM_VERSION", "").strip():
        return version
    try:
        return (base / "REVISION").read_text().strip() or "unknown"
    except OSError:
        return git_commit(base) or "unknown"


def git_commit(base: Path) -> str | None:
    git = base / ".git"
    try:
        if git.is_file():  # a worktree: `gitdir: …`, with the branches in the common folder
            git = Path(git.read_text().strip().removeprefix("gitdir: "))
        head = (git / "HEAD").read_text().strip()
    except OSError:
        return None
    if not head.startswith("ref: "):
        return head[:12] or None
    ref = head.removeprefix("ref: ")
    folders = [git]
    if (git / "commondir").is_file():
        folders.append((git / (git / "commondir").read_text().strip()).resolve())
    for folder in folders:
        try:
            return (folder / ref).read_text().strip()[:12]
        except OSError:
            pass
        try:
            packed = (folder / "packed-refs").read_text().splitlines()
        except OSError:
            continue
        for line in packed:
            commit, _space, name = line.partition(" ")
            if name == ref:
                return commit[:12]
    return None


VERSION = read_version()
