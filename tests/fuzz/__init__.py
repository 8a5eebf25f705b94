"""The fuzz suite (docs/reliability.md): ``python -m tests.fuzz --seed S --cases N``."""
