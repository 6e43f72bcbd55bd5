"""OIDC bearer tokens: RS256 / ES256 against a local JWKS file; forged, expired, wrong aud/iss -> 401."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from api.conftest import World, make_world
from api.support import bearer

ISSUER, AUDIENCE = "https://id.example.org/", "careerpath"
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks(path: Path) -> Path:
    rsa_jwk = json.loads(RSAAlgorithm.to_jwk(RSA_KEY.public_key()))
    ec_jwk = json.loads(ECAlgorithm.to_jwk(EC_KEY.public_key()))
    keys = [
        {**rsa_jwk, "kid": "rsa-1", "use": "sig", "alg": "RS256"},
        {**ec_jwk, "kid": "ec-1", "use": "sig", "alg": "ES256"},
    ]
    path.write_text(json.dumps({"keys": keys}))
    return path


@pytest.fixture()
def oidc(tmp_path: Path) -> Iterator[World]:
    jwks = _jwks(tmp_path / "jwks.json")
    yield from make_world(
        tmp_path, oidc_issuer=ISSUER, oidc_audience=AUDIENCE, oidc_jwks_url=str(jwks)
    )


def _claims(**over: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER, "aud": AUDIENCE, "sub": "user-17", "iat": now, "nbf": now - 5, "exp": now + 600,
        "careerpath_role": "employee", "careerpath_person_id": "EMP",
    }  # fmt: skip
    claims.update(over)
    return {k: v for k, v in claims.items() if v is not None}


def _token(key: Any = RSA_KEY, alg: str = "RS256", kid: str = "rsa-1", **over: Any) -> str:
    return jwt.encode(_claims(**over), key, algorithm=alg, headers={"kid": kid})


def _get(world: World, token: str, person: str = "EMP") -> Any:
    return world.client.get(
        f"/v1/people/{person}/recommendations?kind=roles", headers=bearer(token)
    )


def test_valid_rs256_and_es256_tokens(oidc: World) -> None:
    assert _get(oidc, _token()).status_code == 200
    assert _get(oidc, _token(EC_KEY, "ES256", "ec-1")).status_code == 200
    admin = _token(careerpath_role="hr_admin", careerpath_person_id=None, sub="admin-1")
    assert _get(oidc, admin, "PEER").status_code == 200


def test_an_employee_token_is_scoped_to_its_person(oidc: World) -> None:
    response = _get(oidc, _token(), "PEER")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("name", "token"),
    [
        ("forged signature", lambda: _token(OTHER_KEY)),
        ("unknown kid", lambda: _token(kid="nope")),
        ("wrong audience", lambda: _token(aud="someone-else")),
        ("wrong issuer", lambda: _token(iss="https://evil.example.org/")),
        (
            "expired",
            lambda: _token(
                exp=int(time.time()) - 3600,
                iat=int(time.time()) - 7200,
                nbf=int(time.time()) - 7200,
            ),
        ),
        ("not yet valid", lambda: _token(nbf=int(time.time()) + 3600)),
        ("no exp", lambda: _token(exp=None)),
        ("no aud", lambda: _token(aud=None)),
        (
            "HS256 with the public key",
            lambda: jwt.encode(
                _claims(), "secret" * 8, algorithm="HS256", headers={"kid": "rsa-1"}
            ),
        ),
        ("alg none", lambda: jwt.encode(_claims(), None, algorithm="none")),
        ("no role", lambda: _token(careerpath_role=None)),
        ("unknown role", lambda: _token(careerpath_role="superuser")),
        ("employee without person", lambda: _token(careerpath_person_id=None)),
        ("garbage", lambda: "a.b.c"),
    ],
)
def test_bad_tokens_are_401_with_a_challenge(oidc: World, name: str, token: Any) -> None:
    response = _get(oidc, token())
    assert response.status_code == 401, (name, response.text)
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    assert response.json()["type"] == "/problems/unauthenticated"


def test_expired_says_so(oidc: World) -> None:
    old = int(time.time()) - 3600
    response = _get(oidc, _token(exp=old, iat=old - 60, nbf=old - 60))
    assert "expired" in response.json()["detail"]


def test_api_keys_still_work_with_oidc_on(oidc: World) -> None:
    assert _get(oidc, oidc.keys["employee"]).status_code == 200


def test_jwt_without_oidc_configured_is_401(world: World) -> None:
    response = _get(world, _token())
    assert response.status_code == 401 and "OIDC is not configured" in response.json()["detail"]
