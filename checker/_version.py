"""The installed distribution's version (``0.0.0+source`` when run from a source tree without installing).

Modules inside the package import ``__version__`` from here rather than from ``checker`` itself,
which would make them part of an import cycle with ``checker/__init__.py``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("checker")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"
