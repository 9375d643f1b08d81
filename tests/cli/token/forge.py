#!/usr/bin/python3
"""Builds hostile and foreign tokens for evt-token's black-box tests.

  forge.py sign HEADER PAYLOAD KEY   header and payload are JSON text used
                                     byte for byte (so duplicates survive);
                                     KEY: none | hs:<hex secret> |
                                     ed:<private JWK file>
  forge.py mutate TOKEN HOW          HOW: pad | plus | trailing | s_plus_l |
                                     flip_sig
"""
import base64
import hashlib
import hmac
import json
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

L = 2**252 + 27742317777372353535851937790883648493


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(header: str, payload: str, key: str) -> str:
    signing_input = b64u(header.encode()) + "." + b64u(payload.encode())
    if key == "none":
        return signing_input + "."
    kind, _, spec = key.partition(":")
    if kind == "hs":
        mac = hmac.new(bytes.fromhex(spec), signing_input.encode(), hashlib.sha256).digest()
        return signing_input + "." + b64u(mac)
    if kind == "ed":
        with open(spec) as f:
            jwk = json.load(f)
        private = Ed25519PrivateKey.from_private_bytes(unb64u(jwk["d"]))
        return signing_input + "." + b64u(private.sign(signing_input.encode()))
    raise SystemExit("forge.py: unknown key " + key)


def mutate(token: str, how: str) -> str:
    head, payload, sig = token.split(".")
    if how == "pad":  # the same bytes with '=' padding
        return head + "." + payload + "." + base64.urlsafe_b64encode(unb64u(sig)).decode()
    if how == "plus":  # '+/' spelling of base64url's '-_'
        raw = base64.b64encode(unb64u(payload)).decode().rstrip("=")
        if "+" not in raw and "/" not in raw:
            raw = raw + "+"  # still not base64url
        return head + "." + raw + "." + sig
    if how == "trailing":  # same bytes, non-zero unused bits in the last character
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        last = alphabet.index(sig[-1])
        return head + "." + payload + "." + sig[:-1] + alphabet[last | 1]
    if how == "s_plus_l":  # Ed25519 malleability: S + L, same R (RFC 8032 5.1.7)
        raw = unb64u(sig)
        s = int.from_bytes(raw[32:], "little") + L
        return head + "." + payload + "." + b64u(raw[:32] + s.to_bytes(32, "little"))
    if how == "flip_sig":
        raw = bytearray(unb64u(sig))
        raw[0] ^= 1
        return head + "." + payload + "." + b64u(bytes(raw))
    raise SystemExit("forge.py: unknown mutation " + how)


def main() -> None:
    if sys.argv[1] == "sign":
        print(sign(sys.argv[2], sys.argv[3], sys.argv[4]))
    elif sys.argv[1] == "mutate":
        print(mutate(sys.argv[2], sys.argv[3]))
    else:
        raise SystemExit(__doc__)


main()
