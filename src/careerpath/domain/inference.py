"""Skill inference: skills implied by roles, learning, projects and text, merged with their evidence.

Every source becomes :class:`Evidence` (level and confidence in [0, 1], with plain-words detail), and
the evidence of one skill merges into one :class:`SkillClaim`. Months are 30.4375 days.

Roles held. Each *core* requirement of a role (importance >= ``core_importance``) is evidence at
    level = required x (1 - exp(-tenure / grow_months)) x exp(-since / decay_months)
    confidence = role_confidence x (1 - exp(-tenure / grow_months)) x (0.5 + 0.5 x importance)
where ``tenure`` is the spell's length and ``since`` the months since it ended (0 while current):
the level grows with tenure toward the role's required level and decays once the role is left.
Learning. A course ``passed`` / ``completed`` gives each skill it teaches at the course's level
(x (0.75 + 0.25 x score) when scored) with confidence 0.75 / 0.6; ``experienced`` gives half the
level at confidence 0.2; ``failed`` gives nothing. The level decays like a role's, from the record date.
Projects. Each skill used: level ``project_level`` (decaying from the project's end), confidence
``project_confidence`` x (1 - exp(-months / project_months)).
Text. Resume / HRIS claims keep their own evidence (source, level, confidence).

Merge per skill: confidence = noisy-OR of the evidence confidences, 1 - prod(1 - c_i) (more evidence
never lowers it); level = the confidence-weighted mean of evidence levels, raised to the highest level
of any *strong* evidence (confidence >= ``strong``). Explicit assessments override the inferred
level: the latest manager assessment, else the latest self assessment, sets the level (origin
"assessed"; assessments join the noisy-OR at 0.85 manager, 0.6 self). A person's correction
overrides everything (origin "corrected", confidence 1; a corrected level of 0 removes the skill).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from careerpath.domain.profile import (
    Assessment,
    Course,
    Evidence,
    LearningRecord,
    ProjectRecord,
    RoleRequirement,
    RoleSpell,
    SkillClaim,
)

DAYS_PER_MONTH = 30.4375
ASSESSED_SOURCES = ("manager_assessment", "self_assessment")


@dataclass(frozen=True, slots=True)
class InferenceParams:
    """The documented knobs of inference (see the module docstring for the curves)."""

    core_importance: float = 0.6
    grow_months: float = 12.0
    decay_months: float = 60.0
    role_confidence: float = 0.8
    verb_confidence: Mapping[str, float] = field(
        default_factory=lambda: {"passed": 0.75, "completed": 0.6, "experienced": 0.2}
    )
    project_level: float = 0.4
    project_months: float = 6.0
    project_confidence: float = 0.5
    strong: float = 0.6
    manager_confidence: float = 0.85
    self_confidence: float = 0.6


DEFAULT_PARAMS = InferenceParams()


@dataclass(frozen=True, slots=True)
class Correction:
    """A person's own correction of one skill: the level they say they have (0 = not at all)."""

    skill_id: str
    level: float
    at: date
    note: str = ""


def months_between(start: date, end: date) -> float:
    """Months from ``start`` to ``end`` (0 when ``end`` is not later)."""
    return max(0.0, (end - start).days / DAYS_PER_MONTH)


def grown(months: float, tau: float) -> float:
    """The growth curve 1 - exp(-months / tau), in [0, 1)."""
    return 1.0 - math.exp(-max(0.0, months) / tau)


def decayed(months_since: float, tau: float) -> float:
    """The decay curve exp(-months_since / tau), in (0, 1]."""
    return math.exp(-max(0.0, months_since) / tau)


def role_evidence(
    spell: RoleSpell,
    requirements: Sequence[RoleRequirement],
    *,
    today: date,
    params: InferenceParams = DEFAULT_PARAMS,
) -> list[tuple[str, Evidence]]:
    """(skill id, evidence) for each core requirement of one role spell."""
    tenure = spell.months(today)
    since = months_between(spell.end, today) if spell.end is not None else 0.0
    growth = grown(tenure, params.grow_months)
    if growth <= 0.0:
        return []
    decay = decayed(since, params.decay_months)
    end = f"{spell.end:%Y-%m}" if spell.end is not None else "now"
    detail = f"held {spell.title} {spell.start:%Y-%m} to {end} ({tenure:.0f} months): core skill of the role"
    ref = f"role:{spell.role_id or spell.occupation_id or spell.title}@{spell.start.isoformat()}"
    observed = spell.end or today
    out = []
    for req in requirements:
        if req.importance < params.core_importance:
            continue
        conf = params.role_confidence * growth * (0.5 + 0.5 * _unit(req.importance))
        level = _unit(req.level) * growth * decay
        out.append((req.skill_id, Evidence("role", _unit(conf), level, detail, ref, observed)))
    return out


def learning_evidence(
    record: LearningRecord,
    course: Course | None,
    *,
    today: date,
    params: InferenceParams = DEFAULT_PARAMS,
) -> list[tuple[str, Evidence]]:
    """(skill id, evidence) for each skill a completed, passed or experienced course teaches."""
    conf = params.verb_confidence.get(record.verb)
    if course is None or conf is None:
        return []
    share = 0.5 if record.verb == "experienced" else 1.0
    if record.score is not None:
        share *= 0.75 + 0.25 * _unit(record.score)
    decay = decayed(months_between(record.timestamp, today), params.decay_months)
    score = f", score {record.score:.0%}" if record.score is not None else ""
    detail = f"{record.verb} course {course.title!r} on {record.timestamp.isoformat()}{score}"
    return [
        (
            cs.skill_id,
            Evidence(
                "learning",
                conf,
                _unit(cs.level) * share * decay,
                detail,
                f"course:{course.id}",
                record.timestamp,
            ),
        )
        for cs in course.skills
    ]


def project_evidence(
    project: ProjectRecord, *, today: date, params: InferenceParams = DEFAULT_PARAMS
) -> list[tuple[str, Evidence]]:
    """(skill id, evidence) for each skill used on a project: modest level, confidence by duration."""
    start = project.start or project.end or today
    end = project.end or today
    months = max(1.0, months_between(start, end))
    conf = params.project_confidence * grown(months, params.project_months)
    level = params.project_level * decayed(months_between(end, today), params.decay_months)
    role = f" as {project.role}" if project.role else ""
    detail = f"used on project {project.name!r}{role} ({months:.0f} months, to {end:%Y-%m})"
    ev = Evidence("project", conf, level, detail, f"project:{project.project_id}", end)
    return [(skill, ev) for skill in dict.fromkeys(project.skills)]


def assessment_evidence(
    assessment: Assessment, *, params: InferenceParams = DEFAULT_PARAMS
) -> tuple[str, Evidence]:
    """(skill id, evidence) of one self or manager assessment."""
    manager = assessment.assessor == "manager"
    conf = params.manager_confidence if manager else params.self_confidence
    who = "manager" if manager else "self"
    when = f" on {assessment.assessed.isoformat()}" if assessment.assessed else ""
    detail = f"{who} assessment{when}: level {assessment.level:.2f}"
    source = "manager_assessment" if manager else "self_assessment"
    ref = f"assessment:{assessment.assessor_id or who}"
    return assessment.skill_id, Evidence(
        source, conf, _unit(assessment.level), detail, ref, assessment.assessed
    )


def text_evidence(claims: Iterable[SkillClaim]) -> list[tuple[str, Evidence]]:
    """(skill id, evidence) from resume / HRIS claims; a bare claim becomes one resume evidence."""
    out: list[tuple[str, Evidence]] = []
    for claim in claims:
        if claim.evidence:
            out.extend((claim.skill_id, ev) for ev in claim.evidence)
        else:
            ev = Evidence("resume", _unit(claim.confidence), _unit(claim.level), "claimed in text")
            out.append((claim.skill_id, ev))
    return out


def merge_evidence(
    skill_id: str,
    evidence: Sequence[Evidence],
    *,
    assessments: Sequence[Assessment] = (),
    correction: Correction | None = None,
    params: InferenceParams = DEFAULT_PARAMS,
) -> SkillClaim | None:
    """One claim from all evidence of one skill (rule in the module docstring); None if removed."""
    assessed = [assessment_evidence(a, params=params)[1] for a in assessments]
    everything = list(evidence) + assessed
    confidence = noisy_or(ev.confidence for ev in everything)
    level, origin = _inferred_level(evidence, params.strong), "inferred"
    chosen = _winning_assessment(assessments)
    if chosen is not None:
        level, origin = _unit(chosen.level), "assessed"
    ordered = sorted(assessed, key=_assessment_rank) + sorted(
        evidence, key=lambda e: (-e.confidence, -e.level, e.source, e.ref)
    )
    if correction is not None:
        if correction.level <= 0.0:
            return None
        note = f": {correction.note}" if correction.note else ""
        fix = Evidence(
            "correction", 1.0, _unit(correction.level), f"corrected by the person{note}",
            observed=correction.at,
        )  # fmt: skip
        return SkillClaim(skill_id, fix.level, 1.0, (fix, *ordered), "corrected")
    if not everything:
        return None
    return SkillClaim(skill_id, _unit(level), _unit(confidence), tuple(ordered), origin)


def infer_skills(
    history: Sequence[RoleSpell],
    *,
    role_requirements: Mapping[str, Sequence[RoleRequirement]],
    today: date,
    courses: Mapping[str, Course] | None = None,
    learning: Sequence[LearningRecord] = (),
    projects: Sequence[ProjectRecord] = (),
    assessments: Sequence[Assessment] = (),
    text_claims: Sequence[SkillClaim] = (),
    corrections: Sequence[Correction] = (),
    params: InferenceParams = DEFAULT_PARAMS,
) -> tuple[SkillClaim, ...]:
    """A person's skills from every source, one claim per skill (by skill id), each with its evidence.

    ``role_requirements`` is keyed by org role id (``org:<id>``) or occupation id; a spell uses its
    role id first, then its occupation id.
    """
    pieces: list[tuple[str, Evidence]] = []
    for spell in history:
        reqs = role_requirements.get(spell.role_id or "") or role_requirements.get(
            spell.occupation_id or "", ()
        )
        pieces += role_evidence(spell, reqs, today=today, params=params)
    catalog = courses or {}
    for record in learning:
        pieces += learning_evidence(
            record, catalog.get(record.course_id), today=today, params=params
        )
    for project in projects:
        pieces += project_evidence(project, today=today, params=params)
    pieces += text_evidence(text_claims)
    return _merge_all(pieces, assessments, corrections, params)


def noisy_or(confidences: Iterable[float]) -> float:
    """1 - prod(1 - c): the chance at least one independent piece of evidence is right."""
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - _unit(c)
    return 1.0 - miss


def _merge_all(
    pieces: Sequence[tuple[str, Evidence]],
    assessments: Sequence[Assessment],
    corrections: Sequence[Correction],
    params: InferenceParams,
) -> tuple[SkillClaim, ...]:
    by_skill: dict[str, list[Evidence]] = {}
    for skill, ev in pieces:
        by_skill.setdefault(skill, []).append(ev)
    assessed: dict[str, list[Assessment]] = {}
    for a in assessments:
        assessed.setdefault(a.skill_id, []).append(a)
    fixes: dict[str, Correction] = {}
    for c in sorted(corrections, key=lambda c: c.at):
        fixes[c.skill_id] = c  # the latest correction of a skill wins
    claims = []
    for skill in sorted(set(by_skill) | set(assessed) | set(fixes)):
        claim = merge_evidence(
            skill,
            by_skill.get(skill, ()),
            assessments=assessed.get(skill, ()),
            correction=fixes.get(skill),
            params=params,
        )
        if claim is not None:
            claims.append(claim)
    return tuple(claims)


def _inferred_level(evidence: Sequence[Evidence], strong: float) -> float:
    weight = sum(ev.confidence for ev in evidence)
    if weight <= 0.0:
        return max((ev.level for ev in evidence), default=0.0)
    mean = sum(ev.confidence * ev.level for ev in evidence) / weight
    return max([mean] + [ev.level for ev in evidence if ev.confidence >= strong])


def _winning_assessment(assessments: Sequence[Assessment]) -> Assessment | None:
    """The latest manager assessment, else the latest self assessment (undated counts as oldest)."""
    if not assessments:
        return None
    return max(
        enumerate(assessments),
        key=lambda p: (p[1].assessor == "manager", p[1].assessed or date.min, p[0]),
    )[1]


def _assessment_rank(ev: Evidence) -> tuple[int, int]:
    return (ASSESSED_SOURCES.index(ev.source), -(ev.observed or date.min).toordinal())


def _unit(x: float) -> float:
    return 0.0 if not x > 0.0 else (1.0 if x > 1.0 else float(x))
