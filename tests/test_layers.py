"""A lower layer never imports a higher one (docs/architecture.md). Checked on the source, every
import statement, including those inside functions."""

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "govproj"

# lowest first; a module may import only from its own layer or lower ones
LAYERS = [
    ("base", ["govproj", "govproj.findings", "govproj.money", "govproj.calendar", "govproj.fsutil", "govproj.paths", "govproj.attachments", "govproj.entry"]),
    ("dossier", ["govproj.dossier"]),
    ("history", ["govproj.gitutil", "govproj.history", "govproj.yamlwrite"]),
    ("rules", ["govproj.rules"]),
    ("commands", ["govproj.check", "govproj.estimate", "govproj.lifecycle", "govproj.render"]),
    ("report", ["govproj.report"]),
    ("cli", ["govproj.cli", "govproj.cli_check", "govproj.__main__"]),
]


def layer_of(module: str) -> int:
    best, level = -1, None
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, level = len(p), i
    assert level is not None, f"{module} belongs to no layer"
    return level


def modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).with_suffix("")
        name = ".".join(rel.parts)
        yield (name[: -len(".__init__")] if name.endswith(".__init__") else name), path


@pytest.mark.parametrize("name,path", list(modules()), ids=lambda x: x if isinstance(x, str) else "")
def test_no_upward_import(name, path):
    own = layer_of(name)
    if name == "govproj.entry":
        return  # the console script's entry point starts the CLI
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for t in targets:
            if t.startswith("govproj"):
                try:
                    lvl = layer_of(t)
                except AssertionError:
                    continue  # "from govproj.x import name" where name is not a module
                assert lvl <= own, f"{name}（{LAYERS[own][0]}）imports {t}（{LAYERS[lvl][0]}） at line {node.lineno}"
