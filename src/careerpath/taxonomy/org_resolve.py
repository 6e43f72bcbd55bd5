"""Resolving a role framework's references: skills by id or exact label, O*NET codes, ESCO URIs."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from careerpath.domain.taxonomy import Occupation, Skill

ONET_CODE = re.compile(r"^\d{2}-\d{4}(\.\d{2})?$")
ELEMENT_ID = re.compile(r"^\d+(\.[0-9A-Za-z]+)+$")
ESCO_BASE = "http://data.europa.eu/esco/"
ESCO_OCCUPATION = ESCO_BASE + "occupation/"
ESCO_SKILL = ESCO_BASE + "skill/"
ORG_PREFIX = "org:"


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved id, or why the reference does not resolve (message and hint)."""

    id: str | None
    message: str = ""
    hint: str = ""


def normalize_esco(uri: str) -> str:
    """ESCO URIs are ``http://``; accept ``https://`` as written by hand."""
    return "http://" + uri[len("https://") :] if uri.startswith("https://data.europa.eu/") else uri


class CodeResolver:
    """Checks O*NET-SOC codes and ESCO occupation URIs against the loaded occupations."""

    def __init__(self, occupations: Mapping[str, Occupation]) -> None:
        self._occupations = occupations
        self._onet: list[str] | None = None
        self._has_esco: bool | None = None

    def onet(self, code: str) -> Resolution:
        """Resolve ``15-1252.00`` (or ``15-1252``) to a loaded O*NET occupation id."""
        if not ONET_CODE.match(code):
            return Resolution(
                None, f"{code!r} is not an O*NET-SOC code", "write NN-NNNN.NN, e.g. 15-1252.00"
            )
        code = code if len(code) > 7 else code + ".00"
        occ = self._occupations.get(code)
        if occ is not None and occ.taxonomy == "onet":
            return Resolution(code)
        codes = self._onet_codes()
        if not codes:
            return Resolution(
                None, f"O*NET code {code} cannot be checked", "O*NET is not loaded; load it first"
            )
        group = [c for c in codes if c[:3] == code[:3]]  # same SOC major group
        same_soc = [c for c in group if c[:7] == code[:7]][:3]
        close = same_soc or difflib.get_close_matches(code, group, 3, 0.8)
        shown = [f"{c} {self._occupations[c].title}" for c in close]
        hint = (
            "did you mean " + " or ".join(shown) + "?"
            if shown
            else "check the code at onetonline.org"
        )
        return Resolution(None, f"unknown O*NET-SOC code {code}", hint)

    def esco(self, uri: str) -> Resolution:
        """Resolve an ESCO occupation URI to a loaded ESCO occupation id."""
        uri = normalize_esco(uri)
        if not uri.startswith(ESCO_OCCUPATION):
            hint = (
                "that is an ESCO skill; list it under the role's skills"
                if uri.startswith(ESCO_SKILL)
                else ""
            )
            return Resolution(
                None,
                f"{uri!r} is not an ESCO occupation URI",
                hint or f"write {ESCO_OCCUPATION}<uuid>",
            )
        occ = self._occupations.get(uri)
        if occ is not None and occ.taxonomy == "esco":
            return Resolution(uri)
        if not self._esco_loaded():
            return Resolution(
                None,
                f"ESCO occupation {uri} cannot be checked",
                "ESCO is not loaded; load it first",
            )
        return Resolution(
            None, f"unknown ESCO occupation {uri}", "it is not in the loaded ESCO release"
        )

    def _onet_codes(self) -> list[str]:
        if self._onet is None:
            self._onet = sorted(k for k, o in self._occupations.items() if o.taxonomy == "onet")
        return self._onet

    def _esco_loaded(self) -> bool:
        if self._has_esco is None:
            self._has_esco = any(o.taxonomy == "esco" for o in self._occupations.values())
        return self._has_esco


@dataclass
class _LabelIndex:
    preferred: dict[str, list[str]] = field(default_factory=dict)  # casefolded label -> ids
    alternative: dict[str, list[str]] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)  # labels for fuzzy suggestions
    choice_ids: list[str] = field(default_factory=list)


class SkillResolver:
    """Resolves a skill reference: an id, ``org:<id>``, or an exact label (case-insensitive)."""

    def __init__(self, skills: Mapping[str, Skill], org_skills: Mapping[str, Skill]) -> None:
        self._skills = skills
        self._org = org_skills
        self._index: _LabelIndex | None = None
        self._cache: dict[str, Resolution] = {}

    def resolve(self, ref: str) -> Resolution:
        """The skill id ``ref`` names, or why it names none or several."""
        if ref not in self._cache:
            self._cache[ref] = self._resolve(ref)
        return self._cache[ref]

    def show(self, skill_id: str) -> str:
        """``'Label' (id)`` for messages."""
        skill = self._org.get(skill_id) or self._skills.get(skill_id)
        return f"{skill.label!r} ({skill_id})" if skill else skill_id

    def _resolve(self, ref: str) -> Resolution:
        if ref[:4].casefold() == ORG_PREFIX:
            if ref in self._org:
                return Resolution(ref)
            hint = "declare it under the framework's `skills:` (CSV: the org-skills table)"
            close = [self.show(c) for c in difflib.get_close_matches(ref, list(self._org), 3, 0.6)]
            return Resolution(None, f"undeclared org skill {ref!r}", _did_you_mean(close) or hint)
        esco = normalize_esco(ref)
        if esco in self._skills:
            return Resolution(esco)
        if ELEMENT_ID.match(ref) or ref.startswith(("onet:", "http://", "https://")):
            return self._unknown_id(esco)
        return self._label(ref)

    def _unknown_id(self, ref: str) -> Resolution:
        if ref.startswith("http"):
            source, loaded = "ESCO skill", any(s.taxonomy == "esco" for s in self._skills.values())
        else:
            source, loaded = (
                "O*NET element",
                any(s.taxonomy == "onet" for s in self._skills.values()),
            )
        if not loaded:
            return Resolution(
                None, f"{source} {ref} cannot be checked", f"{source.split()[0]} is not loaded"
            )
        same_kind = [k for k in self._skills if k[:4] == ref[:4]]
        close = [self.show(c) for c in difflib.get_close_matches(ref, same_kind, 3, 0.75)]
        return Resolution(
            None, f"unknown {source} id {ref!r}", _did_you_mean(close) or "check the id"
        )

    def _label(self, ref: str) -> Resolution:
        index = self._label_index()
        key = ref.casefold()
        ids = list(dict.fromkeys(index.preferred.get(key) or index.alternative.get(key) or []))
        if len(ids) == 1:
            return Resolution(ids[0])
        if ids:
            shown = ", ".join(self.show(i) for i in ids[:3]) + (", ..." if len(ids) > 3 else "")
            return Resolution(
                None,
                f"ambiguous skill label {ref!r}: {len(ids)} skills carry it",
                f"use an id: {shown}",
            )
        close = self._close_labels(ref, index)
        hint = (
            _did_you_mean(close) or "give a skill id, or declare it under `skills:` as an org skill"
        )
        return Resolution(None, f"unknown skill {ref!r}", hint)

    def _close_labels(self, ref: str, index: _LabelIndex) -> list[str]:
        found = process.extract(
            ref,
            index.choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=12,
            score_cutoff=70,
        )
        ids = list(dict.fromkeys(index.choice_ids[i] for _, _, i in found))
        return [self.show(i) for i in ids[:3]]

    def _label_index(self) -> _LabelIndex:
        if self._index is None:
            index = _LabelIndex()
            for skill in [*self._skills.values(), *self._org.values()]:
                index.preferred.setdefault(skill.label.casefold(), []).append(skill.id)
                for alt in skill.alt_labels:
                    index.alternative.setdefault(alt.casefold(), []).append(skill.id)
                for label in (skill.label, *skill.alt_labels):
                    index.choices.append(label)
                    index.choice_ids.append(skill.id)
            self._index = index
        return self._index


def _did_you_mean(close: list[str]) -> str:
    return "did you mean " + " or ".join(close) + "?" if close else ""
