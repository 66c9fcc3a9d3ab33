"""roadmap.load.signatures against the real ssh-keygen, both ways: its signatures verify here, ours verify there.

Every failure is asserted by its exact one-line message, and where ssh-keygen has an opinion, it is
asked too. Keys are throwaway ones made by `ssh-keygen -N ""` in temporary folders.

FIDO keys (sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com) need a hardware token
to sign, so their test signatures are built here by following PROTOCOL.u2f with a `cryptography`
private key standing in for the token (`_sk_signature`): the token signs SHA256(application) ‖
flags ‖ counter ‖ SHA256(the SSHSIG data). The real `ssh-keygen -Y verify` accepts them, which
checks that construction.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from roadmap.errors import InputError
from roadmap.load.signatures import (
    ASSESSMENT_NAMESPACE,
    CATALOG_RELEASE_NAMESPACE,
    SIGNATURE_NAMESPACES,
    AllowedSigners,
    SignatureError,
    SigningError,
    Verified,
    fingerprint,
    sign,
    sign_bytes,
    verify,
)

NS = ASSESSMENT_NAMESPACE
MESSAGE = b"fvey@1.1.0 sha256:c0d6a24cc1d31f35daba8a208764fcb350d8057c9231ffde275faeced6ed9f88\n"
KINDS = {
    "ed25519": ["-t", "ed25519"],
    "ecdsa256": ["-t", "ecdsa", "-b", "256"],
    "ecdsa384": ["-t", "ecdsa", "-b", "384"],
    "ecdsa521": ["-t", "ecdsa", "-b", "521"],
    "rsa": ["-t", "rsa", "-b", "2048"],
}
LABELS = {"ed25519": "ED25519", "ecdsa256": "ECDSA", "ecdsa384": "ECDSA", "ecdsa521": "ECDSA", "rsa": "RSA"}


@dataclass(frozen=True)
class Key:
    private: Path
    line: str  # the public key line: type, base64, comment
    fingerprint: str  # as `ssh-keygen -l` prints it

    @property
    def public(self) -> Path:
        return self.private.with_name(self.private.name + ".pub")

    @property
    def type_and_base64(self) -> str:
        return " ".join(self.line.split()[:2])

    @property
    def blob(self) -> bytes:
        return base64.b64decode(self.line.split()[1])


def _run(args: list[str], stdin: bytes = b"", env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = subprocess.run(args, input=stdin, capture_output=True, check=False, timeout=60, env=env)
    return proc.returncode, proc.stdout.decode().strip(), proc.stderr.decode().strip()


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Key]:
    folder = tmp_path_factory.mktemp("keys")
    out = {}
    for name, args in KINDS.items():
        path = folder / name
        code, _, err = _run(["ssh-keygen", "-q", *args, "-N", "", "-C", f"{name}@test", "-f", str(path)])
        assert code == 0, err
        code, listed, err = _run(["ssh-keygen", "-l", "-f", str(path) + ".pub"])
        assert code == 0, err
        out[name] = Key(path, Path(str(path) + ".pub").read_text().strip(), listed.split()[1])
    return out


def _allowed(tmp_path: Path, text: str) -> tuple[Path, AllowedSigners]:
    path = tmp_path / "allowed_signers"
    path.write_text(text)
    return path, AllowedSigners.parse(text, file="allowed_signers")


def _keygen_sign(tmp_path: Path, key: Path, message: bytes = MESSAGE, namespace: str = NS,
                 *options: str) -> str:
    path = tmp_path / "message"
    path.write_bytes(message)
    Path(str(path) + ".sig").unlink(missing_ok=True)
    code, _, err = _run(["ssh-keygen", "-Y", "sign", "-n", namespace, "-f", str(key),
                         *(f"-O{o}" for o in options), str(path)])
    assert code == 0, err
    return Path(str(path) + ".sig").read_text()


def _keygen_verify(tmp_path: Path, allowed: Path, signature: str, *, principal: str, message: bytes = MESSAGE,
                   namespace: str = NS, when: str | None = None) -> tuple[int, str]:
    sig = tmp_path / "signature.sig"
    sig.write_text(signature)
    time_option = [f"-Overify-time={when}"] if when else []
    code, out, _ = _run(["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", principal, "-n", namespace,
                         "-s", str(sig), *time_option], stdin=message)
    return code, out


def _failure(message: bytes, signature: str | bytes, signers: AllowedSigners, *, namespace: str = NS,
             principal: str | None = "alice@jp", when: date | datetime | None = None) -> str:
    with pytest.raises(SignatureError) as caught:
        verify(message, signature, namespace=namespace, signers=signers, principal=principal, when=when)
    text = str(caught.value)
    assert "\n" not in text
    return text


# --- signatures built by hand (wire format of PROTOCOL.sshsig; primitives from cryptography) -------


def _s(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def _mpint(n: int) -> bytes:
    return _s(n.to_bytes((n.bit_length() + 8) // 8, "big"))


def _armor(blob: bytes) -> str:
    b64 = base64.b64encode(blob).decode()
    return "-----BEGIN SSH SIGNATURE-----\n" + "".join(b64[i:i + 70] + "\n" for i in range(0, len(b64), 70)) \
        + "-----END SSH SIGNATURE-----\n"


def _blob(public_key: bytes, signature: bytes, *, namespace: str = NS, hash_algorithm: str = "sha512",
          magic: bytes = b"SSHSIG", version: int = 1) -> bytes:
    return (magic + version.to_bytes(4, "big") + _s(public_key) + _s(namespace.encode()) + _s(b"")
            + _s(hash_algorithm.encode()) + _s(signature))


def _signed_data(message: bytes, namespace: str = NS, hash_algorithm: str = "sha512") -> bytes:
    return (b"SSHSIG" + _s(namespace.encode()) + _s(b"") + _s(hash_algorithm.encode())
            + _s(hashlib.new(hash_algorithm, message).digest()))


def _blob_of(signature: str) -> bytes:
    lines = signature.strip().splitlines()
    return base64.b64decode("".join(lines[1:-1]))


@dataclass(frozen=True)
class SkKey:
    """A FIDO public key whose token is a cryptography private key."""

    private: ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
    type: str
    blob: bytes
    application: bytes

    @property
    def line(self) -> str:
        return f"{self.type} {base64.b64encode(self.blob).decode()}"


def _sk_key(kind: str, application: bytes = b"ssh:") -> SkKey:
    if kind == "ed25519":
        edkey = ed25519.Ed25519PrivateKey.generate()
        raw = edkey.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        key_type = "sk-ssh-ed25519@openssh.com"
        return SkKey(edkey, key_type, _s(key_type.encode()) + _s(raw) + _s(application), application)
    eckey = ec.generate_private_key(ec.SECP256R1())
    point = eckey.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    key_type = "sk-ecdsa-sha2-nistp256@openssh.com"
    return SkKey(eckey, key_type, _s(key_type.encode()) + _s(b"nistp256") + _s(point) + _s(application), application)


def _sk_field(key: SkKey, message: bytes = MESSAGE, *, flags: int = 0x01, counter: int = 7) -> bytes:
    """PROTOCOL.u2f, as a token would do it: sign SHA256(application) ‖ flags ‖ counter ‖ SHA256(data)."""
    data = _signed_data(message)
    tail = bytes([flags]) + counter.to_bytes(4, "big")
    signed = hashlib.sha256(key.application).digest() + tail + hashlib.sha256(data).digest()
    if isinstance(key.private, ed25519.Ed25519PrivateKey):
        raw = key.private.sign(signed)
    else:
        r, s = decode_dss_signature(key.private.sign(signed, ec.ECDSA(hashes.SHA256())))
        raw = _mpint(r) + _mpint(s)
    return _s(key.type.encode()) + _s(raw) + tail


def _sk_signature(key: SkKey, message: bytes = MESSAGE, *, flags: int = 0x01, counter: int = 7) -> str:
    return _armor(_blob(key.blob, _sk_field(key, message, flags=flags, counter=counter)))


def _rsa_signature(key: Key, algorithm: str, hash_algorithm: hashes.HashAlgorithm, message: bytes = MESSAGE) -> str:
    private = serialization.load_ssh_private_key(key.private.read_bytes(), None)
    assert isinstance(private, rsa.RSAPrivateKey)
    raw = private.sign(_signed_data(message), padding.PKCS1v15(), hash_algorithm)
    return _armor(_blob(key.blob, _s(algorithm.encode()) + _s(raw)))


# --- both directions -----------------------------------------------------------------------------


def test_namespaces() -> None:
    assert SIGNATURE_NAMESPACES == ("roadmap-catalog-release", "roadmap-assessment")
    assert (CATALOG_RELEASE_NAMESPACE, ASSESSMENT_NAMESPACE) == SIGNATURE_NAMESPACES


@pytest.mark.parametrize("kind", KINDS)
def test_fingerprint_is_what_ssh_keygen_prints(keys: dict[str, Key], kind: str) -> None:
    assert fingerprint(keys[kind].line) == keys[kind].fingerprint
    assert fingerprint(keys[kind].type_and_base64) == keys[kind].fingerprint


@pytest.mark.parametrize(("kind", "hash_algorithm"), [*((k, "sha512") for k in KINDS), ("ed25519", "sha256"),
                                                      ("ecdsa384", "sha256"), ("rsa", "sha256")])
def test_ssh_keygen_signature_verifies_here(tmp_path: Path, keys: dict[str, Key], kind: str,
                                            hash_algorithm: str) -> None:
    key = keys[kind]
    allowed, signers = _allowed(tmp_path, f"alice@jp {key.line}\n")
    signature = _keygen_sign(tmp_path, key.private, MESSAGE, NS, f"hashalg={hash_algorithm}")
    verified = verify(MESSAGE, signature, namespace=NS, signers=signers, principal="alice@jp")
    assert verified == Verified(NS, ("alice@jp",), key.line.split()[0], key.fingerprint, hash_algorithm,
                                "allowed_signers", (1,))
    code, said = _keygen_verify(tmp_path, allowed, signature, principal="alice@jp")
    assert (code, said) == (0, str(verified))
    assert str(verified) == f'Good "{NS}" signature for alice@jp with {LABELS[kind]} key {key.fingerprint}'


@pytest.mark.parametrize("kind", KINDS)
def test_our_signature_verifies_with_ssh_keygen(tmp_path: Path, keys: dict[str, Key], kind: str) -> None:
    key = keys[kind]
    allowed, signers = _allowed(tmp_path, f"taro@mofa.example {key.line}\n")
    message = tmp_path / "release.bytes"
    message.write_bytes(MESSAGE)
    signature = sign(message, key.private, namespace=CATALOG_RELEASE_NAMESPACE)
    assert signature.startswith("-----BEGIN SSH SIGNATURE-----\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["allowed_signers", "release.bytes"]  # no .sig beside
    code, said = _keygen_verify(tmp_path, allowed, signature, principal="taro@mofa.example",
                                namespace=CATALOG_RELEASE_NAMESPACE)
    ours = verify(MESSAGE, signature, namespace=CATALOG_RELEASE_NAMESPACE, signers=signers,
                  principal="taro@mofa.example")
    assert (code, said) == (0, str(ours))
    assert ours.hash_algorithm == "sha512"  # ssh-keygen's default
    # and ssh-keygen's own check without an allowed-signers file agrees
    path = tmp_path / "s.sig"
    path.write_text(signature)
    code, said, _ = _run(["ssh-keygen", "-Y", "check-novalidate", "-n", CATALOG_RELEASE_NAMESPACE, "-s", str(path)],
                         stdin=MESSAGE)
    assert (code, said) == (0, f'Good "{CATALOG_RELEASE_NAMESPACE}" signature with {LABELS[kind]} key '
                               f"{key.fingerprint}")


def test_sign_bytes_and_the_agent(tmp_path: Path, keys: dict[str, Key], monkeypatch: pytest.MonkeyPatch) -> None:
    # -f names a public key whose private half is only in ssh-agent: ssh-keygen asks the agent.
    key = keys["ed25519"]
    public = tmp_path / "only" / "signer.pub"
    public.parent.mkdir()
    shutil.copy(key.public, public)
    socket = tmp_path / "agent.sock"
    agent = subprocess.Popen(["ssh-agent", "-D", "-a", str(socket)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if socket.exists():
                break
            time.sleep(0.01)
        env = {**os.environ, "SSH_AUTH_SOCK": str(socket)}
        code, _, err = _run(["ssh-add", "-q", str(key.private)], env=env)
        assert code == 0, err
        monkeypatch.setenv("SSH_AUTH_SOCK", str(socket))
        signature = sign_bytes(MESSAGE, public, namespace=NS)
    finally:
        agent.terminate()
        agent.wait(timeout=10)
    _, signers = _allowed(tmp_path, f"alice@jp {key.line}\n")
    assert verify(MESSAGE, signature, namespace=NS, signers=signers).fingerprint == key.fingerprint


@pytest.mark.parametrize("kind", ["ed25519", "ecdsa"])
def test_fido_signature_verifies_here_and_with_ssh_keygen(tmp_path: Path, kind: str) -> None:
    key = _sk_key(kind, b"ssh:roadmap")  # an application other than the usual "ssh:"
    allowed, signers = _allowed(tmp_path, f"alice@jp {key.line}\n")
    signature = _sk_signature(key)
    verified = verify(MESSAGE, signature, namespace=NS, signers=signers, principal="alice@jp")
    assert verified.key_type == key.type
    assert verified.fingerprint == fingerprint(key.line)
    assert _keygen_verify(tmp_path, allowed, signature, principal="alice@jp") == (0, str(verified))
    label = {"ed25519": "ED25519-SK", "ecdsa": "ECDSA-SK"}[kind]
    assert str(verified) == f'Good "{NS}" signature for alice@jp with {label} key {verified.fingerprint}'


@pytest.mark.parametrize("kind", ["ed25519", "ecdsa"])
def test_fido_signature_needs_user_presence(tmp_path: Path, kind: str) -> None:
    # Stricter than ssh-keygen -Y verify, which does not look at the flags (sshd does, by default).
    key = _sk_key(kind)
    allowed, signers = _allowed(tmp_path, f"alice@jp {key.line}\n")
    signature = _sk_signature(key, flags=0x04)  # user verified (PIN), but no touch
    label = {"ed25519": "ED25519-SK", "ecdsa": "ECDSA-SK"}[kind]
    assert _failure(MESSAGE, signature, signers) == (
        f"signature without user presence: {label} key {fingerprint(key.line)} signed without a touch "
        "(flags 0x04); expected the user-presence flag 0x01")
    assert _keygen_verify(tmp_path, allowed, signature, principal="alice@jp")[0] == 0


@pytest.mark.parametrize("kind", ["ed25519", "ecdsa"])
def test_fido_signature_over_other_bytes_or_another_application(tmp_path: Path, kind: str) -> None:
    key = _sk_key(kind)
    _, signers = _allowed(tmp_path, f"alice@jp {key.line}\n")
    label = {"ed25519": "ED25519-SK", "ecdsa": "ECDSA-SK"}[kind]
    wrong = (f"signature does not match the message: {label} key {fingerprint(key.line)} did not sign these "
             "bytes (changed since signing, or another file)")
    assert _failure(MESSAGE + b"x", _sk_signature(key), signers) == wrong
    # the application is part of what the token signs: the same key pair under "ssh:other" is another key
    other = SkKey(key.private, key.type, key.blob.replace(_s(b"ssh:"), _s(b"ssh:other")), b"ssh:other")
    assert _failure(MESSAGE, _armor(_blob(key.blob, _sk_field(other))), signers) == wrong


def test_rsa_sha2_256_verifies_and_sha1_is_refused(tmp_path: Path, keys: dict[str, Key]) -> None:
    key = keys["rsa"]
    allowed, signers = _allowed(tmp_path, f"alice@jp {key.line}\n")
    signature = _rsa_signature(key, "rsa-sha2-256", hashes.SHA256())
    verified = verify(MESSAGE, signature, namespace=NS, signers=signers, principal="alice@jp")
    assert _keygen_verify(tmp_path, allowed, signature, principal="alice@jp") == (0, str(verified))
    sha1 = _rsa_signature(key, "ssh-rsa", hashes.SHA1())
    assert _failure(MESSAGE, sha1, signers) == (
        "unsupported signature algorithm for an RSA key: expected rsa-sha2-256 or rsa-sha2-512, found 'ssh-rsa'")
    assert _keygen_verify(tmp_path, allowed, sha1, principal="alice@jp")[0] != 0


def test_find_principals_agrees(tmp_path: Path, keys: dict[str, Key]) -> None:
    key = keys["ecdsa256"]
    allowed, signers = _allowed(tmp_path, f"# host side\n{keys['ed25519'].line.replace('ssh', 'x@us ssh', 1)}\n"
                                          f"taro@mofa.example,hanako@mofa.example {key.line}\n")
    signature = _keygen_sign(tmp_path, key.private)
    sig = tmp_path / "found.sig"
    sig.write_text(signature)
    code, said, _ = _run(["ssh-keygen", "-Y", "find-principals", "-f", str(allowed), "-s", str(sig)])
    verified = verify(MESSAGE, signature, namespace=NS, signers=signers)
    assert code == 0
    assert verified.principals == tuple(said.splitlines()) == ("taro@mofa.example", "hanako@mofa.example")
    assert verified.lines == (3,)
    assert str(verified) == (f'Good "{NS}" signature for taro@mofa.example, hanako@mofa.example with ECDSA key '
                             f"{key.fingerprint}")


# --- what is refused, and why ------------------------------------------------------------------------


def test_malformed_armor(tmp_path: Path, keys: dict[str, Key]) -> None:
    _, signers = _allowed(tmp_path, f"alice@jp {keys['ed25519'].line}\n")
    good = _keygen_sign(tmp_path, keys["ed25519"].private)
    lines = good.splitlines()
    cases = {
        "": "malformed signature: expected '-----BEGIN SSH SIGNATURE-----' at the start, found ''",
        "hello\n" + good: "malformed signature: expected '-----BEGIN SSH SIGNATURE-----' at the start, found 'hello'",
        " " + good: "malformed signature: expected '-----BEGIN SSH SIGNATURE-----' at the start, "
                    "found ' -----BEGIN SSH SIGNATURE-----'",
        "\n".join(lines[:-1]): "malformed signature: expected '-----END SSH SIGNATURE-----' after the base64, "
                               "found the end of the text",
        "\n".join([lines[0], lines[1][:10] + "#" + lines[1][11:], *lines[2:]]):
            "malformed signature: expected base64 on line 2, found '#'",
        "\n".join([*lines[:-2], lines[-2][:-2], lines[-1]]):
            "malformed signature: expected base64 between header and footer, found base64 cut short (bad padding)",
        good + "trailing words\n": "malformed signature: expected nothing after the footer, found 'trailing words'",
    }
    for text, expected in cases.items():
        assert _failure(MESSAGE, text, signers) == expected, text
    assert _failure(MESSAGE, "é".encode() + good.encode(), signers) == (
        "malformed signature: expected ASCII armor, found other bytes")
    # CRLF line ends, bytes, and blank lines after the footer are fine
    assert verify(MESSAGE, good.replace("\n", "\r\n").encode() + b"\r\n\n", namespace=NS, signers=signers)


def test_malformed_blob(tmp_path: Path, keys: dict[str, Key]) -> None:
    key = keys["ed25519"]
    _, signers = _allowed(tmp_path, f"alice@jp {key.line}\n")
    blob = _blob_of(_keygen_sign(tmp_path, key.private))
    public_key_length = len(key.blob)
    assert _failure(MESSAGE, _armor(blob[:40]), signers) == (
        f"truncated signature: expected {public_key_length} bytes of the public key, found 26")
    assert _failure(MESSAGE, _armor(blob[:12]), signers) == (
        "truncated signature: expected 4 bytes of the length of the public key, found 2")
    assert _failure(MESSAGE, _armor(b""), signers) == "truncated signature: expected 6 bytes of the magic, found 0"
    assert _failure(MESSAGE, _armor(blob[:-1]), signers) == (
        "truncated signature: expected 83 bytes of the signature, found 82")
    assert _failure(MESSAGE, _armor(blob + b"\0\0"), signers) == (
        "malformed signature: expected its end after the signature, found 2 bytes more")
    assert _failure(MESSAGE, _armor(b"SSHSIX" + blob[6:]), signers) == (
        "not an SSH signature: expected the magic 'SSHSIG', found 'SSHSIX'")
    assert _failure(MESSAGE, _armor(b"-----BEGIN OPENSSH PRIVATE KEY"), signers) == (
        "not an SSH signature: expected the magic 'SSHSIG', found '-----B'")
    assert _failure(MESSAGE, _armor(blob[:6] + (2).to_bytes(4, "big") + blob[10:]), signers) == (
        "unsupported signature version: expected 1, found 2")
    # inside the signature field: an Ed25519 signature of the wrong length, extra bytes after it
    raw = key.blob  # any bytes will do for the malformed cases
    assert _failure(MESSAGE, _armor(_blob(key.blob, _s(b"ssh-ed25519") + _s(raw[:10]))), signers) == (
        "malformed signature: expected a 64-byte Ed25519 signature, found 10 bytes")
    assert _failure(MESSAGE, _armor(_blob(key.blob, _s(b"ssh-ed25519") + _s(bytes(64)) + b"!")), signers) == (
        "malformed signature: expected its end after the ssh-ed25519 signature, found 1 byte more")
    assert _failure(MESSAGE, _armor(_blob(key.blob, _s(b"ecdsa-sha2-nistp256") + _s(bytes(64)))), signers) == (
        "unsupported signature algorithm for a ssh-ed25519 key: expected ssh-ed25519, found 'ecdsa-sha2-nistp256'")


def test_namespace_mismatch(tmp_path: Path, keys: dict[str, Key]) -> None:
    allowed, signers = _allowed(tmp_path, f"alice@jp {keys['ed25519'].line}\n")
    signature = _keygen_sign(tmp_path, keys["ed25519"].private, MESSAGE, ASSESSMENT_NAMESPACE)
    assert _failure(MESSAGE, signature, signers, namespace=CATALOG_RELEASE_NAMESPACE) == (
        "namespace mismatch: expected 'roadmap-catalog-release', found 'roadmap-assessment'")
    assert _keygen_verify(tmp_path, allowed, signature, principal="alice@jp",
                          namespace=CATALOG_RELEASE_NAMESPACE)[0] != 0
    with pytest.raises(ValueError, match="namespace cannot be empty"):
        verify(MESSAGE, signature, namespace="", signers=signers)


def test_unsupported_hash_and_key_algorithms(tmp_path: Path, keys: dict[str, Key]) -> None:
    key = keys["ed25519"]
    _, signers = _allowed(tmp_path, f"alice@jp {key.line}\n")
    field = _s(b"ssh-ed25519") + _s(bytes(64))
    assert _failure(MESSAGE, _armor(_blob(key.blob, field, hash_algorithm="sha1")), signers) == (
        "unsupported hash algorithm: expected sha256 or sha512, found 'sha1'")
    dsa = _s(b"ssh-dss") + _mpint(23) + _mpint(11) + _mpint(4) + _mpint(8)
    assert _failure(MESSAGE, _armor(_blob(dsa, field)), signers) == (
        "unsupported key type: expected one of ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, "
        "ecdsa-sha2-nistp521, ssh-rsa, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com, "
        "found 'ssh-dss'")
    cert = _s(b"ssh-ed25519-cert-v01@openssh.com") + _s(bytes(32))
    assert _failure(MESSAGE, _armor(_blob(cert, field)), signers) == (
        "certificates are not supported, found 'ssh-ed25519-cert-v01@openssh.com': list the signer's own key")
    small = _s(b"ssh-rsa") + _mpint(65537) + _mpint((1 << 511) + 1)
    assert _failure(MESSAGE, _armor(_blob(small, field)), signers) == (
        "unsupported key: expected an RSA key of at least 1024 bits, found 512")
    curve = _s(b"ecdsa-sha2-nistp256") + _s(b"nistp384") + _s(b"\x04" + bytes(64))
    assert _failure(MESSAGE, _armor(_blob(curve, field)), signers) == (
        "malformed public key: expected curve nistp256 in a ecdsa-sha2-nistp256 key, found 'nistp384'")
    off_curve = _s(b"ecdsa-sha2-nistp256") + _s(b"nistp256") + _s(b"\x04" + bytes(64))
    assert _failure(MESSAGE, _armor(_blob(off_curve, field)), signers) == (
        "malformed public key: expected a point on nistp256, found another")


@pytest.mark.parametrize("kind", KINDS)
def test_signature_over_other_bytes(tmp_path: Path, keys: dict[str, Key], kind: str) -> None:
    key = keys[kind]
    allowed, signers = _allowed(tmp_path, f"alice@jp {key.line}\n")
    signature = _keygen_sign(tmp_path, key.private)
    other = MESSAGE.replace(b"1.1.0", b"1.1.1")
    assert _failure(other, signature, signers) == (
        f"signature does not match the message: {LABELS[kind]} key {key.fingerprint} did not sign these bytes "
        "(changed since signing, or another file)")
    assert _keygen_verify(tmp_path, allowed, signature, principal="alice@jp", message=other)[0] != 0


def test_signer_not_allowed(tmp_path: Path, keys: dict[str, Key]) -> None:
    key, other = keys["ed25519"], keys["ecdsa256"]
    signature = _keygen_sign(tmp_path, key.private)
    fp = key.fingerprint
    cases: list[tuple[str, str | None, date | datetime | None, str | None, str]] = [
        # allowed signers, principal, when, its -Overify-time, our message
        (f"alice@jp {other.line}\n", "alice@jp", None, None,
         f"not an allowed signer: ED25519 key {fp} is on no line of allowed_signers"),
        (f"alice@jp {other.line}\n", None, None, None,
         f"not an allowed signer: ED25519 key {fp} is on no line of allowed_signers"),
        (f"bob@us {key.line}\n\n*@jp,!alice@jp {key.line}\n", "alice@jp", None, None,
         f"not an allowed signer for 'alice@jp': ED25519 key {fp} is listed for bob@us (allowed_signers:1); "
         "*@jp,!alice@jp (allowed_signers:3)"),
        (f'alice@jp namespaces="{CATALOG_RELEASE_NAMESPACE},git" {key.line}\n', "alice@jp", None, None,
         f"allowed_signers:1: ED25519 key {fp} is not allowed in namespace 'roadmap-assessment': "
         'namespaces="roadmap-catalog-release,git"'),
        (f'alice@jp valid-after="20300101Z" {key.line}\n', "alice@jp", date(2029, 12, 31), "20291231",
         f"allowed_signers:1: ED25519 key {fp} is not yet valid at "
         f"{datetime.fromtimestamp(time.mktime((2029, 12, 31, 0, 0, 0, 0, 0, 0)), UTC):%Y-%m-%dT%H:%M:%SZ}: "
         "valid-after is 2030-01-01T00:00:00Z"),
        (f'alice@jp valid-before="202501010000Z" {key.line}\n', "alice@jp",
         datetime(2025, 1, 1, 0, 0, 1, tzinfo=UTC), "20250101000001Z",
         f"allowed_signers:1: ED25519 key {fp} has expired at 2025-01-01T00:00:01Z: "
         "valid-before is 2025-01-01T00:00:00Z"),
        # the first line for the principal says why; the file's order decides, as in ssh-keygen
        (f'alice@jp valid-before="20250101Z" {key.line}\nalice@jp namespaces="git" {key.line}\n', "alice@jp",
         datetime(2026, 1, 1, tzinfo=UTC), "20260101Z",
         f"allowed_signers:1: ED25519 key {fp} has expired at 2026-01-01T00:00:00Z: "
         "valid-before is 2025-01-01T00:00:00Z"),
    ]
    for text, principal, when, keygen_time, expected in cases:
        allowed, signers = _allowed(tmp_path, text)
        assert _failure(MESSAGE, signature, signers, principal=principal, when=when) == expected
        if principal is not None:
            code, said = _keygen_verify(tmp_path, allowed, signature, principal=principal, when=keygen_time)
            assert (code, said) == (255, "Could not verify signature."), text


def test_validity_dates_agree_with_ssh_keygen(tmp_path: Path, keys: dict[str, Key]) -> None:
    key = keys["ed25519"]
    signature = _keygen_sign(tmp_path, key.private)
    allowed, signers = _allowed(tmp_path, f'alice@jp valid-after="20250101Z",valid-before="20251231235959Z" '
                                          f"{key.line}\n")
    for keygen_time, when, good in [
        ("20241231235959Z", datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC), False),
        ("20250101Z", datetime(2025, 1, 1, tzinfo=UTC), True),  # valid-after is inclusive
        ("20251231235959Z", datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), True),  # so is valid-before
        ("20260101Z", datetime(2026, 1, 1, tzinfo=UTC), False),
    ]:
        code, _ = _keygen_verify(tmp_path, allowed, signature, principal="alice@jp", when=keygen_time)
        assert (code == 0) == good, keygen_time
        try:
            verify(MESSAGE, signature, namespace=NS, signers=signers, principal="alice@jp", when=when)
        except SignatureError:
            assert not good, keygen_time
        else:
            assert good, keygen_time


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("new_york")
def test_times_without_z_are_read_as_ssh_keygen_reads_them(tmp_path: Path, keys: dict[str, Key]) -> None:
    # ssh-keygen reads "20250701" as midnight of the system time zone's standard time (mktime with
    # tm_isdst = 0): 05:00Z in New York in July, not 04:00Z. Both must draw the line at the same instant.
    key = keys["ed25519"]
    signature = _keygen_sign(tmp_path, key.private)
    allowed, signers = _allowed(tmp_path, f'alice@jp valid-after="20250701" {key.line}\n')
    assert signers.entries[0].valid_after == int(datetime(2025, 7, 1, 5, tzinfo=UTC).timestamp())
    for keygen_time, when, good in [
        ("20250701043000Z", datetime(2025, 7, 1, 4, 30, tzinfo=UTC), False),
        ("20250701050000Z", datetime(2025, 7, 1, 5, tzinfo=UTC), True),
        ("20250701", date(2025, 7, 1), True),  # a date: ssh-keygen's -Overify-time=YYYYMMDD
        ("202506302359", datetime(2025, 6, 30, 23, 59), False),  # naive: read the same way
    ]:
        code, _ = _keygen_verify(tmp_path, allowed, signature, principal="alice@jp", when=keygen_time)
        assert (code == 0) == good, keygen_time
        try:
            verify(MESSAGE, signature, namespace=NS, signers=signers, principal="alice@jp", when=when)
        except SignatureError:
            assert not good, keygen_time
        else:
            assert good, keygen_time


# --- the allowed-signers file ------------------------------------------------------------------------


def test_allowed_signers_format(tmp_path: Path, keys: dict[str, Key]) -> None:
    ed, ec256, rsa_key = keys["ed25519"], keys["ecdsa256"], keys["rsa"]
    text = (
        "# Host side (United States)\n"
        "\n"
        f'   "alice@state.example, bob@state.example" {ed.type_and_base64}   Alice and Bob, 2025 \r\n'
        f'taro@mofa.example NameSpaces="roadmap-*",VALID-AFTER="20250101Z",valid-before="20300101Z" {ec256.line}\n'
        f"\t*@cabinet.example,!mallory@cabinet.example {rsa_key.type_and_base64}\n"
    )
    allowed, signers = _allowed(tmp_path, text)
    first, second, third = signers.entries
    assert (first.line, first.principals, first.comment) == (3, ("alice@state.example", " bob@state.example"),
                                                             "Alice and Bob, 2025")
    assert (first.key_type, first.fingerprint, first.namespaces, first.options) == (
        "ssh-ed25519", ed.fingerprint, None, "")
    assert second.namespaces == ("roadmap-*",)
    assert second.valid_after == int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
    assert second.valid_before == int(datetime(2030, 1, 1, tzinfo=UTC).timestamp())
    assert second.comment == "ecdsa256@test"
    assert third.principals == ("*@cabinet.example", "!mallory@cabinet.example")
    # patterns and negation, as ssh-keygen matches them
    signature = _keygen_sign(tmp_path, rsa_key.private)
    for principal, good in [("kishida@cabinet.example", True), ("mallory@cabinet.example", False),
                            ("kishida@cabinet.example.evil", False)]:
        code, _ = _keygen_verify(tmp_path, allowed, signature, principal=principal)
        assert (code == 0) == good, principal
        try:
            verify(MESSAGE, signature, namespace=NS, signers=signers, principal=principal)
        except SignatureError:
            assert not good, principal
        else:
            assert good, principal
    signature = _keygen_sign(tmp_path, ec256.private, MESSAGE, CATALOG_RELEASE_NAMESPACE)
    verified = verify(MESSAGE, signature, namespace=CATALOG_RELEASE_NAMESPACE, signers=signers,
                      when=date(2026, 6, 1))
    assert (verified.principals, verified.lines) == (("taro@mofa.example",), (4,))


def test_every_bad_line_is_reported(keys: dict[str, Key]) -> None:
    ed = keys["ed25519"].type_and_base64
    b64 = ed.split()[1]
    ecdsa_b64 = keys["ecdsa256"].type_and_base64.split()[1]
    text = "\n".join([
        "# every line below is wrong",
        "alice@jp",                                         # 2
        f"alice@jp ssh-ed2519 {b64}",                       # 3
        f"alice@jp cert-authority {ed}",                    # 4
        f'alice@jp namespace="x" {ed}',                     # 5
        f"alice@jp namespaces=roadmap-assessment {ed}",     # 6
        f'alice@jp namespaces="a,,b",valid-after="2025-01-01" {ed}',  # 7
        f'alice@jp valid-after="20260101Z",valid-before="20250101Z" {ed}',  # 8
        f'alice@jp namespaces="a",namespaces="b" {ed}',     # 9
        f'alice@jp namespaces="a {ed}',                     # 10
        f'alice@jp namespaces="a";x {ed}',                  # 11
        f'alice@jp namespaces="a", {ed}',                   # 12
        f"alice@jp ssh-dss {b64}",                          # 13
        "alice@jp ssh-ed25519",                             # 14
        "alice@jp ssh-ed25519 not-base64!",                 # 15
        f"alice@jp ssh-ed25519 {ecdsa_b64}",                # 16
        f"alice@jp ssh-ed25519 {b64[:-8]}",                 # 17
        f"alice,,bob {ed}",                                 # 18
        f'"alice@jp {ed}',                                  # 19
        f'ali"ce@jp {ed}',                                  # 20
        'alice@jp namespaces="x"',                          # 21
        f"alice@jp ssh-ed25519-cert-v01@openssh.com {b64}",  # 22
        f"   alice@jp {ed}   # a good line among them",     # 23
    ])
    with pytest.raises(InputError) as caught:
        AllowedSigners.parse(text, file="signers/allowed")
    types = ("ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, ssh-rsa, "
             "sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com")
    assert [str(p) for p in caught.value.problems] == [
        "signers/allowed:2:9: expected options or a key type after the principals, found the end of the line",
        f"signers/allowed:3:10: expected options or a key type ({types}), found 'ssh-ed2519'",
        "signers/allowed:4:10: cert-authority: certificate authorities are not supported: expected the signer's "
        "own key on its own line, found cert-authority",
        """signers/allowed:5:10: options: expected namespaces="…", valid-after="…" or valid-before="…", """
        """found 'namespace="x"'""",
        "signers/allowed:6:21: namespaces: expected a \" after namespaces=, found 'r'",
        "signers/allowed:7:22: namespaces: expected namespaces separated by commas, found 'a,,b'",
        "signers/allowed:7:41: valid-after: expected a time as YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z], "
        "found '2025-01-01'",
        "signers/allowed:8:48: valid-before: expected a time after valid-after '20260101Z', found '20250101Z'",
        "signers/allowed:9:25: namespaces: expected namespaces once, found it again (first in column 10)",
        "signers/allowed:10:10: options: expected a closing \" in the options, found the end of the line",
        "signers/allowed:11:24: options: expected a comma or a blank after an option, found ';'",
        "signers/allowed:12:25: options: expected an option after the comma, found the end of the options",
        f"signers/allowed:13:10: key: unsupported key type: expected one of {types}, found 'ssh-dss'",
        "signers/allowed:14:21: key: expected the base64 key after ssh-ed25519, found the end of the line",
        "signers/allowed:15:22: key: malformed key: expected base64, found 'not-base64!'",
        "signers/allowed:16:22: key: expected a ssh-ed25519 key, as its type says, found a ecdsa-sha2-nistp256 key",
        "signers/allowed:17:22: key: truncated public key: expected 32 bytes of the Ed25519 key, found 26",
        "signers/allowed:18:1: principals: expected a principal between commas, found an empty one in 'alice,,bob'",
        "signers/allowed:19:1: principals: expected a closing \" after the principals, found the end of the line",
        "signers/allowed:20:4: principals: expected principals without quotes, or quoted whole, found 'ali\"ce@jp'",
        "signers/allowed:21:24: expected a key type after the options, found the end of the line",
        "signers/allowed:22:10: key: certificates are not supported, found 'ssh-ed25519-cert-v01@openssh.com': "
        "list the signer's own key",
    ]


def test_fingerprint_of_a_bad_line() -> None:
    with pytest.raises(SignatureError, match=r"^not an OpenSSH public key: expected 'TYPE BASE64 \[COMMENT\]', "
                                             r"found 'AAAAC3Nza'$"):
        fingerprint("AAAAC3Nza")
    with pytest.raises(SignatureError, match=r"^unsupported key type: .*, found 'ssh-dss'$"):
        fingerprint("ssh-dss AAAAB3NzaC1kc3M=")


# --- signing errors ------------------------------------------------------------------------------------


def test_signing_errors(tmp_path: Path, keys: dict[str, Key], monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SigningError) as caught:
        sign(tmp_path / "missing.bytes", keys["ed25519"].private, namespace=NS)
    assert str(caught.value) == f"{tmp_path / 'missing.bytes'}: cannot read it: No such file or directory"
    with pytest.raises(SigningError) as caught:
        sign_bytes(MESSAGE, tmp_path / "no-key", namespace=NS)
    assert str(caught.value) == f"{tmp_path / 'no-key'}: no such key file"
    not_a_key = tmp_path / "not-a-key"
    not_a_key.write_text("hello\n")
    with pytest.raises(SigningError) as caught:
        sign_bytes(MESSAGE, not_a_key, namespace=NS)
    said = str(caught.value)
    assert said.startswith(f"ssh-keygen could not sign with {not_a_key}: "), said
    assert "\n" not in said and "/roadmap-sign-" not in said
    lonely = tmp_path / "lonely.pub"  # a public key with no private half beside it and no agent
    shutil.copy(keys["ed25519"].public, lonely)
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    with pytest.raises(SigningError) as caught:
        sign_bytes(MESSAGE, lonely, namespace=NS)
    said = str(caught.value)  # after the colon, ssh-keygen's own words (OpenSSH 9.2 here)
    assert said.startswith(f"ssh-keygen could not sign with {lonely}: No private key found"), said
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SigningError) as caught:
        sign_bytes(MESSAGE, keys["ed25519"].private, namespace=NS)
    assert str(caught.value) == "ssh-keygen not found on PATH: install OpenSSH 8.2 or later to sign"


def test_sign_says_when_the_key_file_is_readable_by_others(tmp_path: Path) -> None:
    # ssh-keygen ignores such a key, and its last line ("No private key found") does not say why.
    key = tmp_path / "open"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, timeout=60)
    key.chmod(0o644)
    with pytest.raises(SigningError) as caught:
        sign_bytes(MESSAGE, key, namespace=NS)
    assert str(caught.value) == (f"ssh-keygen could not sign with {key}: Permissions 0644 for '{key}' are too open: "
                                 f"chmod 600 {key}")
