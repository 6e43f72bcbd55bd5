"""The organization's recommendation policy: strict parsing, versioned storage, JSON documents.

A policy document is a JSON object (or YAML mapping) of rules, for example::

    {"excluded_roles": ["org:ceo"], "required_certifications": {"org:sec-3": ["CISSP"]},
     "min_tenure_months": 12, "max_zone_step": 1, "allow_pay_cut": false, "max_steps": 3,
     "include_external": true}

or the form ``policy_document`` writes (``{"version", "created", "author", "comment", "rules"}``),
whose ``rules`` are read and whose other fields are ignored, so a shown policy can be edited and set
again. Every field is optional; an empty document is a policy that changes nothing.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from careerpath.domain.errors import NotFoundError, UnknownCodeError, ValidationError
from careerpath.domain.policy import PolicyRules, PolicyVersion, rules_to_json
from careerpath.engine.ports import UnitOfWork

#: The rule fields: name -> what it holds, for messages.
RULE_FIELDS: Mapping[str, str] = {
    "excluded_roles": "a list of role ids",
    "required_certifications": "a mapping of role id -> list of certification names",
    "min_tenure_months": "a number of months >= 0",
    "max_zone_step": "a number of job zones >= 0",
    "allow_pay_cut": "true or false",
    "max_steps": "a whole number >= 1",
    "include_external": "true or false",
}
#: Fields of the stored-document form beside ``rules`` (read back, ignored).
DOCUMENT_FIELDS = ("version", "created", "author", "comment", "rules")
MAX_TENURE_MONTHS = 600.0
MAX_ZONE_STEP = 4.0  # job zones run 1-5
MAX_STEPS = 10
MAX_PROBLEMS_LISTED = 10
DOCS = "docs/access.md (Recommendation policy)"

Problem = tuple[str, str, str]  # field path, what is wrong, how to fix it


class PolicyValidationError(ValidationError):
    """A policy document that breaks the schema; ``problems`` holds (field, message, hint)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        self.field = self.problems[0][0] if self.problems else ""
        shown = [f"{f}: {m}" + (f" ({h})" if h else "") for f, m, h in self.problems]
        extra = len(shown) - MAX_PROBLEMS_LISTED
        text = "; ".join(shown[:MAX_PROBLEMS_LISTED]) + (
            f"; ... and {extra} more" if extra > 0 else ""
        )
        super().__init__(f"invalid policy: {text}", hint=f"see {DOCS}")


def parse_policy(document: Mapping[str, Any], *, role_ids: Collection[str]) -> PolicyRules:
    """Strictly parse a policy document into rules; ``role_ids`` are the roles it may name.

    Raises PolicyValidationError (a ValidationError) listing each bad field by its path, e.g.
    ``required_certifications.org:sec-3[0]``, and UnknownCodeError naming unknown role ids.
    """
    problems: list[Problem] = []
    rules_doc = _rules_part(document, problems)
    if problems:
        raise PolicyValidationError(problems)
    for name in rules_doc:
        if name not in RULE_FIELDS:
            problems.append((str(name), "unknown field", _nearest(str(name), RULE_FIELDS)))
    excluded = _role_list(rules_doc, problems)
    certs = _certifications(rules_doc, problems)
    tenure = _number(rules_doc, "min_tenure_months", MAX_TENURE_MONTHS, problems)
    step = _number(rules_doc, "max_zone_step", MAX_ZONE_STEP, problems)
    steps = _whole(rules_doc, "max_steps", problems)
    pay_cut = _flag(rules_doc, "allow_pay_cut", problems)
    external = _flag(rules_doc, "include_external", problems)
    if problems:
        raise PolicyValidationError(problems)
    _check_roles([*excluded, *certs], role_ids)
    return PolicyRules(frozenset(excluded), certs, tenure, step, pay_cut, steps, external)


def policy_document(version: PolicyVersion) -> dict[str, Any]:
    """The JSON form of a stored version: number, ISO creation time, author, comment, rules."""
    return {
        "version": version.version,
        "created": version.created.isoformat(),
        "author": version.author,
        "comment": version.comment,
        "rules": rules_to_json(version.rules),
    }


def set_policy(
    document: Mapping[str, Any],
    *,
    author: str,
    comment: str = "",
    uow: UnitOfWork,
    role_ids: Collection[str],
    now: datetime,
) -> PolicyVersion:
    """Parse ``document`` and store it as the next policy version (one transaction, committed)."""
    if not author.strip():
        raise ValidationError(
            "author: a policy change needs an author", hint="say who sets it (--author NAME)"
        )
    rules = parse_policy(document, role_ids=role_ids)
    with uow:
        version = uow.policies.add(rules, author=author.strip(), comment=comment, at=now)
        uow.commit()
    return version


def current_policy(*, uow: UnitOfWork) -> PolicyVersion | None:
    """The policy in force (the newest version), or None when none was ever set."""
    with uow:
        return uow.policies.current()


def policy_history(*, uow: UnitOfWork) -> list[PolicyVersion]:
    """Every policy version, oldest first."""
    with uow:
        return uow.policies.history()


def policy_version(version: int, *, uow: UnitOfWork) -> PolicyVersion:
    """One stored version; NotFoundError when there is no such version."""
    with uow:
        found = uow.policies.get(version)
        newest = uow.policies.current()
    if found is None:
        known = f"versions 1 to {newest.version}" if newest else "no policy was set yet"
        raise NotFoundError(f"no policy version {version}", hint=known)
    return found


def stored_role_ids(*, uow: UnitOfWork) -> frozenset[str]:
    """The ids of the org roles stored in the organization (what a policy may name first)."""
    with uow:
        return frozenset(occ.id for occ, _ in uow.organization.roles())


def _rules_part(document: Any, problems: list[Problem]) -> Mapping[str, Any]:
    """The rules mapping: the document itself, or its ``rules`` in the stored-document form."""
    if not isinstance(document, Mapping):
        problems.append(("(document)", f"expected a mapping of rules, got {_kind(document)}", ""))
        return {}
    if "rules" not in document:
        return document
    for name in document:
        if name not in DOCUMENT_FIELDS:
            hint = _nearest(str(name), DOCUMENT_FIELDS) or "put rules under 'rules'"
            problems.append((str(name), "unknown field beside 'rules'", hint))
    rules = document["rules"]
    if not isinstance(rules, Mapping):
        problems.append(("rules", f"expected a mapping of rules, got {_kind(rules)}", ""))
        return {}
    return rules


def _role_list(doc: Mapping[str, Any], problems: list[Problem]) -> list[str]:
    """``excluded_roles``: a list of non-empty role ids."""
    value = doc.get("excluded_roles")
    if value is None:
        return []
    return _text_list("excluded_roles", value, problems, "a role id")


def _certifications(doc: Mapping[str, Any], problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    """``required_certifications``: role id -> non-empty list of certification names."""
    value = doc.get("required_certifications")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        problems.append(("required_certifications", _expected(RULE_FIELDS, value), ""))
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for role, certs in value.items():
        path = f"required_certifications.{role}"
        if not isinstance(role, str) or not role.strip():
            problems.append((path, "a role id must be non-empty text", ""))
            continue
        names = _text_list(path, certs, problems, "a certification name")
        if isinstance(certs, list) and not certs:
            problems.append((path, "empty list", "name a certification or remove the role"))
        out[role.strip()] = tuple(dict.fromkeys(names))
    return out


def _text_list(path: str, value: Any, problems: list[Problem], what: str) -> list[str]:
    """A list of non-empty strings (stripped); problems for anything else, item by item."""
    if not isinstance(value, list):
        problems.append((path, f"expected a list of text, got {_kind(value)}", f"e.g. [{what}]"))
        return []
    out: list[str] = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            problems.append((f"{path}[{i}]", f"expected text, got {_kind(item)}", f"{what}"))
        elif not item.strip():
            problems.append((f"{path}[{i}]", "empty text", f"give {what} or remove the item"))
        else:
            out.append(item.strip())
    return out


def _number(doc: Mapping[str, Any], name: str, cap: float, problems: list[Problem]) -> float | None:
    """A finite number in [0, cap], or None when absent."""
    value = doc.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append((name, _expected(RULE_FIELDS, value, name), ""))
        return None
    if not 0 <= value <= cap:
        problems.append((name, f"{value} is out of range", f"use a number from 0 to {cap:g}"))
        return None
    return float(value)


def _whole(doc: Mapping[str, Any], name: str, problems: list[Problem]) -> int | None:
    """A whole number in [1, MAX_STEPS], or None when absent."""
    value = doc.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append((name, _expected(RULE_FIELDS, value, name), ""))
        return None
    if not 1 <= value <= MAX_STEPS:
        problems.append((name, f"{value} is out of range", f"use 1 to {MAX_STEPS}"))
        return None
    return value


def _flag(doc: Mapping[str, Any], name: str, problems: list[Problem]) -> bool | None:
    """true or false, or None when absent."""
    value = doc.get(name)
    if value is None or isinstance(value, bool):
        return value
    problems.append((name, _expected(RULE_FIELDS, value, name), "write true or false"))
    return None


def _check_roles(named: Iterable[str], role_ids: Collection[str]) -> None:
    """UnknownCodeError naming every role id the policy uses that is not known."""
    unknown = sorted({r for r in named if r not in role_ids})
    if not unknown:
        return
    close = [m for r in unknown for m in difflib.get_close_matches(r, role_ids, n=1, cutoff=0.75)]
    hint = f"did you mean {', '.join(map(repr, close))}? " if close else ""
    raise UnknownCodeError(
        f"the policy names unknown role{'s' if len(unknown) > 1 else ''}: "
        + ", ".join(map(repr, unknown)),
        hint=hint + "use org role ids (`careerpath roles list`) or occupation codes",
    )


def _nearest(name: str, valid: Iterable[str]) -> str:
    """``did you mean 'x'?`` for the closest valid name, else the list of valid names."""
    options = list(valid)
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.5)
    if close:
        return f"did you mean {close[0]!r}?"
    return "valid fields: " + ", ".join(options)


def _expected(fields: Mapping[str, str], value: Any, name: str = "required_certifications") -> str:
    """``expected <what the field holds>, got <what it got>``."""
    return f"expected {fields[name]}, got {_kind(value)}"


def _kind(value: Any) -> str:
    """How a value reads in a message: ``the text 'x'``, ``a list``, ``the number 3`` ..."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"
