"""Per-article results to compact bytes and back: tagged JSON, zlib-compressed, never pickle.

The cache of per-article results lives in the database; loading a pickle from a file runs code, so
results are written as JSON that can only rebuild plain values and the dataclasses of the
`analysis` package. The encoding follows the objects, not a schema: another helper may add a field
to a result dataclass, and the analysis version (`analysis.version`) changes with the code, so a
blob is only ever decoded by the code that wrote it.

Encoding: str, int, float, bool and None as themselves; a dict with str keys as a JSON object;
everything else as a JSON array whose first item is a tag: ["L", ...] list, ["T", ...] tuple,
["F", ...] frozenset, ["S", ...] set, ["M", [k, v], ...] other dicts, ["D", iso] date,
["C", "module:Class", field values...] dataclass.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import json
import zlib
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

ALLOWED_PREFIX = "analysis."  # only dataclasses from these modules are rebuilt


class CodecError(ValueError):
    """A value the codec cannot write, or bytes it did not write."""


def encode(value: Any) -> bytes:
    """`value` as compressed tagged JSON (raises CodecError for what it cannot write)."""
    text = json.dumps(_pack(value), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def decode(blob: bytes) -> Any:
    """The value `encode` wrote into `blob`."""
    try:
        raw = json.loads(zlib.decompress(blob).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CodecError(f"not a cached result: {exc}") from None
    return _unpack(raw)


def _pack(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        if not cls.__module__.startswith(ALLOWED_PREFIX):
            raise CodecError(f"cannot cache a {cls.__module__}.{cls.__qualname__}")
        return [
            "C",
            f"{cls.__module__}:{cls.__qualname__}",
            *(_pack(getattr(value, f.name)) for f in _fields(cls)),
        ]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {k: _pack(v) for k, v in value.items()}
        return ["M", *([_pack(k), _pack(v)] for k, v in value.items())]
    if isinstance(value, list):
        return ["L", *map(_pack, value)]
    if isinstance(value, tuple):
        return ["T", *map(_pack, value)]
    if isinstance(value, frozenset):
        return ["F", *map(_pack, value)]
    if isinstance(value, set):
        return ["S", *map(_pack, value)]
    if isinstance(value, date) and not isinstance(value, datetime):
        return ["D", value.isoformat()]
    raise CodecError(f"cannot cache a {type(value).__name__}")


def _unpack(raw: Any) -> Any:
    # Decoding every cached result is the head of a run that adds a few articles to thousands
    # (~1.9 million values at 2,000 articles), so plain values are passed over without a call:
    # only arrays and objects hold anything to rebuild.
    kind = type(raw)
    if kind is list:
        if not raw or type(raw[0]) is not str:
            raise CodecError("not a cached result: untagged array")
        tag = raw[0]
        if tag == "M":
            return {_unpack(k): _unpack(v) for k, v in itertools.islice(raw, 1, None)}
        if tag == "D":
            return date.fromisoformat(raw[1])
        if tag == "C":
            return _rebuild(raw[1], [_unpack(v) if type(v) in _NESTED else v for v in raw[2:]])
        values = [_unpack(v) if type(v) in _NESTED else v for v in itertools.islice(raw, 1, None)]
        build = _CONTAINERS.get(tag)
        if build is None:
            raise CodecError(f"not a cached result: unknown tag {tag!r}")
        return build(values)
    if kind is dict:
        return {k: _unpack(v) if type(v) in _NESTED else v for k, v in raw.items()}
    return raw


_NESTED = frozenset({list, dict})  # what json.loads gives that may need rebuilding
_CONTAINERS: dict[str, Callable[[Any], Any]] = {
    "L": list,
    "T": tuple,
    "F": frozenset,
    "S": set,
}


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


@cache
def _class(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith(ALLOWED_PREFIX):
        raise CodecError(f"not a cached result: refusing to build {name}")
    try:
        obj: Any = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        raise CodecError(f"not a cached result: no class {name}") from None
    if not (isinstance(obj, type) and dataclasses.is_dataclass(obj)):
        raise CodecError(f"not a cached result: {name} is not a dataclass")
    return obj


def _rebuild(name: str, values: list[Any]) -> Any:
    """The dataclass `name` with its fields set as stored, without running __init__ (so a frozen
    or slotted class, or one whose __post_init__ derives fields, comes back exactly)."""
    cls, names = _layout(name)
    if len(names) != len(values):
        raise CodecError(f"not a cached result: {name} has {len(names)} fields")
    obj = object.__new__(cls)
    for field_name, value in zip(names, values, strict=True):
        _set(obj, field_name, value)
    return obj


_set = object.__setattr__


@cache
def _layout(name: str) -> tuple[type, tuple[str, ...]]:
    """The dataclass `name` and its field names, looked up once per class."""
    cls = _class(name)
    return cls, tuple(f.name for f in _fields(cls))
