"""RFC 9421 HTTP Message Signatures with Ed25519 for federation requests (pure, no HTTP).

Every request between peers is signed over ``@method``, ``@path``, ``@query`` and the
RFC 9530 ``Content-Digest`` of the body (also for an empty GET body), with the
parameters ``created``, ``keyid``, ``nonce``, ``alg="ed25519"`` and the application
``tag="clusterweb.federation/1"`` that tells our signature apart from any other one
(a proxy may add its own). The authority is not covered on purpose: peers sit
behind TLS-terminating proxies that rewrite Host and scheme.

The ``requests`` wrapper (``SignedAuth``) lives in ``federation.client``, the one
module that imports requests.
"""

from __future__ import annotations

import hashlib
import heapq
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import http_sf
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from http_message_signatures import (
    ContentDigest,
    HTTPMessageSignaturesException,
    HTTPMessageSigner,
    HTTPMessageVerifier,
    InvalidSignature,
    MappingKeyResolver,
    algorithms,
)
from http_message_signatures.structures import get_header_fields

SIGNATURE_LABEL = "fed"
SIGNATURE_TAG = "clusterweb.federation/1"
COVERED_COMPONENTS = ("@method", "@path", "@query", "content-digest")
NONCE_MAX_LENGTH = 128

# SignatureError.reason values (stable: the API maps them to log lines and 401 bodies).
MISSING_HEADER = "missing_header"
MALFORMED = "malformed"
UNKNOWN_KEY = "unknown_key"
BAD_SIGNATURE = "bad_signature"
DIGEST_MISMATCH = "digest_mismatch"
EXPIRED = "expired"
FUTURE = "future"
REPLAY = "replay"


class SignatureError(Exception):
    """A request's signature is not acceptable; ``reason`` is one of the codes above."""

    def __init__(self, reason: str, message: str):
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class VerifiedSignature:
    key_id: str
    created: int
    nonce: str


# --- keys -------------------------------------------------------------------------


def keypair_generate() -> tuple[str, str]:
    """A new Ed25519 key pair as PEM strings: (PKCS#8 private key, SPKI public key)."""
    private_key = Ed25519PrivateKey.generate()
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return private_pem.decode("ascii"), public_pem_for(private_pem.decode("ascii"))


def private_key_load(private_pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the private key is not an Ed25519 key")
    return key


def public_key_load(public_pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(public_pem.encode("ascii"))
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the public key is not an Ed25519 key")
    return key


def public_pem_for(private_pem: str) -> str:
    public_key = private_key_load(private_pem).public_key()
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def key_id_for(public_pem: str) -> str:
    """First 16 hex digits of the SHA-256 of the raw 32-byte public key."""
    raw = public_key_load(public_pem).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return hashlib.sha256(raw).hexdigest()[:16]


# --- replay protection ------------------------------------------------------------


class NonceStore(Protocol):
    def seen(self, key_id: str, nonce: str, created: int) -> bool:
        """True if (key_id, nonce) was seen before; otherwise record it and return False.

        Must be atomic (check-and-record) and keep entries at least as long as a
        signature stays acceptable: ``max_age_seconds + max_future_seconds``.
        """


class MemoryNonceStore:
    """Process-local NonceStore; entries expire ``ttl_seconds`` after creation."""

    def __init__(self, *, ttl_seconds: int = 600, clock=time.time):
        self._ttl = ttl_seconds
        self._clock = clock
        self._seen: set[tuple[str, str]] = set()
        self._expiries: list[tuple[float, tuple[str, str]]] = []
        self._lock = threading.Lock()

    def seen(self, key_id: str, nonce: str, created: int) -> bool:
        now = self._clock()
        key = (key_id, nonce)
        with self._lock:
            while self._expiries and self._expiries[0][0] < now:
                self._seen.discard(heapq.heappop(self._expiries)[1])
            if key in self._seen:
                return True
            self._seen.add(key)
            heapq.heappush(self._expiries, (max(created, now) + self._ttl, key))
            return False

    def __len__(self) -> int:
        return len(self._seen)


# --- signing ----------------------------------------------------------------------


@dataclass
class _Message:
    """The request view the library reads (method, absolute URL, headers)."""

    method: str
    url: str
    headers: Any


def request_sign(
    *,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    private_key_pem: str,
    key_id: str,
    created: int | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The headers to add to a request: Content-Digest, Signature-Input, Signature."""
    message = _Message(method.upper(), url, dict(headers))
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.ED25519,
        key_resolver=MappingKeyResolver(
            public_keys={}, private_keys={key_id: private_key_load(private_key_pem)}
        ),
    )
    created_at = datetime.fromtimestamp(time.time() if created is None else created, UTC)
    signer.sign(
        message,
        key_id=key_id,
        created=created_at,
        nonce=nonce if nonce is not None else secrets.token_urlsafe(16),
        label=SIGNATURE_LABEL,
        tag=SIGNATURE_TAG,
        covered_component_ids=COVERED_COMPONENTS,
        body=body or b"",
        use_existing_digest=True,  # a caller-supplied digest is checked against the body
    )
    added = {name.lower(): value for name, value in message.headers.items()}
    return {
        "Content-Digest": added["content-digest"],
        "Signature-Input": added["signature-input"],
        "Signature": added["signature"],
    }


# --- verification -----------------------------------------------------------------


class _Verifier(HTTPMessageVerifier):
    def validate_created_and_expires(self, sig_input, max_age=None):
        # request_verify checks the time window itself, against an injectable clock.
        return None


def request_verify(
    *,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    public_keys: Mapping[str, str],
    max_age_seconds: int = 300,
    max_future_seconds: int = 30,
    now: float | None = None,
    nonce_store: NonceStore | None = None,
) -> VerifiedSignature:
    """Verify a signed request; raise SignatureError with a reason code if unacceptable.

    ``public_keys`` maps key ids to PEM public keys of the one peer the caller
    expects (two entries while that peer rotates its key). ``url`` is the absolute
    URL as requested (scheme/host do not matter; path and raw query do).
    """
    fields = get_header_fields(headers)
    for name in ("Signature-Input", "Signature", "Content-Digest"):
        if name not in fields:
            raise SignatureError(MISSING_HEADER, f"the {name} header is missing")
    params = _signature_params(fields["Signature-Input"])
    key_id, created, nonce = params["keyid"], params["created"], params["nonce"]
    if key_id not in public_keys:
        raise SignatureError(UNKNOWN_KEY, f"unknown key id {key_id!r}")
    _time_window_check(
        params,
        now=time.time() if now is None else now,
        max_age=max_age_seconds,
        max_future=max_future_seconds,
    )
    _signature_check(method, url, headers, key=public_key_load(public_keys[key_id]), key_id=key_id)
    try:
        ContentDigest.verify(fields["Content-Digest"], body or b"")
    except InvalidSignature as exc:
        raise SignatureError(DIGEST_MISMATCH, str(exc)) from None
    # Only after the signature holds, or forged requests could burn real nonces.
    if nonce_store is not None and nonce_store.seen(key_id, nonce, created):
        raise SignatureError(REPLAY, f"nonce {nonce!r} of key {key_id!r} was already used")
    return VerifiedSignature(key_id=key_id, created=created, nonce=nonce)


def _signature_params(signature_input: str) -> dict[str, Any]:
    try:
        members = http_sf.parse(signature_input.encode("latin-1"), tltype="dictionary")
    except (ValueError, TypeError, UnicodeEncodeError):
        raise SignatureError(MALFORMED, "the Signature-Input header is malformed") from None
    ours = [params for _, (_, params) in members.items() if params.get("tag") == SIGNATURE_TAG]
    if len(ours) != 1:
        raise SignatureError(
            MALFORMED, f"expected one signature tagged {SIGNATURE_TAG!r}, found {len(ours)}"
        )
    params = ours[0]
    if not isinstance(params.get("keyid"), str):
        raise SignatureError(MALFORMED, "the signature has no keyid")
    if type(params.get("created")) is not int:
        raise SignatureError(MALFORMED, "the signature has no integer created time")
    nonce = params.get("nonce")
    if not isinstance(nonce, str) or not 0 < len(nonce) <= NONCE_MAX_LENGTH:
        raise SignatureError(MALFORMED, "the signature has no usable nonce")
    if params.get("alg") != algorithms.ED25519.algorithm_id:
        raise SignatureError(
            MALFORMED, f"the signature alg must be 'ed25519', got {params.get('alg')!r}"
        )
    return params


def _time_window_check(params, *, now: float, max_age: int, max_future: int) -> None:
    created = params["created"]
    if now - created > max_age:
        raise SignatureError(
            EXPIRED, f"the signature is {int(now - created)}s old (limit {max_age}s)"
        )
    if created - now > max_future:
        raise SignatureError(
            FUTURE, f"the signature is created {int(created - now)}s in the future"
        )
    expires = params.get("expires")
    if expires is not None and (type(expires) is not int or expires < now):
        raise SignatureError(EXPIRED, "the signature has expired")


def _signature_check(method, url, headers, *, key, key_id) -> None:
    verifier = _Verifier(
        signature_algorithm=algorithms.ED25519,
        key_resolver=MappingKeyResolver(public_keys={key_id: key}, private_keys={}),
    )
    message = _Message(method.upper(), url, headers)
    try:
        verifier.verify(
            message, max_age=None, expect_tag=SIGNATURE_TAG, require_components=COVERED_COMPONENTS
        )
    except InvalidSignature as exc:
        detail = f" ({exc})" if str(exc) else ""
        raise SignatureError(BAD_SIGNATURE, f"the signature does not verify{detail}") from None
    except HTTPMessageSignaturesException as exc:
        raise SignatureError(MALFORMED, str(exc)) from None
