"""Exceptions raised by checker. Each carries a one-line message fit for a user."""


class CheckerError(Exception):
    """Base class: anything checker raises on purpose."""


class InputError(CheckerError):
    """An input path or file cannot be read as an article."""


class ConfigError(CheckerError):
    """Options or environment are inconsistent (bad engine, missing model...)."""


class ModelError(CheckerError):
    """The model endpoint failed for good (after retries) or answered unusably."""


class EvalError(CheckerError):
    """An eval suite is unknown or its data cannot be read."""
