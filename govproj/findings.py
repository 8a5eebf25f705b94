"""A finding: one thing govproj has to say about a dossier, with where and why.

Findings from the schema layer have no article; findings from a regulation's rules cite
the article and quote of the text (design §5, the JSON output contract).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    regulation: str | None = None
    article: str | None = None
    quote: str | None = None
    path: str | None = None  # JSON path of the fact inside its file, e.g. items[3].amount
    waived: dict | None = None  # the waiver that covers this finding (reported, never hidden)
    extra: dict = field(default_factory=dict)

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity), self.file or "~", self.line or 0, self.column or 0, self.rule)

    def to_dict(self) -> dict:
        data = {
            "rule": self.rule,
            "severity": self.severity,
            "regulation": self.regulation,
            "article": self.article,
            "quote": self.quote,
            "message": self.message,
            "hint": self.hint,
        }
        if self.file is not None:
            data["file"] = self.file
            data["line"] = self.line
            data["column"] = self.column
        if self.path:
            data["path"] = self.path
        if self.waived is not None:
            data["waived"] = self.waived
        if self.extra:
            data.update(self.extra)
        return data


def count_by_severity(findings) -> dict[str, int]:
    """Counts for the summary; waived findings are reported but not counted as blocking."""
    counts = {s: 0 for s in SEVERITIES}
    for f in findings:
        if f.waived is None:
            counts[f.severity] += 1
    return counts
