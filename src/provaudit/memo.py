"""A bounded memo for pure functions of a string (or another hashable key), as hot loops use
them (per word, per attribute value, per element's attributes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
T = TypeVar("T")


class Memo(dict[K, T]):
    """The results of a pure function of a string, in a plain dict emptied when it holds
    ``limit`` entries: a hit is one lookup in C, where an lru_cache also relinks its list (a
    few more cache misses a call once the keys outgrow the processor's caches)."""

    __slots__ = ("func", "limit")

    def __init__(self, func: Callable[[K], T], limit: int) -> None:
        super().__init__()
        self.func = func
        self.limit = limit

    def __missing__(self, key: K) -> T:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.func(key)
        return value


def memo(limit: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """A decorator: the function, remembered in a :class:`Memo` of ``limit`` entries."""

    def wrap(func: Callable[[str], T]) -> Callable[[str], T]:
        return Memo(func, limit).__getitem__

    return wrap
