"""What govproj wrote into the output folder, so that a clerk's edits are never overwritten.

``out/.govproj-manifest.json`` holds the SHA-256 of every file govproj wrote there. Before writing a
file again: a file that is absent, or still byte-identical to what govproj wrote, is replaced; a file
that differs (the clerk edited it) or that govproj did not write is kept, unless ``--force``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

NAME = ".govproj-manifest.json"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Manifest:
    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir / NAME
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.files: dict[str, str] = {k: v for k, v in data.get("files", {}).items() if isinstance(v, str)}
        except (OSError, ValueError, AttributeError):
            self.files = {}

    def _key(self, path: Path) -> str:
        return path.relative_to(self.out_dir).as_posix()

    def changed(self, path: Path) -> bool:
        """True when ``path`` exists and is not what govproj last wrote there."""
        if not path.exists():
            return False
        known = self.files.get(self._key(path))
        return known is None or known != digest(path)

    def record(self, path: Path) -> None:
        self.files[self._key(path)] = digest(path)

    def save(self) -> None:
        from govproj.fsutil import atomic_write

        self.out_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"written_by": "govproj render", "files": dict(sorted(self.files.items()))},
                          ensure_ascii=False, indent=1) + "\n"
        atomic_write(self.path, text.encode("utf-8"))
