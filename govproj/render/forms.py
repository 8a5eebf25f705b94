"""Which forms a dossier has, under which titles, and which of them belong to the stage the project
is in (govproj/data/forms.yaml; the regulation-specific forms are declared in each rulepack)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "forms.yaml"


@dataclass
class Form:
    id: str
    title: str
    template: str
    article: str = ""
    quote: str = ""
    stages: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def forms_data() -> dict:
    from govproj.dossier.yamlread import read_yaml

    return read_yaml(DATA.read_bytes()).data


def forms_for(pack, route_id: str | None = None) -> list[Form]:
    """The rulepack's own forms, then the common ones; the approval route may retitle a form or add
    one (江津第九条: 3000 万元（含）以上 → 可行性研究报告, then 初步设计及概算)."""
    data = forms_data()
    stages = data.get("stages") or {}
    forms = [Form(f["id"], f["title"], f.get("template", f["id"]), f.get("article", ""), f.get("quote", ""),
                  list(stages.get(f["id"], [])))
             for f in pack.data.get("forms", [])]
    forms += [Form(f["id"], f["title"], f.get("template", f["id"]), stages=list(f.get("stages", [])))
              for f in data["common"]]
    route = (data.get("routes") or {}).get(route_id) or {}
    for form in forms:
        form.title = (route.get("titles") or {}).get(form.id, form.title)
    for extra in route.get("add") or []:
        at = next((i + 1 for i, f in enumerate(forms) if f.id == extra.get("after")), len(forms))
        forms.insert(at, Form(extra["id"], extra["title"], extra.get("template", extra["id"]), extra.get("article", ""),
                              stages=list(stages.get(extra["id"], []))))
    return forms


def stage_window(stage: str | None) -> list[str]:
    """The current stage and the next one (no event yet: 规划储备 and 申报)."""
    from govproj.rules.engine import stages

    ids = [s["id"] for s in stages()]
    start = ids.index(stage) if stage in ids else 0
    return ids[start:start + 2]


def for_stage(forms: list[Form], stage: str | None) -> list[Form]:
    window = set(stage_window(stage))
    return [f for f in forms if not f.stages or window.intersection(f.stages)]
