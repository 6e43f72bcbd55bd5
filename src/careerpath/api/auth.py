"""Who is calling: OIDC bearer tokens (JWT, verified against the issuer's JWKS) and API keys.

Credentials: ``Authorization: Bearer <token>`` where the token is an API key (``cpk_...``) or an
OIDC access token (a JWT), or ``X-API-Key: cpk_...``. A JWT must be signed RS256 or ES256 by a key
of the configured JWKS (an https URL, cached, or a local file) and carry ``exp``, ``iss`` (the
configured issuer) and ``aud`` (the configured audience); ``nbf`` is checked when present. The role
comes from ``oidc_role_claim``, the person from ``oidc_person_claim``. Verified credentials are
remembered for at most ``CACHE_SECONDS`` (never past a token's expiry), so a revoked API key stops
working within that time.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

import jwt

from careerpath.api.problems import ApiProblem, MissingCredentialsError
from careerpath.config import Settings
from careerpath.domain.access import ROLES, Principal, Role
from careerpath.domain.errors import AuthenticationError
from careerpath.engine.ports import UnitOfWork

API_KEY_PREFIX = "cpk_"
ALGORITHMS = ["RS256", "ES256"]
CACHE_SECONDS = 10.0
LEEWAY_SECONDS = 30
_CACHE_SIZE = 10_000


class JwtVerifier:
    """Verifies OIDC JWTs against the issuer's JWKS and maps their claims to a Principal."""

    def __init__(
        self, *, issuer: str, audience: str, jwks: str, role_claim: str, person_claim: str
    ) -> None:
        self.issuer, self.audience = issuer, audience
        self.role_claim, self.person_claim = role_claim, person_claim
        self._remote = jwks if jwks.startswith(("https://", "http://")) else None
        self._client = (
            jwt.PyJWKClient(jwks, cache_keys=True, lifespan=300) if self._remote else None
        )
        self._file = None if self._remote else Path(jwks).expanduser()
        self._keys: dict[str, jwt.PyJWK] | None = None
        self._lock = threading.Lock()

    def verify(self, token: str) -> tuple[Principal, float]:
        """The token's principal and its expiry (epoch seconds); AuthenticationError when invalid."""
        try:
            key = self._signing_key(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthenticationError("the token has expired", hint="get a new one") from None
        except jwt.PyJWKClientConnectionError as exc:
            raise ApiProblem(
                503, "jwks-unavailable", f"the issuer's keys cannot be fetched: {exc}"
            ) from None
        except (jwt.PyJWTError, ValueError) as exc:
            raise AuthenticationError(f"invalid token: {exc}") from None
        return self._principal(claims), float(claims["exp"])

    def _signing_key(self, token: str) -> Any:
        """The JWKS key named by the token's ``kid`` (the only key when the JWKS has one)."""
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(token).key
        kid = jwt.get_unverified_header(token).get("kid")
        keys = self._file_keys(reload=False)
        if kid not in keys and kid is not None:
            keys = self._file_keys(reload=True)  # the file may have been rotated
        if kid is None and len(keys) == 1:
            return next(iter(keys.values())).key
        if kid not in keys:
            raise jwt.InvalidTokenError(f"no key {kid!r} in the issuer's JWKS")
        return keys[kid].key

    def _file_keys(self, *, reload: bool) -> dict[str, jwt.PyJWK]:
        with self._lock:
            if self._keys is None or reload:
                assert self._file is not None
                data = json.loads(self._file.read_text(encoding="utf-8"))
                jwks = jwt.PyJWKSet.from_dict(data)
                self._keys = {str(k.key_id): k for k in jwks.keys}
            return self._keys

    def _principal(self, claims: Mapping[str, Any]) -> Principal:
        role = claims.get(self.role_claim)
        if role not in ROLES:
            raise AuthenticationError(
                f"the token's {self.role_claim!r} claim must be one of {', '.join(ROLES)}"
            )
        person = claims.get(self.person_claim)
        if person is not None and not isinstance(person, str):
            raise AuthenticationError(f"the token's {self.person_claim!r} claim must be a string")
        if role in ("employee", "manager") and not person:
            raise AuthenticationError(
                f"an {role} token needs the {self.person_claim!r} claim (the person id)"
            )
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise AuthenticationError("the token has no 'sub' claim")
        return Principal(subject=subject, role=cast(Role, role), person_id=person, via="jwt")


class Authenticator:
    """Turns request credentials into a Principal (deny by default: no credentials, 401)."""

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        verifier: JwtVerifier | None,
        authenticate_key: Callable[[str, UnitOfWork], Principal],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.uow_factory = uow_factory
        self.verifier = verifier
        self.authenticate_key = authenticate_key
        self.clock = clock
        self._cache: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._lock = threading.Lock()

    def authenticate(self, authorization: str | None, api_key: str | None) -> Principal:
        """The caller of a request with these Authorization / X-API-Key header values."""
        hit = self.remembered(authorization, api_key)
        if hit is not None:
            return hit
        token = api_key.strip() if api_key else _bearer(authorization)
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
        now = self.clock()
        principal, until = self._verify(token, now)
        with self._lock:
            self._cache[digest] = (principal, min(until, now + CACHE_SECONDS))
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return principal

    def remembered(self, authorization: str | None, api_key: str | None) -> Principal | None:
        """The caller when these credentials were verified recently, else None (nothing verified).

        Malformed or missing credentials raise AuthenticationError as in ``authenticate``.
        """
        token = api_key.strip() if api_key else _bearer(authorization)
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
        with self._lock:
            hit = self._cache.get(digest)
        return hit[0] if hit is not None and hit[1] > self.clock() else None

    def forget(self) -> None:
        """Drop every remembered credential (after a key is revoked through the API)."""
        with self._lock:
            self._cache.clear()

    def _verify(self, token: str, now: float) -> tuple[Principal, float]:
        if token.startswith(API_KEY_PREFIX):
            return self.authenticate_key(token, self.uow_factory()), now + CACHE_SECONDS
        if self.verifier is None:
            raise AuthenticationError(
                "the bearer token is not an API key (cpk_...) and OIDC is not configured",
                hint="set CAREERPATH_OIDC_ISSUER, _AUDIENCE and _JWKS_URL, or use an API key",
            )
        return self.verifier.verify(token)


def _bearer(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header; AuthenticationError otherwise."""
    if not authorization:
        raise MissingCredentialsError(
            "missing credentials",
            hint="send Authorization: Bearer <token> (an OIDC token or an API key) or X-API-Key",
        )
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("the Authorization header must be 'Bearer <token>'")
    return token.strip()


def make_verifier(settings: Settings) -> JwtVerifier | None:
    """The JWT verifier for the OIDC settings; None when OIDC is not configured (API keys only)."""
    if not settings.oidc_issuer:
        return None
    from careerpath.domain.errors import InvalidRequestError

    if not settings.oidc_audience or not settings.oidc_jwks_url:
        raise InvalidRequestError(
            "CAREERPATH_OIDC_ISSUER is set but CAREERPATH_OIDC_AUDIENCE or _JWKS_URL is not",
            hint="set all three (the JWKS may be an https URL or a local file), or none",
        )
    return JwtVerifier(
        issuer=settings.oidc_issuer,
        audience=settings.oidc_audience,
        jwks=settings.oidc_jwks_url,
        role_claim=settings.oidc_role_claim,
        person_claim=settings.oidc_person_claim,
    )
