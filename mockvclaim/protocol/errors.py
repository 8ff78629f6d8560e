"""Failures the mock reports: in the VClaim envelope, or as a raw gateway answer."""

from __future__ import annotations

from mockvclaim.protocol.messages import Message


class VClaimError(Exception):
    """A failure reported inside `{"metaData": {code, message}, "response": null}` (HTTP 200)."""

    def __init__(self, message: str, *, code: str = "201") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    @classmethod
    def of(cls, message: Message, **values: object) -> VClaimError:
        return cls(message.format(**values))

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class GatewayError(Exception):
    """An answer from in front of VClaim (3scale APIcast): raw status and body, no envelope."""

    def __init__(self, status: int, body: str, *, content_type: str = "text/plain") -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.content_type = content_type
