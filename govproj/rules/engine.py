"""The rule engine: evaluate a rulepack's rules on a dossier at an as-of date."""

from __future__ import annotations


def evaluate(dossier, pack, as_of):
    return []
