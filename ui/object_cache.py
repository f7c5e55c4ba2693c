"""Values derived from long-lived objects (cached Layers, Bundles), kept while those objects live.

Layers and bundles are cached upstream and reused across reruns and sessions, but they hold
GeoDataFrames and cannot be hashed; what is derived from them (a layer's published file, the
legend of the visible layers) is keyed here by the objects' identity. Each entry keeps its objects
alive, so an ``id`` cannot be reused by another object while the entry exists.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class ObjectCache(Generic[T]):
    """A thread-safe LRU of values computed from a sequence of objects (plus a hashable extra)."""

    def __init__(self, maxsize: int = 128) -> None:
        self._entries: OrderedDict[tuple, tuple[tuple, T]] = OrderedDict()
        self._maxsize = maxsize
        self._lock = threading.Lock()

    def get(self, objects: Sequence[object], compute: Callable[[], T], extra: Hashable = None) -> T:
        """The value for ``objects`` (by identity, in order) and ``extra``; ``compute()`` it if missing."""
        held = tuple(objects)
        key = (tuple(id(o) for o in held), extra)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and all(a is b for a, b in zip(hit[0], held, strict=True)):
                self._entries.move_to_end(key)
                return hit[1]
        value = compute()
        with self._lock:
            self._entries[key] = (held, value)
            while len(self._entries) > self._maxsize:
                self._entries.popitem(last=False)
        return value
