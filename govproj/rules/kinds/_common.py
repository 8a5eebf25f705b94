"""Helpers shared by the rule kinds."""

from __future__ import annotations

from govproj.dossier.vocabulary import document_label, event_label


def as_list(x) -> list:
    if x is None:
        return []
    return list(x) if isinstance(x, (list, tuple)) else [x]


def events_label(types) -> str:
    return "或".join(event_label(t) for t in as_list(types))


def documents_label(types) -> str:
    return "或".join(document_label(t) for t in as_list(types))


def stage_gate(rule, ctx) -> str:
    """'apply' when the project has reached the rule's stage, 'next' when it is one stage
    before it, 'skip' otherwise."""
    stage = rule.get("stage")
    if not stage:
        return "apply"
    have, need = ctx.stage_index(), ctx.stage_index(stage)
    if have >= need:
        return "apply"
    if have == need - 1:
        return "next"
    return "skip"
