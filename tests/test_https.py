"""HTTPS as a real client meets it: `mockvclaim serve --https-port`, a CA made at start that
the banner names, verified by requests and curl; a wrong CA is refused (docs/interface.md §10)."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import queue
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from mockvclaim import tls
from mockvclaim.config import ConfigError, Settings
from mockvclaim.protocol import crypto
from mockvclaim.pytest_plugin import VClaimServer
from tests.fixtures import sep_insert_requests as bodies

DEMO = ("10000", "mockvclaim-secret", "mockvclaim-user-key")
STARTUP_TIMEOUT = 60.0


class RunningServer:
    def __init__(self, banner: dict[str, str]) -> None:
        self.banner = banner

    @property
    def https_base(self) -> str:
        return self.banner["HTTPS"].split()[0]

    @property
    def ca_file(self) -> str:
        return self.banner["CA file"].split()[0]


def _read_banner(lines: queue.Queue[str | None]) -> dict[str, str]:
    """The banner's `name  value` lines; a start that hangs fails the test, not the run."""
    banner: dict[str, str] = {}
    while True:
        line = lines.get(timeout=STARTUP_TIMEOUT)
        if line is None:
            raise AssertionError(f"mockvclaim exited before its banner: {banner}")
        if line.startswith("Ctrl-C"):
            return banner
        if line.startswith("  "):
            name, _, value = line.strip().partition("  ")
            banner[name.strip()] = value.strip()


@contextlib.contextmanager
def serving(*flags: str) -> Iterator[RunningServer]:
    """`mockvclaim serve` in its own process, both ports free ones."""
    command = [sys.executable, "-m", "mockvclaim", "serve", "--port", "0", "--https-port", "0"]
    process = subprocess.Popen(
        [*command, *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        yield RunningServer(_read_banner(lines))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        reader.join(timeout=30)
        assert process.stdout is not None
        process.stdout.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[RunningServer]:
    """The server with a CA made at start in tmp_path."""
    with serving("--tls-dir", str(tmp_path / "tls")) as server:
        yield server


def _signed(timestamp: str) -> dict[str, str]:
    return crypto.signed_headers(DEMO[0], DEMO[1], DEMO[2], timestamp)


def _issue_over_https(base: str, verify: str) -> tuple[dict[str, Any], str]:
    timestamp = str(int(datetime.now(UTC).timestamp()))
    answer = requests.post(
        f"{base}/SEP/2.0/insert",
        data=json.dumps(bodies.catalog_example()),
        headers=_signed(timestamp),
        verify=verify,
        timeout=30,
    )
    document: dict[str, Any] = answer.json()
    return document, timestamp


def test_requests_issues_and_decrypts_a_sep_over_https(served: RunningServer) -> None:
    assert served.https_base.startswith("https://127.0.0.1:")
    assert served.https_base.endswith("/vclaim-rest-dev")
    assert Path(served.ca_file).is_file()

    document, timestamp = _issue_over_https(served.https_base, served.ca_file)

    assert document["metaData"] == {"code": "200", "message": "Sukses"}
    sep = json.loads(crypto.decrypt_text(document["response"], *DEMO[:2], timestamp))["sep"]
    assert sep["noSep"] == "0301R0110721V000001"
    port = int(served.https_base.split(":")[2].split("/")[0])
    shown = x509.load_pem_x509_certificate(ssl.get_server_certificate(("127.0.0.1", port)).encode())
    names = shown.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {"localhost", socket.gethostname()} <= set(names.get_values_for_type(x509.DNSName))
    assert ipaddress.ip_address("127.0.0.1") in names.get_values_for_type(x509.IPAddress)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_with_cacert_and_by_host_name(served: RunningServer) -> None:
    timestamp = str(int(datetime.now(UTC).timestamp()))
    headers = [f"-H{name}: {value}" for name, value in _signed(timestamp).items()]
    port = served.https_base.split(":")[2].split("/")[0]
    for host in ("127.0.0.1", "localhost"):
        url = f"https://{host}:{port}/vclaim-rest-dev/referensi/propinsi"
        done = subprocess.run(
            ["curl", "-sS", "--fail", "--cacert", served.ca_file, *headers, url],
            capture_output=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        assert document["metaData"]["code"] == "200"
        listed = json.loads(crypto.decrypt_text(document["response"], *DEMO[:2], timestamp))
        assert {"kode": "03", "nama": "SUMATERA BARAT"} in listed["list"]


def test_a_client_trusting_another_ca_refuses_the_server(
    served: RunningServer, tmp_path: Path
) -> None:
    other = tls.generated(tmp_path / "other-ca", ["localhost"]).ca_file
    assert other is not None
    assert other.read_bytes() != Path(served.ca_file).read_bytes()

    with pytest.raises(requests.exceptions.SSLError, match="CERTIFICATE_VERIFY_FAILED"):
        _issue_over_https(served.https_base, str(other))
    # The system's trust store does not know the mock's CA either.
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(served.https_base.rsplit("/", 1)[0] + "/_mock/health", timeout=30)
    # ...and plain http still answers beside it.
    plain = served.banner["Base URL"].split()[0].rsplit("/", 1)[0]
    assert requests.get(f"{plain}/_mock/health", timeout=30).json()["status"] == "ok"


def test_a_third_party_client_trusts_it_by_the_readme_recipe(
    served: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # README "HTTPS": Python clients built on requests trust the CA via REQUESTS_CA_BUNDLE.
    from bpjs import Bridging

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", served.ca_file)
    client = Bridging(
        {"host": served.https_base, "consid": DEMO[0], "secret": DEMO[1], "user_key": DEMO[2]},
        "vclaim",
    )

    result = client.request("SEP/2.0/insert", "POST", bodies.catalog_example())

    assert result["metaData"] == {"code": "200", "message": "Sukses"}
    assert result["response"]["sep"]["noSep"] == "0301R0110721V000001"  # decrypted by it


def test_the_pytest_plugin_offers_https(vclaim_server: VClaimServer) -> None:
    assert vclaim_server.https_url.startswith("https://127.0.0.1:")

    document, timestamp = _issue_over_https(vclaim_server.https_url, vclaim_server.ca_file)

    assert document["metaData"]["code"] == "200"
    sep = vclaim_server.decrypt(document, timestamp)["sep"]
    assert vclaim_server.requests()[0]["response"]["sep"]["noSep"] == sep["noSep"]


# --- the certificate itself ------------------------------------------------------------------


def test_the_ca_is_made_once_and_reused(tmp_path: Path) -> None:
    first = tls.generated(tmp_path, ["localhost"]).ca_file
    assert first is not None
    made = first.read_bytes()
    bundle_mode = (tmp_path / tls.CA_BUNDLE_FILE).stat().st_mode & 0o777

    second = tls.generated(tmp_path, ["localhost", "simrs.local"]).ca_file

    assert second == first
    assert first.read_bytes() == made  # a truststore import survives a restart
    assert bundle_mode == 0o600  # the CA key is private to its user
    ca = x509.load_pem_x509_certificate(made)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_host_names_cover_local_clients() -> None:
    names = tls.host_names("0.0.0.0", ["vclaim", "localhost"])

    assert names[:3] == ["localhost", "127.0.0.1", "::1"]
    assert "vclaim" in names
    assert "0.0.0.0" not in names
    assert len(names) == len(set(names))
    assert "10.1.2.3" in tls.host_names("10.1.2.3")


def test_settings_for_https(tmp_path: Path) -> None:
    from mockvclaim.config import settings_from
    from tests.test_config import parse_serve_args

    settings = settings_from(
        parse_serve_args(["--https-port", "0", "--tls-names", "vclaim, mock.local"]),
        {"MOCKVCLAIM_TLS_DIR": str(tmp_path)},
    )
    assert (settings.https_port, settings.tls_dir) == (0, tmp_path)
    assert settings.tls_names == ("vclaim", "mock.local")
    assert settings_from(parse_serve_args([]), {}).https_port is None
    with pytest.raises(ConfigError, match="go together"):
        settings_from(parse_serve_args(["--https-port", "0", "--tls-cert", "a.pem"]), {})
    with pytest.raises(ConfigError, match="needs --https-port"):
        settings_from(parse_serve_args(["--tls-cert", "a.pem", "--tls-key", "k.pem"]), {})


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost as a team's own tooling (mkcert, openssl) would make."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "own.pem", folder / "own-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_a_certificate_of_ones_own_is_served(tmp_path: Path) -> None:
    cert_file, key_file = _self_signed(tmp_path)

    with serving("--tls-cert", str(cert_file), "--tls-key", str(key_file)) as server:
        assert "--tls-cert" in server.banner["CA file"]
        port = server.https_base.split(":")[2].split("/")[0]
        answer = requests.get(
            f"https://localhost:{port}/_mock/health", verify=str(cert_file), timeout=30
        )

    assert answer.json()["status"] == "ok"


def test_a_bad_certificate_is_named(tmp_path: Path) -> None:
    missing = Settings(https_port=0, tls_cert=tmp_path / "no.pem", tls_key=tmp_path / "no.key")
    with pytest.raises(ConfigError, match="cannot use --tls-cert"):
        tls.prepare(missing)
    assert tls.prepare(Settings()) is None
