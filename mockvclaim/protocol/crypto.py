"""VClaim wire crypto: the X-signature HMAC and the LZString + AES-256-CBC `response` encryption."""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import threading

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.padding import PKCS7

from mockvclaim.protocol.lzstring import (
    compress_to_encoded_uri_component,
    decompress_from_encoded_uri_component,
)

BLOCK_BYTES = 16  # AES; PKCS#7 pads to it


class DecryptError(ValueError):
    """A `response` that does not decrypt and decompress with the given credentials."""


def _aes_cbc(key: bytes, iv: bytes) -> Cipher[modes.CBC]:
    # OpenSSL through PyCA's cryptography: a third of pycryptodome's cost per answer, whose
    # Python layer built a cipher object per call (docs/performance.md §7).
    return Cipher(algorithms.AES(key), modes.CBC(iv))


def _utf8(text: str) -> bytes:
    # Header values can carry lone surrogates (undecodable bytes); they must not raise here.
    return text.encode("utf-8", "surrogatepass")


@functools.lru_cache(maxsize=64)
def _keyed_hmac(secret: str) -> hmac.HMAC:
    # One keyed HMAC per secret, copied per signature: looking SHA-256 up by name and keying
    # it cost more than hashing the message (docs/performance.md §7).
    return hmac.new(_utf8(secret), digestmod=hashlib.sha256)


def sign(cons_id: str, secret: str, timestamp: str) -> str:
    """X-signature: base64(HMAC-SHA256(key=secret, msg="{cons_id}&{timestamp}"))."""
    keyed = _keyed_hmac(secret).copy()
    keyed.update(_utf8(f"{cons_id}&{timestamp}"))
    return binascii.b2a_base64(keyed.digest(), newline=False).decode("ascii")


def signed_headers(cons_id: str, secret: str, user_key: str, timestamp: str) -> dict[str, str]:
    """The four headers every VClaim call carries, in the catalogue's spelling."""
    return {
        "X-cons-id": cons_id,
        "X-timestamp": timestamp,
        "X-signature": sign(cons_id, secret, timestamp),
        "user_key": user_key,
    }


def signature_matches(cons_id: str, secret: str, timestamp: str, signature: str) -> bool:
    """Whether `signature` is the X-signature for these values, compared in constant time."""
    # compare_digest on str raises TypeError for non-ASCII text; on bytes it never does.
    return hmac.compare_digest(_utf8(sign(cons_id, secret, timestamp)), _utf8(signature))


def derive_key(cons_id: str, secret: str, timestamp: str) -> tuple[bytes, bytes]:
    """AES key = SHA256(cons_id + secret + timestamp), 32 raw bytes; IV = its first 16 bytes."""
    key = hashlib.sha256(_utf8(cons_id + secret + timestamp)).digest()
    return key, key[:16]


class _ChainedCbc:
    """AES-256-CBC under one key and IV, from one OpenSSL context that is never finalized.

    Setting a context up cost more than encrypting an answer, most of all inside a busy
    server (docs/performance.md §7). CBC feeds each ciphertext block into the next, so a
    message continues the chain from the context's last block; XOR-ing that block and the
    IV into the first plaintext block makes it start from the IV instead: every message
    comes out exactly as from a fresh context. A lock keeps the chain whole when servers
    in several threads (the pytest plugin's) share it.
    """

    def __init__(self, key: bytes, iv: bytes) -> None:
        self._encryptor = _aes_cbc(key, iv).encryptor()
        self._iv = int.from_bytes(iv)
        self._chain = self._iv  # the block the next message would be chained to
        self._lock = threading.Lock()

    def encrypt(self, padded: bytes) -> bytes:
        """`padded`: a whole number of blocks, at least one."""
        with self._lock:
            first = int.from_bytes(padded[:BLOCK_BYTES]) ^ self._iv ^ self._chain
            ciphertext = self._encryptor.update(first.to_bytes(BLOCK_BYTES) + padded[BLOCK_BYTES:])
            self._chain = int.from_bytes(ciphertext[-BLOCK_BYTES:])
        return ciphertext


@functools.lru_cache(maxsize=64)
def _answer_cipher(cons_id: str, secret: str, timestamp: str) -> _ChainedCbc:
    # Clients sign with the current second, so a busy second's answers share one key:
    # derived and set up once (docs/performance.md §7). A client that signs every request
    # with a new timestamp only misses.
    return _ChainedCbc(*derive_key(cons_id, secret, timestamp))


def encrypt_text(plaintext: str, cons_id: str, secret: str, timestamp: str) -> str:
    """base64(AES-256-CBC/PKCS#7(LZString.compressToEncodedURIComponent(plaintext)))."""
    compressed = compress_to_encoded_uri_component(plaintext)
    return _encrypt(compressed, _answer_cipher(cons_id, secret, timestamp))


def encrypt_compressed(compressed: str, key: bytes, iv: bytes) -> str:
    """base64(AES-256-CBC/PKCS#7(compressed)): the last step of `encrypt_text`."""
    return _encrypt(compressed, _ChainedCbc(key, iv))


def _encrypt(compressed: str, cipher: _ChainedCbc) -> str:
    data = compressed.encode("ascii")
    # PKCS#7 by hand: the library's padder is two more objects per answer for one slice
    # (docs/performance.md §7).
    fill = BLOCK_BYTES - len(data) % BLOCK_BYTES
    ciphertext = cipher.encrypt(data + bytes((fill,)) * fill)
    # One line of standard base64: Java's strict Base64 decoder rejects line breaks.
    return binascii.b2a_base64(ciphertext, newline=False).decode("ascii")


def decrypt_text(ciphertext: str, cons_id: str, secret: str, timestamp: str) -> str:
    """The inverse of `encrypt_text`; raises DecryptError on anything that does not decrypt."""
    try:
        raw = base64.b64decode(ciphertext, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptError(f"response is not valid base64: {exc}") from exc
    if not raw or len(raw) % BLOCK_BYTES:
        raise DecryptError(
            f"ciphertext length {len(raw)} is not a positive multiple of {BLOCK_BYTES}"
        )
    key, iv = derive_key(cons_id, secret, timestamp)
    decryptor = _aes_cbc(key, iv).decryptor()
    padded = decryptor.update(raw) + decryptor.finalize()
    unpadder = PKCS7(BLOCK_BYTES * 8).unpadder()
    try:
        compressed = unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        # Bad padding is what a wrong key (secret or timestamp) usually looks like.
        raise DecryptError(f"bad PKCS#7 padding (wrong key or timestamp?): {exc}") from exc
    try:
        lz = compressed.decode("ascii")
    except UnicodeDecodeError as exc:
        raise DecryptError("decrypted data is not LZString text (wrong key?)") from exc
    # '' would be JavaScript's null; a real compressed text is never empty.
    text = decompress_from_encoded_uri_component(lz) if lz else None
    if text is None:
        raise DecryptError("decrypted data is not valid LZString EncodedURIComponent text")
    return text


# Raw astral characters are mangled by Python and PHP clients; escapes decode everywhere.
# NaN/Infinity are not JSON and no client parses them: fail loudly instead. Built once:
# json.dumps with arguments builds an encoder per call.
_WIRE_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def to_wire_json(payload: object) -> str:
    """Compact JSON, key order kept, every non-ASCII character as a \\uXXXX escape."""
    return _WIRE_JSON.encode(payload)


def encrypt_payload(payload: object, cons_id: str, secret: str, timestamp: str) -> str:
    """The encrypted `response` for a JSON payload."""
    return encrypt_text(to_wire_json(payload), cons_id, secret, timestamp)
