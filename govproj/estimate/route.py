"""The approval route of a project under its regulation: the ordered stages, who approves
each, the documents each needs, and the article behind it.

Routes are data in the rulepack (``routes:``, docs/rulepacks.md §9): the first route whose
``when`` holds applies; a stage with its own ``when`` is included only when that holds too
(e.g. the provincial review of a project above the 限额).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govproj.dossier.vocabulary import document_label, event_label
from govproj.rules.engine import Context


@dataclass
class Stage:
    id: str
    title: str
    approver: str
    article: str
    documents: list[str] = field(default_factory=list)
    done_by: list[str] = field(default_factory=list)
    done_on: str | None = None  # ISO date of the event that completed it
    # a stage the regulation completes with documents and no event (遵义's 需求分析报告): the
    # documents the dossier holds for it, “《title》（date）”, when it holds all of them
    held: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.done_on or self.held)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "approver": self.approver, "article": self.article,
                "documents": self.documents, "documents_labels": [document_label(d) for d in self.documents],
                "done_by": self.done_by, "done_on": self.done_on, "held": self.held}


@dataclass
class Route:
    id: str
    title: str
    article: str
    quote: str
    stages: list[Stage]
    above_limit: bool | None
    trial_operation: dict | None = None
    acceptance: dict | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "article": self.article, "quote": self.quote,
                "stages": [s.to_dict() for s in self.stages], "above_limit": self.above_limit,
                "trial_operation": self.trial_operation, "acceptance": self.acceptance, "notes": self.notes}


def select_route(ctx: Context) -> Route | None:
    above = ctx.derived("above_limit") if "above_limit" in ctx.pack.data.get("derived", {}) else None
    for spec in ctx.pack.data.get("routes", []):
        if not ctx.facts.test(spec.get("when")):
            continue
        stages = []
        for s in spec.get("stages", []):
            if not ctx.facts.test(s.get("when")):
                continue
            done = ctx.dossier.events_of(*s.get("done_by", []))
            stages.append(Stage(
                id=s["id"], title=s["title"], approver=s.get("approver", ""),
                article=s.get("article", spec.get("article", "")),
                documents=list(s.get("documents", [])), done_by=list(s.get("done_by", [])),
                done_on=done[0].date.isoformat() if done else None,
                held=_documents_held(ctx.dossier, s)))
        route = Route(spec["id"], spec["title"], spec.get("article", ""), spec.get("quote", ""), stages, above,
                      _plain(spec.get("trial_operation")), _plain(spec.get("acceptance")), list(spec.get("notes", [])))
        return route
    return None


def _documents_held(dossier, spec: dict) -> list[str]:
    if spec.get("done_by") or not spec.get("documents"):
        return []
    found = []
    for t in spec["documents"]:
        docs = dossier.documents_of(t)
        if not docs:
            return []
        found.append(f"《{docs[0].title}》" + (f"（{docs[0].date.isoformat()}）" if docs[0].date else ""))
    return found


def _plain(x):
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_plain(v) for v in x]
    if hasattr(x, "isoformat"):
        return x.isoformat()
    if x is not None and not isinstance(x, (str, int, bool, float)):
        return str(x)
    return x


def stage_events_label(stage: Stage) -> str:
    return "或".join(event_label(t) for t in stage.done_by)
