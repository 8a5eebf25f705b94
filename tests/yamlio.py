"""PyYAML's safe load and dump through libyaml (the C classes): the tests build thousands of
dossier variants, and the pure-Python loader and dumper cost more than the checks themselves."""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def safe_load(stream):
    return yaml.load(stream, Loader=_LOADER)


def safe_dump(data, stream=None, **kwargs):
    return yaml.dump(data, stream, Dumper=_DUMPER, **kwargs)
