"""Mutations of a dossier copy, for rule test cases (tests/rules/README.md)."""

from __future__ import annotations

from pathlib import Path


from tests import yamlio


def _load(root: Path, file: str):
    p = root / file
    return yamlio.safe_load(p.read_text(encoding="utf-8")) if p.exists() else {}


def _dump(root: Path, file: str, data) -> None:
    p = root / file
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(yamlio.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _steps(path: str) -> list:
    from govproj.rules.facts import split_path

    return split_path(path)


def _set(data, path, value):
    steps = _steps(path)
    for s in steps[:-1]:
        if isinstance(s, int):
            data = data[s]
        else:
            data = data.setdefault(s, {})
    data[steps[-1]] = value


def _delete(data, path):
    steps = _steps(path)
    for s in steps[:-1]:
        data = data[s]
    if isinstance(data, list):
        del data[steps[-1]]
    else:
        data.pop(steps[-1], None)


def apply(root: Path, ops: list[dict]) -> None:
    for op in ops or []:
        (name, arg), = op.items()
        if name == "set":
            d = _load(root, arg["file"])
            _set(d, arg["path"], arg["value"])
            _dump(root, arg["file"], d)
        elif name == "delete":
            d = _load(root, arg["file"])
            _delete(d, arg["path"])
            _dump(root, arg["file"], d)
        elif name == "add_event":
            d = _load(root, "events.yaml") or {"events": []}
            d.setdefault("events", []).append(dict(arg))
            _dump(root, "events.yaml", d)
        elif name == "remove_events":
            d = _load(root, "events.yaml")
            d["events"] = [e for e in d.get("events", []) if e["type"] not in arg]
            _dump(root, "events.yaml", d)
        elif name == "set_event":
            d = _load(root, "events.yaml")
            for e in d.get("events", []):
                if e["type"] == arg["type"]:
                    e[arg["field"]] = arg["value"]
            _dump(root, "events.yaml", d)
        elif name == "add_document":
            d = _load(root, "documents.yaml") or {"documents": []}
            d.setdefault("documents", []).append(dict(arg))
            _dump(root, "documents.yaml", d)
        elif name == "remove_documents":
            d = _load(root, "documents.yaml")
            d["documents"] = [x for x in d.get("documents", []) if x["type"] not in arg]
            _dump(root, "documents.yaml", d)
        elif name == "set_document":
            d = _load(root, "documents.yaml")
            for x in d.get("documents", []):
                if x["type"] == arg["type"]:
                    x[arg["field"]] = arg["value"]
            _dump(root, "documents.yaml", d)
        elif name == "write":
            _dump(root, arg["file"], arg["data"])
        elif name == "remove_file":
            (root / arg).unlink()
        elif name == "git_baseline":  # commit the dossier and tag its approvals as baselines
            _git_baseline(root)
        elif name == "shift_budget":  # move money between two budget lines; the total stays
            d = _load(root, "budget.yaml")
            from decimal import Decimal

            amount = Decimal(str(arg["amount"]))
            for idx, sign in ((arg["from"], -1), (arg["to"], 1)):
                item = d["items"][idx]
                item["amount"] = float(Decimal(str(item["amount"])) + sign * amount)
                item.pop("quantity", None)
                item.pop("unit_price", None)
            _dump(root, "budget.yaml", d)
        else:
            raise ValueError(f"unknown mutation {name}")


def _git_baseline(root: Path) -> None:
    import subprocess

    from govproj import gitutil
    from govproj.lifecycle.baseline import record

    env = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "测试",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    import os

    e = dict(os.environ, **env)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, env=e)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=e)
    subprocess.run(["git", "commit", "-q", "-m", "档案"], cwd=root, check=True, env=e)
    gitutil.forget_cache()
    record(root)
