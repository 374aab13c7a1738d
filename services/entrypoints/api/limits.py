"""The request body limit for every route, counted as the bytes arrive (a chunked body declares no length)."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException


class BodyTooLarge(HTTPException):
    """Raised from inside the body stream; FastAPI passes an HTTPException through as its status (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"body over {limit} bytes")


class BodyLimit:
    """ASGI middleware: a request whose body passes `limit` bytes is answered 413, however it was sent."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        async def counted() -> dict[str, Any]:
            nonlocal received
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)
