"""HTTPS for the mock, as WireMock offers it: the user's certificate, or one made at start.

Real VClaim is https only, and some clients refuse a plain-http base URL (docs/interface.md
§10). Without `--tls-cert`, a local CA is kept in the TLS folder (made on first start and
reused, so a truststore import survives restarts) and a fresh server certificate signed by
it covers localhost, 127.0.0.1, ::1, this host's name and any `--tls-names`. Clients trust
`ca.pem` from that folder; the banner names it.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import os
import socket
import ssl
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from mockvclaim.config import ConfigError, Settings

CA_FILE = "ca.pem"  # the certificate clients trust
CA_BUNDLE_FILE = "ca-key.pem"  # the CA's key and certificate in one file: always a pair
CA_VALIDITY = datetime.timedelta(days=3650)
# Under the 398 days Apple and the browsers accept for a server certificate.
SERVER_VALIDITY = datetime.timedelta(days=397)
CLOCK_SLACK = datetime.timedelta(hours=1)  # valid a little before now: client clocks drift
ALWAYS_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_HOSTS = {"", "0.0.0.0", "::"}


@dataclass(frozen=True)
class Https:
    """What serving HTTPS needs: the server's context, and the CA file clients should trust
    (None when the user brought a certificate: they know their own CA)."""

    context: ssl.SSLContext
    ca_file: Path | None


def default_directory(environ: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_CACHE_HOME/mockvclaim/tls`, else `~/.cache/mockvclaim/tls`."""
    cache = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "mockvclaim" / "tls"


def prepare(settings: Settings) -> Https | None:
    """The HTTPS setup `settings` ask for, or None without `https_port`."""
    if settings.https_port is None:
        return None
    if settings.tls_cert is not None and settings.tls_key is not None:
        return Https(_context(settings.tls_cert, settings.tls_key), None)
    folder = settings.tls_dir or default_directory()
    return generated(folder, host_names(settings.host, settings.tls_names))


def host_names(bind_host: str, extra: Iterable[str] = ()) -> list[str]:
    """The names a local client may use for this server, without repeats, in order."""
    names = [*ALWAYS_NAMES, socket.gethostname()]
    if bind_host not in WILDCARD_HOSTS:
        names.append(bind_host)
    names.extend(extra)
    return list(dict.fromkeys(name for name in names if name))


def generated(folder: Path, names: Sequence[str]) -> Https:
    """A server certificate for `names` signed by the folder's CA (made when missing)."""
    ca_key, ca_cert = _load_or_create_ca(folder)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SLACK)
        .not_valid_after(min(now + SERVER_VALIDITY, ca_cert.not_valid_after_utc))
        .add_extension(x509.SubjectAlternativeName([_general_name(n) for n in names]), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    chain = _pem(cert) + _pem(ca_cert)
    return Https(_context_from_pem(chain, _key_pem(key)), folder / CA_FILE)


# --- the CA ------------------------------------------------------------------------------------


def _load_or_create_ca(folder: Path) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """The folder's CA; two servers starting at once on one folder end up with the same."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        bundle = folder / CA_BUNDLE_FILE
        current = _read_bundle(bundle) if bundle.exists() else None
        now = datetime.datetime.now(datetime.UTC)
        if current is None or current[1].not_valid_after_utc - now < SERVER_VALIDITY:
            key, cert = _new_ca()
            fresh = _write_private(folder, _key_pem(key) + _pem(cert))
            try:
                if current is None:
                    with contextlib.suppress(FileExistsError):
                        os.link(fresh, bundle)  # first start wins; the others read its CA
                else:
                    os.replace(fresh, bundle)  # expiring soon: a new CA, trusted anew
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(fresh)
            current = _read_bundle(bundle)
        ca_file = folder / CA_FILE
        wanted = _pem(current[1])
        if not ca_file.exists() or ca_file.read_bytes() != wanted:
            published = _write_private(folder, wanted)
            os.chmod(published, 0o644)  # the certificate is public; only the key is private
            os.replace(published, ca_file)
        return current
    except OSError as error:
        raise ConfigError(f"TLS folder {folder}: {error}") from None


def _read_bundle(bundle: Path) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    data = bundle.read_bytes()
    try:
        key = serialization.load_pem_private_key(data, password=None)
        cert = x509.load_pem_x509_certificate(data)
    except ValueError as error:
        raise ConfigError(f"{bundle}: not a mockvclaim CA ({error}); delete it") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ConfigError(f"{bundle}: not a mockvclaim CA key; delete it")
    return key, cert


def _new_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mockvclaim"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"mockvclaim local CA {socket.gethostname()}"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - CLOCK_SLACK)
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


# --- helpers -----------------------------------------------------------------------------------


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _general_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_private(folder: Path, data: bytes) -> Path:
    """`data` in a new file only this user can read, in `folder` (so a rename is atomic)."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=".mockvclaim-", suffix=".pem")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return Path(name)


def _context(cert_file: Path, key_file: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(cert_file, key_file)
    except (OSError, ssl.SSLError) as error:
        problem = f"cannot use --tls-cert {cert_file} / --tls-key {key_file}: {error}"
        raise ConfigError(problem) from None
    return context


def _context_from_pem(chain: bytes, key: bytes) -> ssl.SSLContext:
    """ssl loads certificates from files only: write them privately, load, delete."""
    with tempfile.TemporaryDirectory(prefix="mockvclaim-tls-") as scratch:
        cert_file, key_file = Path(scratch) / "server.pem", Path(scratch) / "server-key.pem"
        cert_file.write_bytes(chain)
        key_file.touch(mode=0o600)
        key_file.write_bytes(key)
        return _context(cert_file, key_file)
