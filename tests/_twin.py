"""One calling convention for the sync and async clients, shared by test suites."""

from __future__ import annotations

import asyncio
from typing import Any


class Twin:
    """Calls a sync client directly and an async one on a private loop."""

    def __init__(self, client: Any, loop: asyncio.AbstractEventLoop | None) -> None:
        self.client = client
        self.loop = loop

    @property
    def is_async(self) -> bool:
        return self.loop is not None

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.client, name)
        if self.loop is None or not callable(attribute):
            return attribute
        loop = self.loop

        def call(*args: Any, **kwargs: Any) -> Any:
            return loop.run_until_complete(attribute(*args, **kwargs))

        return call

    def close(self) -> None:
        if self.loop is None:
            self.client.close()
        else:
            self.loop.run_until_complete(self.client.close())
