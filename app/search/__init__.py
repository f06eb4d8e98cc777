"""The register's one search: list screens, completers and ``main.py search``; how text matches,
and the stored sort keys."""
