"""A standardised logistic regression stored as JSON in `analysis/data`, shared by the shipped
models (the MT-likelihood model; the claim model can adopt it too).

The training scripts write `features`, `mean`, `scale`, a weight vector and an intercept, plus
whatever thresholds the model needs. Loading checks that the feature list is the one the code
computes, so a model trained on other features fails loudly instead of scoring nonsense.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

__all__ = ["Logistic", "read_model_json"]


@dataclass(frozen=True, slots=True)
class Logistic:
    """p = sigmoid(w · (x - mean) / scale + bias)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        expected: tuple[str, ...],
        *,
        weights_key: str = "weights",
        bias_key: str = "bias",
        what: str = "model",
    ) -> Logistic:
        names = tuple(str(f) for f in data["features"])
        if names != expected:
            raise ValueError(f"the {what} was trained on other features; retrain it")
        return cls(
            features=names,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data[weights_key], dtype=np.float64),
            bias=float(data[bias_key]),
        )

    def logits(self, x: np.ndarray) -> np.ndarray:
        """The linear score of each row (or of one vector)."""
        return ((x - self.mean) / self.scale) @ self.weights + self.bias

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(x), -40.0, 40.0)))


def read_model_json(file_name: str) -> dict[str, Any]:
    """The JSON of a model shipped in `analysis/data`."""
    text = resources.files("analysis").joinpath("data", file_name).read_text(encoding="utf-8")
    return json.loads(text)
