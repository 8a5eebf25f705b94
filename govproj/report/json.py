"""``--format json``: one object, exactly the shape of design §5."""

from __future__ import annotations

import json

from govproj import __version__


def as_dict(result) -> dict:
    return {
        "tool": {"name": "govproj", "version": __version__},
        "as_of": result.as_of.isoformat(),
        "dossiers": [d.to_dict() for d in result.dossiers],
        "summary": result.summary(),
    }


def render(result) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2) + "\n"
