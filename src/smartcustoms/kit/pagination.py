"""Page requests and results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    size: int = 20

    def __post_init__(self) -> None:
        if self.page < 1 or not 1 <= self.size <= MAX_PAGE_SIZE:
            raise ValueError("page must be ≥ 1 and size between 1 and 200")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))
