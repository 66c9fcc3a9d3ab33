"""OpenSSH signatures over catalog releases and assessments: goalposts that cannot quietly move.

People of both governments sign with `ssh-keygen -Y sign` (the format of OpenSSH's
PROTOCOL.sshsig), so a partner checks a release with `ssh-keygen -Y verify` alone, without this
tool; and this module checks the same signatures in-process, against the same allowed-signers
file, with the same answer.

- `sign` / `sign_bytes` run the real `ssh-keygen -Y sign`, so keys in ssh-agent (name the public
  key with `-f`) and hardware keys (FIDO `sk-` types) work as they do for ssh itself.
- `verify` parses the armor and the wire format here (PROTOCOL.sshsig, PROTOCOL.u2f: documented
  containers of length-prefixed strings), and leaves every cryptographic primitive (Ed25519,
  ECDSA, RSA PKCS#1 v1.5, SHA-2) to `cryptography`. No home-made crypto.
- `AllowedSigners.parse` reads the ALLOWED SIGNERS format of ssh-keygen(1) and reports every
  bad line as `file:line:col: field: what was expected, what was found`.

Why not the `sshsig` package (PyPI, 0.3.1, MIT; read before deciding): it is small and typed and
uses `cryptography`, but it verifies only ssh-ed25519 and ssh-rsa keys (no ECDSA, no FIDO `sk-`
keys), its allowed-signers support accepts only `*` principals with `namespaces="git"` and no
validity dates, its armor parsing is loose by its own TODO, it checks an Ed25519 signature's
algorithm with `assert` (gone under `python -O`), and its errors carry no line or column. Adding
what we need would mean most of this module anyway, so the parser is written here over
`cryptography` directly.

Where this module is stricter than `ssh-keygen -Y verify` (OpenSSH 9.x), on purpose:
- a FIDO signature must carry the user-presence flag (the key was touched); sshd requires it by
  default, `ssh-keygen -Y verify` does not check it;
- a signature version other than 1 is refused (ssh-keygen accepts 0), and text after the footer
  is refused (ssh-keygen ignores it);
- `cert-authority` lines are refused when the file is read (certificates are not supported:
  list each signer's own key).
The aim is that nothing ssh-keygen refuses is accepted here; tests/load/test_signatures.py asks both.

Times in the allowed-signers file (`valid-after`, `valid-before`) and the `when` of `verify` are
read as ssh-keygen reads them: with a `Z` (or `UTC`) suffix in UTC, without one in the system
time zone taken as standard time (ssh-keygen's `mktime` with `tm_isdst = 0`). Write `Z` so that
both governments get the same answer.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import hashlib
import re
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from roadmap.errors import InputError, Problem, RoadmapError

#: The namespace of a signed catalog release (`ssh-keygen -n`): a signature made for one purpose
#: is never accepted for another.
CATALOG_RELEASE_NAMESPACE: Final = "roadmap-catalog-release"
#: The namespace of a signed assessment.
ASSESSMENT_NAMESPACE: Final = "roadmap-assessment"
SIGNATURE_NAMESPACES: Final = (CATALOG_RELEASE_NAMESPACE, ASSESSMENT_NAMESPACE)

#: Key types this module verifies, in the order messages list them.
KEY_TYPES: Final = (
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-rsa",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)
#: Message hashes of PROTOCOL.sshsig ("sha256" and "sha512"; ssh-keygen signs with sha512).
HASH_ALGORITHMS: Final = ("sha256", "sha512")

_BEGIN: Final = "-----BEGIN SSH SIGNATURE-----"
_END: Final = "-----END SSH SIGNATURE-----"
_MAGIC: Final = b"SSHSIG"
_VERSION: Final = 1
# What ssh-keygen prints for each key type ("with ED25519 key SHA256:...").
_LABELS: Final = {
    "ssh-ed25519": "ED25519",
    "ecdsa-sha2-nistp256": "ECDSA",
    "ecdsa-sha2-nistp384": "ECDSA",
    "ecdsa-sha2-nistp521": "ECDSA",
    "ssh-rsa": "RSA",
    "sk-ssh-ed25519@openssh.com": "ED25519-SK",
    "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA-SK",
}
# ECDSA key type → (curve name in the key, curve, hash of the signature): RFC 5656 section 6.2.1.
_ECDSA: Final[dict[str, tuple[str, ec.EllipticCurve, hashes.HashAlgorithm]]] = {
    "ecdsa-sha2-nistp256": ("nistp256", ec.SECP256R1(), hashes.SHA256()),
    "ecdsa-sha2-nistp384": ("nistp384", ec.SECP384R1(), hashes.SHA384()),
    "ecdsa-sha2-nistp521": ("nistp521", ec.SECP521R1(), hashes.SHA512()),
    "sk-ecdsa-sha2-nistp256@openssh.com": ("nistp256", ec.SECP256R1(), hashes.SHA256()),
}
_RSA_SIGNATURES: Final = {"rsa-sha2-256": hashes.SHA256(), "rsa-sha2-512": hashes.SHA512()}
# OpenSSH refuses smaller RSA keys (SSH_RSA_MINIMUM_MODULUS_SIZE).
_RSA_MIN_BITS: Final = 1024
# PROTOCOL.u2f: bit 0 of the flags says the user touched the key.
_SK_USER_PRESENT: Final = 0x01
_TIME = re.compile(r"(?P<digits>[0-9]{8}|[0-9]{12}|[0-9]{14})(?P<utc>z|utc)?", re.IGNORECASE)
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


class SignatureError(RoadmapError):
    """A signature that is not accepted, or a public key that cannot be read: one line saying why."""


class SigningError(RoadmapError):
    """ssh-keygen could not sign: it is missing, or it failed (with its own last message)."""


# --- the wire format (RFC 4251 section 5: uint32, string, mpint) ------------------------------


class _Wire:
    """Reads one length-prefixed structure; every shortfall names the field it cut."""

    def __init__(self, data: bytes, what: str) -> None:
        self.data, self.pos, self.what = data, 0, what

    def take(self, n: int, field: str) -> bytes:
        left = len(self.data) - self.pos
        if left < n:
            raise SignatureError(f"truncated {self.what}: expected {n} bytes of {field}, found {left}")
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def uint32(self, field: str) -> int:
        return int.from_bytes(self.take(4, field), "big")

    def byte(self, field: str) -> int:
        return self.take(1, field)[0]

    def string(self, field: str) -> bytes:
        return self.take(self.uint32(f"the length of {field}"), field)

    def text(self, field: str) -> str:
        raw = self.string(field)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SignatureError(f"malformed {self.what}: expected text in {field}, found {_show(raw)}") from None

    def mpint(self, field: str) -> int:
        raw = self.string(field)
        if raw and raw[0] & 0x80:
            raise SignatureError(f"malformed {self.what}: expected a positive number in {field}, "
                                 "found a negative one")
        return int.from_bytes(raw, "big")

    def end(self, after: str) -> None:
        more = len(self.data) - self.pos
        if more:
            raise SignatureError(f"malformed {self.what}: expected its end after {after}, "
                                 f"found {more} byte{'s' if more > 1 else ''} more")


def _string(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def _mpint(n: int) -> bytes:
    # RFC 4251: minimal two's complement, so a positive number whose top bit is set gains a zero byte.
    return _string(n.to_bytes((n.bit_length() + 8) // 8, "big") if n else b"")


def _show(raw: bytes | str, limit: int = 40) -> str:
    """A found value for a message: quoted and escaped as Python does, cut at `limit` characters."""
    text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "…"


# --- public keys --------------------------------------------------------------------------------



@dataclass(frozen=True)
class _Key:
    type: str
    blob: bytes  # the canonical encoding: what fingerprints hash and what allowed signers compare
    application: bytes | None  # FIDO keys: the application ("ssh:") whose hash they sign
    public: ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey

    @property
    def fingerprint(self) -> str:
        return _fingerprint(self.blob)

    @property
    def label(self) -> str:
        return f"{_LABELS[self.type]} key {self.fingerprint}"


def _fingerprint(blob: bytes) -> str:
    # What `ssh-keygen -l` prints: unpadded base64 of the SHA-256 of the key's wire encoding.
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")


def _unsupported_type(key_type: str) -> str:
    if key_type.endswith("-cert-v01@openssh.com"):
        return f"certificates are not supported, found {_show(key_type)}: list the signer's own key"
    return f"unsupported key type: expected one of {', '.join(KEY_TYPES)}, found {_show(key_type)}"


_PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


def _parse_key(blob: bytes) -> _Key:
    """A public key from its wire encoding (RFC 4253 6.6, RFC 5656 3.1, RFC 8709 4, PROTOCOL.u2f)."""
    w = _Wire(blob, "public key")
    key_type = w.text("the key type")
    if key_type in ("ssh-ed25519", "sk-ssh-ed25519@openssh.com"):
        public, canonical = _ed25519_key(w, key_type)
    elif key_type in _ECDSA:
        public, canonical = _ecdsa_key(w, key_type)
    elif key_type == "ssh-rsa":
        public, canonical = _rsa_key(w)
    else:
        raise SignatureError(_unsupported_type(key_type))
    application: bytes | None = None
    if key_type.startswith("sk-"):
        application = w.string("the application")
        canonical += _string(application)
    w.end(f"the {key_type} key")
    return _Key(key_type, canonical, application, public)


def _ed25519_key(w: _Wire, key_type: str) -> tuple[_PublicKey, bytes]:
    raw = w.string("the Ed25519 key")
    if len(raw) != 32:
        raise SignatureError(f"malformed public key: expected a 32-byte Ed25519 key, found {len(raw)} bytes")
    return ed25519.Ed25519PublicKey.from_public_bytes(raw), _string(key_type.encode()) + _string(raw)


def _ecdsa_key(w: _Wire, key_type: str) -> tuple[_PublicKey, bytes]:
    curve_name, curve, _ = _ECDSA[key_type]
    found = w.text("the curve name")
    if found != curve_name:
        raise SignatureError(f"malformed public key: expected curve {curve_name} in a {key_type} key, "
                             f"found {_show(found)}")
    point = w.string("the ECDSA point")
    if not point.startswith(b"\x04"):  # OpenSSH writes and reads uncompressed points only
        raise SignatureError("malformed public key: expected an uncompressed ECDSA point")
    try:
        public = ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
    except ValueError:
        raise SignatureError(f"malformed public key: expected a point on {curve_name}, found another") from None
    return public, _string(key_type.encode()) + _string(curve_name.encode()) + _string(point)


def _rsa_key(w: _Wire) -> tuple[_PublicKey, bytes]:
    e, n = w.mpint("the RSA exponent"), w.mpint("the RSA modulus")
    if n.bit_length() < _RSA_MIN_BITS:
        raise SignatureError(f"unsupported key: expected an RSA key of at least {_RSA_MIN_BITS} bits, "
                             f"found {n.bit_length()}")
    try:
        public = rsa.RSAPublicNumbers(e, n).public_key()
    except ValueError:
        raise SignatureError("malformed public key: expected an RSA exponent and modulus") from None
    return public, _string(b"ssh-rsa") + _mpint(e) + _mpint(n)


def _parse_key_line(line: str) -> _Key:
    parts = line.split()
    if len(parts) < 2:
        raise SignatureError(f"not an OpenSSH public key: expected 'TYPE BASE64 [COMMENT]', found {_show(line)}")
    key_type, text = parts[0], parts[1]
    if key_type not in KEY_TYPES:
        raise SignatureError(_unsupported_type(key_type))
    key = _parse_key(_b64(text, "the key"))
    if key.type != key_type:
        raise SignatureError(f"malformed public key: expected a {key_type} key, as its type says, "
                             f"found a {key.type} key")
    return key


def _b64(text: str, what: str) -> bytes:
    if not _BASE64.fullmatch(text) or len(text) % 4:
        raise SignatureError(f"malformed {what}: expected base64, found {_show(text)}")
    return base64.b64decode(text)


def fingerprint(public_key_line: str) -> str:
    """`SHA256:...` of a public key line (`TYPE BASE64 [COMMENT]`), exactly as `ssh-keygen -l` prints it."""
    return _parse_key_line(public_key_line).fingerprint


# --- signatures ---------------------------------------------------------------------------------


def _dearmor(signature: str | bytes) -> bytes:
    """The blob inside `-----BEGIN SSH SIGNATURE-----` … `-----END SSH SIGNATURE-----` (PROTOCOL.sshsig 1)."""
    if isinstance(signature, bytes):
        try:
            signature = signature.decode("ascii")
        except UnicodeDecodeError:
            raise SignatureError("malformed signature: expected ASCII armor, found other bytes") from None
    lines = [line.rstrip() for line in signature.split("\n")]
    if lines[0] != _BEGIN:
        raise SignatureError(f"malformed signature: expected {_BEGIN!r} at the start, found {_show(lines[0])}")
    try:
        end = lines.index(_END)
    except ValueError:
        raise SignatureError(f"malformed signature: expected {_END!r} after the base64, "
                             "found the end of the text") from None
    for number, line in enumerate(lines[1:end], start=2):
        bad = re.search(r"[^A-Za-z0-9+/=]", line.strip())
        if bad:
            raise SignatureError(f"malformed signature: expected base64 on line {number}, found {_show(bad.group())}")
    after = "\n".join(lines[end + 1:]).strip()
    if after:
        raise SignatureError(f"malformed signature: expected nothing after the footer, found {_show(after)}")
    try:
        return base64.b64decode("".join(line.strip() for line in lines[1:end]), validate=True)
    except binascii.Error:
        raise SignatureError("malformed signature: expected base64 between header and footer, "
                             "found base64 cut short (bad padding)") from None


@dataclass(frozen=True)
class _Sshsig:
    public_key: bytes
    namespace: str
    hash_algorithm: str
    signature: bytes


def _parse_sshsig(blob: bytes) -> _Sshsig:
    """The signature blob of PROTOCOL.sshsig 2."""
    w = _Wire(blob, "signature")
    magic = w.take(len(_MAGIC), "the magic")
    if magic != _MAGIC:
        raise SignatureError(f"not an SSH signature: expected the magic 'SSHSIG', found {_show(magic)}")
    version = w.uint32("the version")
    if version != _VERSION:
        raise SignatureError(f"unsupported signature version: expected {_VERSION}, found {version}")
    public_key = w.string("the public key")
    namespace = w.text("the namespace")
    w.string("the reserved field")  # PROTOCOL.sshsig: ignored when not empty
    hash_algorithm = w.text("the hash algorithm")
    signature = w.string("the signature")
    w.end("the signature")
    return _Sshsig(public_key, namespace, hash_algorithm, signature)


def _signed_data(namespace: str, hash_algorithm: str, message: bytes) -> bytes:
    """What the key signs (PROTOCOL.sshsig 3): the magic, the namespace, and the message's hash."""
    digest = hashlib.new(hash_algorithm, message).digest()
    return (_MAGIC + _string(namespace.encode()) + _string(b"") + _string(hash_algorithm.encode())
            + _string(digest))


def _check(key: _Key, field: bytes, data: bytes) -> None:
    """Raises unless `field` (the signature inside the blob) is `key`'s signature over `data`."""
    w = _Wire(field, "signature")
    algorithm = _algorithm(key, w.text("the signature algorithm"))
    raw = w.string("the signature")
    flags = counter = 0
    if key.type.startswith("sk-"):
        flags, counter = w.byte("the flags"), w.uint32("the counter")
    w.end(f"the {algorithm} signature")
    if key.application is not None:
        # PROTOCOL.u2f: the token signs SHA256(application) ‖ flags ‖ counter ‖ SHA256(data).
        data = (hashlib.sha256(key.application).digest() + bytes([flags]) + counter.to_bytes(4, "big")
                + hashlib.sha256(data).digest())
    try:
        _verify_raw(key, algorithm, raw, data)
    except InvalidSignature:
        raise SignatureError(f"signature does not match the message: {key.label} did not sign these bytes "
                             "(changed since signing, or another file)") from None
    if key.application is not None and not flags & _SK_USER_PRESENT:
        raise SignatureError(f"signature without user presence: {key.label} signed without a touch "
                             f"(flags 0x{flags:02x}); expected the user-presence flag 0x01")


def _algorithm(key: _Key, algorithm: str) -> str:
    """The signature's algorithm, refused unless it is the one `key` signs with."""
    if key.type == "ssh-rsa":
        if algorithm not in _RSA_SIGNATURES:  # PROTOCOL.sshsig: never the SHA-1 "ssh-rsa"
            raise SignatureError(f"unsupported signature algorithm for an RSA key: expected rsa-sha2-256 or "
                                 f"rsa-sha2-512, found {_show(algorithm)}")
    elif algorithm != key.type:
        raise SignatureError(f"unsupported signature algorithm for a {key.type} key: expected {key.type}, "
                             f"found {_show(algorithm)}")
    return algorithm


def _verify_raw(key: _Key, algorithm: str, raw: bytes, data: bytes) -> None:
    """cryptography's check of the raw signature; raises InvalidSignature when it does not verify."""
    if isinstance(key.public, ed25519.Ed25519PublicKey):
        if len(raw) != 64:
            raise SignatureError(f"malformed signature: expected a 64-byte Ed25519 signature, found {len(raw)} bytes")
        key.public.verify(raw, data)
    elif isinstance(key.public, ec.EllipticCurvePublicKey):
        inner = _Wire(raw, "ECDSA signature")
        r, s = inner.mpint("r"), inner.mpint("s")
        inner.end("s")
        key.public.verify(encode_dss_signature(r, s), data, ec.ECDSA(_ECDSA[key.type][2]))
    else:
        size = (key.public.key_size + 7) // 8
        if len(raw) > size:
            raise SignatureError(f"malformed signature: expected at most {size} bytes of RSA signature, "
                                 f"found {len(raw)}")
        # OpenSSH left-pads a short signature to the modulus size (ssh-rsa.c), so do we.
        key.public.verify(raw.rjust(size, b"\0"), data, padding.PKCS1v15(), _RSA_SIGNATURES[algorithm])


# --- allowed signers ----------------------------------------------------------------------------


def _pattern(pattern: str) -> re.Pattern[str]:
    # ssh_config(5) PATTERNS: `*` any run of characters, `?` one character, nothing else special.
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.DOTALL)


def _match_list(value: str, patterns: tuple[str, ...]) -> bool:
    """OpenSSH's match_pattern_list: a match unless a `!pattern` matches; at least one must match."""
    positive = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        if _pattern(pattern[1:] if negated else pattern).fullmatch(value):
            if negated:
                return False
            positive = True
    return positive


def _epoch(when: date | datetime | None) -> int:
    """Seconds since the epoch, as ssh-keygen's `-Overify-time` reads it (see the module's docstring)."""
    if when is None:
        return int(time.time())
    if isinstance(when, datetime) and when.tzinfo is not None:
        return int(when.timestamp() // 1)
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day)
    return int(time.mktime((when.year, when.month, when.day, when.hour, when.minute, when.second, 0, 0, 0)))


def _parse_time(text: str) -> int | None:
    """`YYYYMMDD[Z]` or `YYYYMMDDHHMM[SS][Z]` (ssh-keygen's parse_absolute_time), or None."""
    m = _TIME.fullmatch(text)
    if not m:
        return None
    d = m["digits"].ljust(14, "0")
    fields = (int(d[0:4]), int(d[4:6]), int(d[6:8]), int(d[8:10]), int(d[10:12]), int(d[12:14]))
    try:
        datetime(*fields)
    except ValueError:
        return None
    try:
        stamp = calendar.timegm((*fields, 0, 0, 0)) if m["utc"] else int(time.mktime((*fields, 0, 0, 0)))
    except (OverflowError, ValueError):
        return None
    return stamp if stamp > 0 else None


def _utc(stamp: int) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class AllowedSigner:
    """One line of an allowed-signers file."""

    line: int
    principals: tuple[str, ...]  # patterns: `*` and `?` wildcards, `!` negates
    namespaces: tuple[str, ...] | None  # None: any namespace
    valid_after: int | None  # seconds since the epoch
    valid_before: int | None
    key_type: str
    key: bytes  # the key's canonical wire encoding
    comment: str
    options: str  # as written, for messages

    @property
    def fingerprint(self) -> str:
        return _fingerprint(self.key)

    def refusal(self, namespace: str, at: int) -> str | None:
        """Why this line does not allow its key for `namespace` at `at`, or None when it does."""
        if self.namespaces is not None and not _match_list(namespace, self.namespaces):
            return f"is not allowed in namespace {namespace!r}: namespaces=\"{','.join(self.namespaces)}\""
        if self.valid_after is not None and at < self.valid_after:
            return f"is not yet valid at {_utc(at)}: valid-after is {_utc(self.valid_after)}"
        if self.valid_before is not None and at > self.valid_before:
            return f"has expired at {_utc(at)}: valid-before is {_utc(self.valid_before)}"
        return None


@dataclass(frozen=True)
class AllowedSigners:
    """An allowed-signers file (ssh-keygen(1) ALLOWED SIGNERS): who may sign, with which key, for what."""

    file: str
    entries: tuple[AllowedSigner, ...]

    @classmethod
    def parse(cls, text: str, *, file: str = "<allowed signers>") -> AllowedSigners:
        """Every line read; every problem of every line raised together as one InputError."""
        entries: list[AllowedSigner] = []
        problems: list[Problem] = []
        for number, line in enumerate(text.split("\n"), start=1):
            entry = _LineParser(file, number, line.rstrip("\r"), problems).parse()
            if entry is not None:
                entries.append(entry)
        if problems:
            raise InputError(problems)
        return cls(file, tuple(entries))

    def _allow(self, key: _Key, principal: str | None, namespace: str, at: int) -> tuple[AllowedSigner, ...]:
        """The lines that allow `key` (for `principal` when given); else SignatureError saying why not."""
        same_key = [e for e in self.entries if e.key == key.blob]
        if not same_key:
            raise SignatureError(f"not an allowed signer: {key.label} is on no line of {self.file}")
        if principal is not None:
            listed = same_key
            same_key = [e for e in same_key if _match_list(principal, e.principals)]
            if not same_key:
                raise SignatureError(
                    f"not an allowed signer for {principal!r}: {key.label} is listed for "
                    + "; ".join(f"{','.join(e.principals)} ({self.file}:{e.line})" for e in listed))
        allowed = tuple(e for e in same_key if e.refusal(namespace, at) is None)
        if not allowed:
            first = same_key[0]
            raise SignatureError(f"{self.file}:{first.line}: {key.label} {first.refusal(namespace, at)}")
        return allowed


class _LineParser:
    """One line of an allowed-signers file: `principals [options] keytype base64 [comment]`."""

    def __init__(self, file: str, number: int, line: str, problems: list[Problem]) -> None:
        self.file, self.number, self.line, self.problems = file, number, line, problems
        self.ok = True

    def problem(self, pos: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.number, pos + 1, field, message))
        self.ok = False

    def skip_blanks(self, pos: int) -> int:
        while pos < len(self.line) and self.line[pos] in " \t":
            pos += 1
        return pos

    def word_end(self, pos: int) -> int:
        while pos < len(self.line) and self.line[pos] not in " \t":
            pos += 1
        return pos

    def parse(self) -> AllowedSigner | None:
        line = self.line
        pos = self.skip_blanks(0)
        if pos == len(line) or line[pos] == "#":
            return None
        principals, pos = self.principals(pos)
        pos = self.skip_blanks(pos)
        if principals is None and pos == len(line):  # said already
            return None
        if pos == len(line):
            self.problem(pos, "", "expected options or a key type after the principals, found the end of the line")
            return None
        options = ""
        namespaces: tuple[str, ...] | None = None
        after = before = None
        word = line[pos:self.word_end(pos)]
        if word not in KEY_TYPES and not word.endswith("-cert-v01@openssh.com") and word != "ssh-dss":
            if "=" not in word and "," not in word and word.lower() != "cert-authority":
                self.problem(pos, "", f"expected options or a key type ({', '.join(KEY_TYPES)}), "
                             f"found {_show(word)}")
                return None
            end = self.options_end(pos)
            if end is None:
                self.problem(pos, "options", 'expected a closing " in the options, found the end of the line')
                return None
            options = line[pos:end]
            namespaces, after, before = self.options(pos, end)
            pos = self.skip_blanks(end)
            if pos == len(line):
                self.problem(pos, "", "expected a key type after the options, found the end of the line")
                return None
        key, pos = self.key(pos)
        if not self.ok or key is None or principals is None:
            return None
        return AllowedSigner(self.number, principals, namespaces, after, before, key.type, key.blob,
                             line[self.skip_blanks(pos):].rstrip(), options)

    def principals(self, pos: int) -> tuple[tuple[str, ...] | None, int]:
        line = self.line
        if line[pos] == '"':
            close = line.find('"', pos + 1)
            if close < 0:
                self.problem(pos, "principals", 'expected a closing " after the principals, found the end of the line')
                return None, len(line)
            text, start, pos = line[pos + 1:close], pos + 1, close + 1
        else:
            end = self.word_end(pos)
            text, start = line[pos:end], pos
            if '"' in text:
                self.problem(pos + text.index('"'), "principals",
                             f'expected principals without quotes, or quoted whole, found {_show(text)}')
                return None, end
            pos = end
        found = tuple(text.split(","))
        if "" in found:
            self.problem(start, "principals",
                         f"expected a principal between commas, found an empty one in {_show(text)}")
            return None, pos
        return found, pos

    def options_end(self, pos: int) -> int | None:
        # ssh-keygen's sshkey_advance_past_options: the first blank outside double quotes.
        quoted = False
        line = self.line
        while pos < len(line) and (quoted or line[pos] not in " \t"):
            if line[pos] == "\\" and line[pos + 1:pos + 2] == '"':
                pos += 1
            elif line[pos] == '"':
                quoted = not quoted
            pos += 1
        return None if quoted else pos

    def options(self, pos: int, end: int) -> tuple[tuple[str, ...] | None, int | None, int | None]:
        """`cert-authority`, `namespaces="…"`, `valid-after="…"`, `valid-before="…"`, comma-separated."""
        values = self.option_values(pos, end)
        if values is None:
            return None, None, None
        namespaces = None
        if "namespaces" in values:
            at, text = values["namespaces"]
            namespaces = tuple(text.split(","))
            if "" in namespaces:
                self.problem(at, "namespaces", f"expected namespaces separated by commas, found {_show(text)}")
        after, before = self.time_option(values, "valid-after"), self.time_option(values, "valid-before")
        if after is not None and before is not None and before <= after:
            self.problem(values["valid-before"][0], "valid-before",
                         f"expected a time after valid-after {values['valid-after'][1]!r}, "
                         f"found {values['valid-before'][1]!r}")
        return namespaces, after, before

    def option_values(self, pos: int, end: int) -> dict[str, tuple[int, str]] | None:
        """Each option's value and where it starts (inside its quotes); None after a problem that
        leaves the rest of the options unreadable."""
        line = self.line
        values: dict[str, tuple[int, str]] = {}
        starts: dict[str, int] = {}
        while True:
            next_pos = self.option(pos, end, values, starts)
            if next_pos is None:
                return None
            pos = next_pos
            if pos == end:
                return values
            if line[pos] != ",":
                self.problem(pos, "options", f"expected a comma or a blank after an option, found {_show(line[pos])}")
                return None
            pos += 1
            if pos == end:
                self.problem(pos, "options", "expected an option after the comma, found the end of the options")
                return None

    def option(self, pos: int, end: int, values: dict[str, tuple[int, str]], starts: dict[str, int]) -> int | None:
        """Read the option at `pos` into `values`; where the option ends, or None when unreadable."""
        line = self.line
        lowered = line[pos:end].lower()
        if lowered.startswith("cert-authority") and (pos + 14 == end or line[pos + 14] == ","):
            self.problem(pos, "cert-authority", "certificate authorities are not supported: "
                         "expected the signer's own key on its own line, found cert-authority")
            return pos + 14
        name = next((n for n in ("namespaces", "valid-after", "valid-before") if lowered.startswith(n + "=")), None)
        if name is None:
            found = line[pos:end].split(",")[0]
            self.problem(pos, "options", 'expected namespaces="…", valid-after="…" or valid-before="…", '
                         f"found {_show(found)}")
            return None
        value, after = self.dequote(name, pos + len(name) + 1, end)
        if value is None:
            return None
        if name in starts:
            self.problem(pos, name, f"expected {name} once, found it again (first in column {starts[name] + 1})")
        else:
            starts[name] = pos
            values[name] = (pos + len(name) + 2, value)  # where the value starts, inside the quotes
        return after

    def time_option(self, values: dict[str, tuple[int, str]], name: str) -> int | None:
        if name not in values:
            return None
        at, text = values[name]
        when = _parse_time(text)
        if when is None:
            self.problem(at, name, f"expected a time as YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z], found {_show(text)}")
        return when

    def dequote(self, name: str, pos: int, end: int) -> tuple[str | None, int]:
        # ssh-keygen's opt_dequote: "…", with \" for a quote inside.
        line = self.line
        if pos == end or line[pos] != '"':
            self.problem(pos, name, f'expected a " after {name}=, found '
                         + (_show(line[pos]) if pos < end else "the end of the options"))
            return None, end
        value, pos = [], pos + 1
        while pos < end and line[pos] != '"':
            if line[pos] == "\\" and line[pos + 1:pos + 2] == '"':
                pos += 1
            value.append(line[pos])
            pos += 1
        if pos == end:
            self.problem(pos, name, f'expected a closing " after {name}=, found the end of the options')
            return None, end
        return "".join(value), pos + 1

    def key(self, pos: int) -> tuple[_Key | None, int]:
        line = self.line
        end = self.word_end(pos)
        key_type = line[pos:end]
        if key_type not in KEY_TYPES:
            self.problem(pos, "key", _unsupported_type(key_type))
            return None, end
        start = self.skip_blanks(end)
        if start == len(line):
            self.problem(start, "key", f"expected the base64 key after {key_type}, found the end of the line")
            return None, start
        end = self.word_end(start)
        try:
            key = _parse_key(_b64(line[start:end], "key"))
        except SignatureError as exc:
            self.problem(start, "key", str(exc))
            return None, end
        if key.type != key_type:
            self.problem(start, "key", f"expected a {key_type} key, as its type says, found a {key.type} key")
            return None, end
        return key, end


# --- verify and sign ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    """Who signed: the principals the allowed-signers file allowed, and the key."""

    namespace: str
    #: The principal asked for; without one, the patterns of every line that allowed the key.
    principals: tuple[str, ...]
    key_type: str  # "ssh-ed25519", "sk-ecdsa-sha2-nistp256@openssh.com", ...
    fingerprint: str  # "SHA256:...", as `ssh-keygen -l` prints it
    hash_algorithm: str  # "sha512" (ssh-keygen's default) or "sha256"
    file: str  # the allowed-signers file
    lines: tuple[int, ...]  # its lines that allowed the key

    @property
    def key(self) -> str:
        """`ED25519 key SHA256:…`, as ssh-keygen names a key."""
        return f"{_LABELS[self.key_type]} key {self.fingerprint}"

    def __str__(self) -> str:
        # The words of `ssh-keygen -Y verify`.
        return f'Good "{self.namespace}" signature for {", ".join(self.principals)} with {self.key}'


def verify(message: bytes, signature: str | bytes, *, namespace: str, signers: AllowedSigners,
           principal: str | None = None, when: date | datetime | None = None) -> Verified:
    """Check `signature` (armored, as `ssh-keygen -Y sign` writes it) over exactly `message`.

    Accepted when the signature is well formed, made in `namespace`, by a key that the
    allowed-signers file lists (for `principal`, when given) and allows in `namespace` at `when`
    (now when None), and when it verifies over `message`. Otherwise SignatureError, one line.
    """
    if not namespace:
        raise ValueError("a signature namespace cannot be empty")
    sig = _parse_sshsig(_dearmor(signature))
    if sig.namespace != namespace:
        raise SignatureError(f"namespace mismatch: expected {namespace!r}, found {_show(sig.namespace)}")
    if sig.hash_algorithm not in HASH_ALGORITHMS:
        raise SignatureError("unsupported hash algorithm: expected sha256 or sha512, "
                             f"found {_show(sig.hash_algorithm)}")
    key = _parse_key(sig.public_key)
    _check(key, sig.signature, _signed_data(namespace, sig.hash_algorithm, message))
    allowed = signers._allow(key, principal, namespace, _epoch(when))
    if principal is not None:
        principals: tuple[str, ...] = (principal,)
    else:
        principals = tuple(dict.fromkeys(p for e in allowed for p in e.principals))
    return Verified(namespace, principals, key.type, key.fingerprint, sig.hash_algorithm, signers.file,
                    tuple(e.line for e in allowed))


def sign(message_file: Path, key: Path, *, namespace: str) -> str:
    """The armored signature of the file's bytes, made by `ssh-keygen -Y sign -n NAMESPACE -f KEY`."""
    try:
        message = message_file.read_bytes()
    except OSError as exc:
        raise SigningError(f"{message_file}: cannot read it: {exc.strerror or exc}") from None
    return sign_bytes(message, key, namespace=namespace)


def sign_bytes(message: bytes, key: Path, *, namespace: str) -> str:
    """The armored signature of `message`, made by `ssh-keygen -Y sign -n NAMESPACE -f KEY`.

    `key` is a private key file, or a public key (`.pub`) whose private half is in ssh-agent or
    beside it; hardware (`sk-`) keys ask for a touch, and that prompt is passed on to stderr.
    """
    import shutil  # signing only: verifying, which every command does, needs neither
    import subprocess
    import tempfile

    if not namespace:
        raise ValueError("a signature namespace cannot be empty")
    program = shutil.which("ssh-keygen")
    if program is None:
        raise SigningError("ssh-keygen not found on PATH: install OpenSSH 8.2 or later to sign")
    if not key.is_file():
        raise SigningError(f"{key}: no such key file")
    with tempfile.TemporaryDirectory(prefix="roadmap-sign-") as folder:
        # A file, not stdin: ssh-keygen would read a key's passphrase from stdin when it is not a tty.
        path = Path(folder) / "message"
        path.write_bytes(message)
        try:
            process = subprocess.Popen([program, "-Y", "sign", "-n", namespace, "-f", str(key), str(path)],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            raise SigningError(f"could not run {program}: {exc.strerror or exc}") from None
        said = []
        assert process.stderr is not None
        for raw in process.stderr:
            text = raw.decode("utf-8", "replace").rstrip()
            said.append(text)
            if text.startswith("Confirm user presence"):  # a hardware key waits for a touch
                print(text, file=sys.stderr, flush=True)
        code = process.wait()
        signature = path.with_name("message.sig")
        if code != 0 or not signature.is_file():
            words = [s for s in said if s and not s.startswith(("Signing file", "Write signature"))]
            # A key file others can read is ignored, and ssh-keygen's last line does not say why.
            too_open = [s for s in words if s.startswith("Permissions ") and s.endswith("are too open.")]
            last = f"{too_open[0][:-1]}: chmod 600 {key}" if too_open else words[-1] if words else f"exit status {code}"
            raise SigningError(f"ssh-keygen could not sign with {key}: {last.replace(str(path), 'the message')}")
        return signature.read_text(encoding="ascii")
