"""kg — turn news articles into a knowledge graph of attributed claims.

The Python API (``kg.api``), loaded on first use so that ``import kg`` stays cheap::

    import kg
    kg.claims("The minister said the bridge would reopen in May.")
    store = kg.Store(".kg/store")
    store.build(["articles/"])
    store.query("claims-by-claimant", name="minister")

and a spaCy component: ``nlp.add_pipe("kg_claims")`` fills ``doc._.claims``.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Article", "Claim", "Store", "article", "claims", "__version__"]

_API = {"Store", "article", "claims"}  # kg.api.extract: kg.extract is the extraction package
_TYPES = {"Article", "Claim", "Entity", "Span", "ArticleResult"}


def __getattr__(name: str):
    if name in _API:
        from kg import api

        return getattr(api, name)
    if name in _TYPES:
        from kg import types

        return getattr(types, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
