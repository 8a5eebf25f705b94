"""Rule kinds: one module each; the module docstring is the kind's documentation."""
