"""Lexicon data files shipped with the package (``*.yaml``, ``*.json.gz``, their licences in ``*.md``).

Read them with ``importlib.resources.files("checker.data")``.
"""
