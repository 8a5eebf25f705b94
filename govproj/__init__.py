"""govproj — 政务信息化项目档案检查与表单工具。

The package is also a library: ``govproj.check.check_paths`` runs the same checks as
``govproj check``; ``govproj.dossier.load.load_dossier`` reads a dossier into a typed model.
"""

__version__ = "0.1.0"
