"""The one exception family the library raises; the CLI turns it into ``Error: …`` and exit 1."""

from __future__ import annotations


class KgError(Exception):
    """An error the user can fix; the message says how."""


class InputError(KgError):
    """An article or gold file cannot be read."""


class StoreError(KgError):
    """The triple store cannot be opened or written."""


class QueryError(KgError):
    """A saved or ad-hoc query cannot be found, bound or run."""


class PipelineError(KgError):
    """The spaCy pipeline cannot be loaded."""
