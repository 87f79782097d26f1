"""Per-client limits on uploads: requests a minute and bytes a day from one address.

Counted in the server process (a restart starts the counts afresh; the limits bound what one
address can make this process do, they are not an account). Both windows slide: a request
counts for 60 s, a byte for 24 h, from the moment it arrived."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from ..config import Settings

__all__ = ["ClientLimits", "ClientLimiter", "Limited", "size_words"]

_MINUTE = 60.0
_DAY = 86400.0


def size_words(n: int) -> str:
    """A byte count as people write it: 20 MiB, 1.5 KiB, 900 bytes."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


@dataclass(frozen=True)
class ClientLimits:
    """Upload requests a minute and bytes a day from one client address (0: no limit)."""

    per_minute: int
    bytes_per_day: int

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> ClientLimits:
        settings = settings or Settings.default()
        return cls(
            per_minute=settings.getint("web", "upload_requests_per_minute"),
            bytes_per_day=settings.getint("web", "upload_bytes_per_day"),
        )


class Limited(Exception):
    """A client over one of its limits: the message says which; ``retry_after`` in seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, retry_after)


class ClientLimiter:
    """The requests and bytes each address sent recently, checked against ``ClientLimits``."""

    def __init__(self, limits: ClientLimits, clock: Callable[[], float] = time.monotonic):
        self.limits = limits
        self.clock = clock
        self.lock = threading.Lock()
        self.requests: dict[str, deque[float]] = {}
        self.sent: dict[str, deque[tuple[float, int]]] = {}

    def _forget(self, client: str, now: float) -> None:
        hits = self.requests.get(client)
        while hits and hits[0] <= now - _MINUTE:
            hits.popleft()
        sent = self.sent.get(client)
        while sent and sent[0][0] <= now - _DAY:
            sent.popleft()
        if len(self.requests) + len(self.sent) > 10_000:  # drop addresses gone quiet
            for table in (self.requests, self.sent):
                for key in [k for k, v in table.items() if not v]:
                    del table[key]

    def request(self, client: str) -> None:
        """Count one upload request from ``client``; ``Limited`` (429) over the minute limit."""
        limit = self.limits.per_minute
        with self.lock:
            now = self.clock()
            self._forget(client, now)
            hits = self.requests.setdefault(client, deque())
            if limit and len(hits) >= limit:
                wait = int(hits[0] + _MINUTE - now) + 1
                raise Limited(
                    f"too many uploads: at most {limit} requests a minute from one address; "
                    f"try again in {wait} s",
                    wait,
                )
            hits.append(now)

    def allowance(self, client: str) -> int | None:
        """Bytes ``client`` may still send today (None: no daily limit)."""
        limit = self.limits.bytes_per_day
        if not limit:
            return None
        with self.lock:
            self._forget(client, self.clock())
            return max(0, limit - sum(n for _, n in self.sent.get(client, ())))

    def over_day(self, client: str) -> Limited:
        """The refusal for a client whose request would pass its daily byte limit."""
        limit = self.limits.bytes_per_day
        with self.lock:
            now = self.clock()
            sent = self.sent.get(client) or deque()
            used = sum(n for _, n in sent)
            wait = int(sent[0][0] + _DAY - now) + 1 if sent else int(_DAY)
        hours = max(1, round(wait / 3600))
        return Limited(
            f"daily upload limit reached: at most {size_words(limit)} a day from one address "
            f"({size_words(used)} sent in the last 24 hours); try again in about {hours} h",
            wait,
        )

    def spend(self, client: str, n: int) -> None:
        """Count ``n`` bytes received from ``client``."""
        if n <= 0:
            return
        with self.lock:
            self.sent.setdefault(client, deque()).append((self.clock(), n))
