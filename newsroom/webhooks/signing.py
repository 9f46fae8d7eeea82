"""Standard Webhooks 1.0 signatures: what lets a partner know a POST came from us, unchanged, now.

`webhook-signature` is `v1,` and the base64 HMAC-SHA256, keyed with the base64-decoded secret, of
`{webhook-id}.{webhook-timestamp}.{body}`; during a rotation a second `v1,…` made with the previous
secret follows, separated by a space. Receivers refuse a timestamp more than five minutes off, so a
recorded request cannot be played again later.
"""

import base64
import hashlib
import hmac
from datetime import datetime

PREFIX = "whsec_"


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secrets: list[str], message_id: str, at: datetime, body: bytes) -> dict[str, str]:
    timestamp = int(at.timestamp())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(secret, message_id, timestamp, body) for secret in secrets),
    }
