"""The learned cue model: logistic-regression weights over ``features.cue_features``.

Shipped as ``kg/data/cue_model.json`` (made by ``kg train``); ``KG_CUE_MODEL`` points at another
file. Scoring is a dot product in plain Python, so extraction needs no machine-learning library.
When no model file exists the rules fall back to the cue lexicon alone.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path

from kg.errors import KgError

MODEL_ENV = "KG_CUE_MODEL"
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class CueModel:
    """Weights over cue features, the score a cue needs, and per-pattern scores where a
    pattern needs more (or less) certainty than the default (chosen by ``kg train``)."""

    weights: dict[str, float]
    threshold: float
    version: str
    rule_thresholds: dict[str, float] = field(default_factory=dict)

    def probability(self, features: list[str]) -> float:
        z = sum(map(self.weights.get, features, repeat(0.0)))  # in order: the same sum
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "threshold": self.threshold,
            "rule_thresholds": self.rule_thresholds,
            "weights": self.weights,
        }


def parse_model(data: dict, origin: str) -> CueModel:
    try:
        return CueModel(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            threshold=float(data.get("threshold", DEFAULT_THRESHOLD)),
            version=str(data.get("version", "")),
            rule_thresholds={
                str(k): float(v) for k, v in (data.get("rule_thresholds") or {}).items()
            },
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise KgError(f"{origin}: not a cue model file ({e}); make one with 'kg train'") from None


def load_json(path: str | None, env: str, packaged: str) -> tuple[dict, str] | None:
    """A model file's JSON and where it came from: ``path``, else ``$env``, else the package.
    None when the environment says "none" or the package has no such file."""
    path = path or os.environ.get(env)
    if path and path.lower() == "none":
        return None
    if path:
        p = Path(path)
        if not p.is_file():
            raise KgError(f"{p}: model file not found (set by {env}); make one with 'kg train'")
        try:
            return json.loads(p.read_text("utf-8")), str(p)
        except (ValueError, UnicodeDecodeError) as e:
            raise KgError(f"{p}: not a model file ({e}); make one with 'kg train'") from None
    res = resources.files("kg.data").joinpath(packaged)
    if not res.is_file():
        return None
    return json.loads(res.read_text("utf-8")), f"kg/data/{packaged}"


@lru_cache(maxsize=4)
def load_cue_model(path: str | None = None) -> CueModel | None:
    """The cue model from ``path``, ``$KG_CUE_MODEL`` or the package; None if there is none.

    ``KG_CUE_MODEL=none`` switches the model off (rules and lexicon only).
    """
    data = load_json(path, MODEL_ENV, "cue_model.json")
    return None if data is None else parse_model(*data)
