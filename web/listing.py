"""Lists on pages and in the API: the paging parameters of a request, and the links a page of a list offers.

Every list takes the same parameters: `sort` (a column the list may be sorted by), `dir` (`asc` or
`desc`), `cursor` (a token from the page before or after), `size` (rows per page, `SIZES`). A page
shows where it stands ("51–100 of 1,234"), links to the previous and next page, headers that sort
(with `aria-sort`) and a choice of page size; filters stay in every link. Downloads of a list take the
same filters and sort and return every row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import Request

from projections.paging import Page

SIZES = (10, 25, 50, 100, 200)
DEFAULT_SIZE = 50


@dataclass(frozen=True)
class Paging:
    """What a request asks of a list: order, position, page size."""

    sort: str | None = None
    descending: bool | None = None
    cursor: str | None = None
    size: int = DEFAULT_SIZE


def paging(request: Request, *, limit: int | None = None) -> Paging:
    """The paging parameters of `request` (`limit` is the API's name for `size`); nonsense falls back to defaults."""
    query = request.query_params
    direction = query.get("dir")
    size = query.get("size") or (str(limit) if limit is not None else "")
    try:
        size_value = max(1, min(int(size), 500)) if size else DEFAULT_SIZE
    except ValueError:
        size_value = DEFAULT_SIZE
    return Paging(sort=query.get("sort") or None,
                  descending={"asc": False, "desc": True}.get(direction or ""),
                  cursor=query.get("cursor") or None, size=size_value)


@dataclass
class ListLinks:
    """The links of one page of a list on a page: sort headers, neighbours, page sizes, download."""

    page: Page
    path: str
    params: Mapping[str, str] = field(default_factory=dict)
    """The filters (and other parameters) every link keeps."""

    def url(self, path: str | None = None, **changes) -> str:
        values = {key: value for key, value in self.params.items() if value not in (None, "")}
        values.update({"sort": self.page.sort, "dir": "desc" if self.page.descending else "asc",
                       "size": str(self.page.size)})
        values.update({key: value for key, value in changes.items()})
        values = {key: value for key, value in values.items() if value not in (None, "")}
        return f"{path or self.path}?{urlencode(values)}" if values else (path or self.path)

    def sort_url(self, column: str) -> str:
        """Sorted by `column`: the other way round if it is sorted by it already, else ascending."""
        if column == self.page.sort:
            return self.url(sort=column, dir="asc" if self.page.descending else "desc", cursor=None)
        return self.url(sort=column, dir="asc", cursor=None)

    def aria_sort(self, column: str) -> str | None:
        if column != self.page.sort:
            return None
        return "descending" if self.page.descending else "ascending"

    @property
    def next_url(self) -> str | None:
        return self.url(cursor=self.page.next) if self.page.next else None

    @property
    def previous_url(self) -> str | None:
        return self.url(cursor=self.page.previous) if self.page.previous else None

    @property
    def first_url(self) -> str | None:
        return self.url(cursor=None) if self.page.previous else None

    def download_url(self, path: str) -> str:
        return self.url(path, cursor=None, size=None)

    def hidden(self, *keep: str, order: bool = True) -> list[tuple[str, str]]:
        """(name, value) of the parameters a filter form must carry along (size, the order unless `order` is
        False — a filter that changes what the list holds may change its natural order — and `keep` others)."""
        values = {"sort": self.page.sort, "dir": "desc" if self.page.descending else "asc"} if order else {}
        values["size"] = str(self.page.size)
        values.update({key: self.params[key] for key in keep if self.params.get(key)})
        return list(values.items())


def page_json(page: Page, items: list) -> dict:
    """A page for the API: the items, how many on this page and in all, and the neighbours' cursors."""
    return {"items": items, "count": len(items), "total": page.total, "total_exact": page.exact,
            "first": page.first, "sort": page.sort, "dir": "desc" if page.descending else "asc",
            "next": page.next, "previous": page.previous}


def count_text(value: int, lang: str = "de") -> str:
    """A count with thousands separators as people read it (1.234 / 1,234)."""
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang == "de" else text
