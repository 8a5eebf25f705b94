"""A short seeded fuzz run inside the test suite (docs/reliability.md); ``make fuzz`` runs 10,000."""

import os

import pytest

from tests.fuzz.runner import CLASSES, fuzz

# Classes the dossier boundary (govproj/dossier, issue 10) is fixing; a finding whose mutation steps
# or error text mention one of these is not counted here. Remove an entry when its fix lands.
KNOWN_OPEN = {  # classes still open; each fixed class leaves this list (issue 11)
    "size:events×20000": "20,000 events: seconds of CPU (model/schema error descriptions)",
}
CASES = int(os.environ.get("GOVPROJ_FUZZ_CASES", "200"))
SEED = int(os.environ.get("GOVPROJ_FUZZ_SEED", "20261129"))


@pytest.mark.slow
def test_seeded_fuzz_run_finds_nothing():
    summary = fuzz(SEED, CASES, jobs=2, timeout=30.0, entry_every=50)
    assert summary["cases"] == CASES
    open_issue = [r for r in summary["findings"]
                  if any(m in s for s in [*r["steps"], *r["found"].values()] for m in KNOWN_OPEN)]
    found = {k: [f"case {r['index']} {r['command']}: {'; '.join(r['steps'])} → {r['found'][k][-300:]}"
                 for r in summary["findings"] if k in r["found"] and r not in open_issue] for k in CLASSES}
    assert not any(found.values()), "\n".join(f"{k}: {v[:5]}" for k, v in found.items() if v)
