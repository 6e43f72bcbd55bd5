"""The org role framework loader: YAML and CSV forms, mappings, ladders, and every validation error."""

from __future__ import annotations

import csv
import re
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.domain.errors import MissingDataError, ValidationError
from careerpath.domain.taxonomy import Occupation, OrgRoleInfo, PayBand, Skill
from careerpath.taxonomy.org import FrameworkValidationError, load_org_framework
from careerpath.taxonomy.org_model import scale_importance, scale_level
from careerpath.taxonomy.parts import TaxonomyPart

ESCO_SWE = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"
ESCO_PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"

OCCUPATIONS = {
    o.id: o
    for o in (
        Occupation("15-1252.00", "Software Developers", "onet", job_zone=4.0),
        Occupation("15-2051.00", "Data Scientists", "onet", job_zone=5.0),
        Occupation("11-3021.00", "Computer and Information Systems Managers", "onet", job_zone=4.0),
        Occupation("13-1071.00", "Human Resources Specialists", "onet"),
        Occupation(ESCO_SWE, "software developer", "esco"),
    )
}
SKILLS = {
    s.id: s
    for s in (
        Skill("2.B.3.e", "Programming", "onet", "skill"),
        Skill("2.A.2.a", "Critical Thinking", "onet", "skill"),
        Skill("2.A.1.e", "Mathematics", "onet", "skill"),
        Skill("2.C.4.a", "Mathematics", "onet", "knowledge"),
        Skill("2.C.1.f", "Personnel and Human Resources", "onet", "knowledge"),
        Skill(
            "onet:tech:43232405",
            "Object or component oriented development software",
            "onet",
            "technology",
            alt_labels=("Java", "Python"),
        ),
        Skill(
            ESCO_PYTHON,
            "Python (computer programming)",
            "esco",
            "knowledge",
            alt_labels=("Python",),
        ),
    )
}

VALID = """\
framework: Test framework
version: "1"
levels: {min: 1, max: 6}
skills:
  - id: platform
    label: Acme platform
    kind: knowledge
    alt_labels: [The Platform]
roles:
  - id: swe-1
    title: Software Engineer
    job_family: Engineering
    track: ic
    level: 1
    aliases: [Developer]
    pay_band: {name: E1, min: 90000, max: 120000}
    onet: [15-1252.00]
    next: [swe-2]
    certifications: [AWS Developer]
    skills:
      - {skill: Programming, importance: 4, level: 3}
      - {skill: onet:tech:43232405, importance: high, level: basic}
      - Critical Thinking
  - id: swe-2
    title: Senior Software Engineer
    job_family: Engineering
    track: ic
    level: 2
    description: Leads features.
    pay_band: {name: E2, min: 120000, max: 160000, currency: EUR}
    onet: [15-1252]
    esco: [ESCO_SWE]
    next: [em-3]
    skills:
      - {skill: 2.B.3.e, importance: 5, level: 5}
      - {skill: org:platform, importance: 3}
  - id: em-3
    title: Engineering Manager
    job_family: Engineering
    track: management
    level: 3
    job_zone: 5
    onet: [11-3021.00]
    skills:
      - {skill: 2.C.4.a, importance: 2, level: 2}
""".replace("ESCO_SWE", ESCO_SWE)

ROLES_CSV = f"""\
id,title,job_family,track,level,description,aliases,job_zone,pay_band,pay_min,pay_max,currency,onet,esco,next,certifications
swe-1,Software Engineer,Engineering,ic,1,,Developer,,E1,90000,"120,000",,15-1252.00,,swe-2,AWS Developer
swe-2,Senior Software Engineer,Engineering,ic,2,Leads features.,,,E2,120000,160000,EUR,15-1252,{ESCO_SWE},em-3,
em-3,Engineering Manager,Engineering,management,3,,,5,,,,,11-3021.00,,,
"""
SKILLS_CSV = """\
role_id,skill,importance,level
swe-1,Programming,4,3
swe-1,onet:tech:43232405,high,basic
swe-1,Critical Thinking,,
swe-2,2.B.3.e,5,5
swe-2,org:platform,3,
em-3,2.C.4.a,2,2
"""
ORG_SKILLS_CSV = """\
id,label,kind,description,alt_labels
platform,Acme platform,knowledge,,The Platform
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _load(path: Path) -> TaxonomyPart:
    return load_org_framework(path, occupations=OCCUPATIONS, skills=SKILLS)


def _problems(path: Path) -> list[str]:
    """The problem lines of the one error loading ``path`` raises."""
    with pytest.raises(FrameworkValidationError) as info:
        _load(path)
    assert isinstance(info.value, ValidationError)
    return [str(p) for p in info.value.problems]


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``needle``."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[occurrence - 1]


def _bad_yaml(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    assert old in VALID, old
    text = VALID.replace(old, new, 1)
    return _write(tmp_path, "fw.yaml", text), text


def _one(problems: list[str], path: Path, line: int, field: str) -> str:
    """The problem at ``path:line field``; fails listing all problems when there is none."""
    prefix = f"{path}:{line} {field}:"
    found = [p for p in problems if p.startswith(prefix)]
    assert found, f"no problem at {prefix!r} in:\n" + "\n".join(problems)
    return found[0]


# ---- happy path ---------------------------------------------------------------------------------


def test_yaml_framework_loads_roles_ladders_bands_and_mappings(tmp_path: Path) -> None:
    part = _load(_write(tmp_path, "fw.yaml", VALID))
    assert list(part.occupations) == ["org:swe-1", "org:swe-2", "org:em-3"]
    swe1, swe2, em3 = part.occupations.values()
    assert (
        swe1.taxonomy == "org" and swe1.title == "Software Engineer" and swe1.group == "Engineering"
    )
    assert swe1.alt_titles == ("Developer",)
    assert swe1.job_zone == 4.0  # inherited from 15-1252.00
    assert em3.job_zone == 5.0  # the framework says so (11-3021.00 has 4)
    assert swe1.org == OrgRoleInfo(
        job_family="Engineering",
        track="ic",
        level=1,
        pay_band=PayBand("E1", 90000.0, 120000.0, "USD"),
        certifications=("AWS Developer",),
        onet_codes=("15-1252.00",),
        next_roles=("org:swe-2",),
    )
    assert swe2.org is not None and swe2.org.pay_band == PayBand("E2", 120000.0, 160000.0, "EUR")
    assert swe2.links == ("15-1252.00", ESCO_SWE)  # 15-1252 normalised to 15-1252.00
    assert swe2.description == "Leads features."
    assert em3.org is not None and em3.org.track == "management" and em3.org.next_roles == ()


def test_yaml_framework_builds_the_skills_facet_and_org_skills(tmp_path: Path) -> None:
    part = _load(_write(tmp_path, "fw.yaml", VALID))
    assert part.skills == {
        "org:platform": Skill(
            "org:platform", "Acme platform", "org", "knowledge", alt_labels=("The Platform",)
        )
    }
    facet = part.facets["skills"]
    assert facet.taxonomy == "org" and facet.row_ids == tuple(part.occupations)
    assert facet.col_ids == ("2.A.2.a", "2.B.3.e", "2.C.4.a", "onet:tech:43232405", "org:platform")
    assert facet.importance.dtype == np.float32 and facet.level is not None
    imp, lvl = facet.importance.toarray(), facet.level.toarray()
    col = {c: j for j, c in enumerate(facet.col_ids)}
    assert imp[0, col["2.B.3.e"]] == pytest.approx(4 / 5) and lvl[
        0, col["2.B.3.e"]
    ] == pytest.approx(3 / 7)
    assert imp[0, col["onet:tech:43232405"]] == pytest.approx(0.8)  # "high" = 4
    assert lvl[0, col["onet:tech:43232405"]] == pytest.approx(2 / 7)  # "basic" = 2
    assert imp[0, col["2.A.2.a"]] == pytest.approx(0.6) and lvl[0, col["2.A.2.a"]] == 0  # defaults
    assert imp[1, col["org:platform"]] == pytest.approx(0.6)
    assert facet.importance.nnz == 6 and imp.min() >= 0 and imp.max() <= 1


def test_sources_and_notes(tmp_path: Path) -> None:
    path = _write(tmp_path, "fw.yaml", VALID)
    part = _load(path)
    (source,) = part.sources
    assert (source.dataset, source.release, source.path, source.rows) == ("org", "1", str(path), 3)
    assert len(source.sha256) == 64
    assert "3 roles in 1 job families" in part.notes[0]


def _csv_framework(folder: Path, prefix: str = "acme-") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder, f"{prefix}skills.csv", SKILLS_CSV)
    _write(folder, f"{prefix}org-skills.csv", ORG_SKILLS_CSV)
    return _write(folder, f"{prefix}roles.csv", ROLES_CSV)


def _same(a: TaxonomyPart, b: TaxonomyPart) -> None:
    assert a.occupations == b.occupations
    assert a.skills == b.skills
    fa, fb = a.facets["skills"], b.facets["skills"]
    assert (fa.row_ids, fa.col_ids) == (fb.row_ids, fb.col_ids)
    assert np.array_equal(fa.importance.toarray(), fb.importance.toarray())
    assert (
        fa.level is not None
        and fb.level is not None
        and np.array_equal(fa.level.toarray(), fb.level.toarray())
    )


def test_csv_form_gives_the_same_framework_as_yaml(tmp_path: Path) -> None:
    from_yaml = _load(_write(tmp_path, "fw.yaml", VALID))
    from_csv = _load(_csv_framework(tmp_path / "csv"))
    _same(from_yaml, from_csv)
    assert [s.path.rsplit("/", 1)[-1] for s in from_csv.sources] == [
        "acme-roles.csv",
        "acme-skills.csv",
        "acme-org-skills.csv",
    ]
    assert [s.rows for s in from_csv.sources] == [3, 6, 1]


def test_a_folder_holding_the_csv_tables_loads(tmp_path: Path) -> None:
    _csv_framework(tmp_path / "fw", prefix="")
    assert list(_load(tmp_path / "fw").occupations) == ["org:swe-1", "org:swe-2", "org:em-3"]


def test_a_folder_holding_one_yaml_loads(tmp_path: Path) -> None:
    _write(tmp_path, "roles.yml", VALID)
    assert len(_load(tmp_path).occupations) == 3


def test_missing_role_skills_table_is_named(tmp_path: Path) -> None:
    roles = _write(tmp_path, "acme-roles.csv", ROLES_CSV)
    with pytest.raises(MissingDataError) as info:
        _load(roles)
    assert info.value.path == str(tmp_path / "acme-skills.csv")


def test_csv_roles_table_must_follow_the_naming_convention(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"roles\.csv"):
        _load(_write(tmp_path, "framework.csv", ROLES_CSV))


def test_missing_file_is_missing_data(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError):
        _load(tmp_path / "nope.yaml")


# ---- YAML validation: each case names file, line and field --------------------------------------


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "    title: Senior Software Engineer", "    title: [Senior")
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:{_line_of(text, '[Senior') + 1}: YAML syntax error")
    assert f"on line {_line_of(text, '[Senior')}" in problem


def test_unknown_top_level_field_suggests_the_nearest(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "levels:", "levles:")
    problem = _one(_problems(path), path, _line_of(text, "levles:"), "levles")
    assert "unknown field" in problem and "'levels'" in problem


def test_unknown_role_field_suggests_the_nearest(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "    job_zone: 5", "    jobzone: 5")
    problem = _one(_problems(path), path, _line_of(text, "jobzone"), "roles[2].jobzone")
    assert "did you mean 'job_zone'?" in problem


def test_missing_required_field(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "    title: Engineering Manager\n", "")
    problem = _one(_problems(path), path, _line_of(text, "- id: em-3"), "roles[2].title")
    assert "missing required field" in problem


def test_duplicate_role_id_names_the_first(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "- id: em-3", "- id: swe-1")
    problem = _one(_problems(path), path, _line_of(text, "- id: swe-1", 2), "roles[2].id")
    assert f"duplicate role id 'swe-1' (first on line {_line_of(text, '- id: swe-1')})" in problem


@pytest.mark.parametrize(
    ("old", "new", "field", "expected"),
    [
        (
            "    level: 3",
            "    level: three",
            "roles[2].level",
            "expected a whole number, got the text 'three'",
        ),
        (
            "    title: Engineering Manager",
            "    title: 42",
            "roles[2].title",
            "expected text, got the number 42",
        ),
        (
            "    aliases: [Developer]",
            "    aliases: {a: b}",
            "roles[0].aliases",
            "expected a list of texts",
        ),
        ('version: "1"', "version: 1.10", "version", "put it in quotes"),
        (
            "min: 90000",
            "min: 90k",
            "roles[0].pay_band.min",
            "expected a number, got the text '90k'",
        ),
    ],
)
def test_wrong_types(tmp_path: Path, old: str, new: str, field: str, expected: str) -> None:
    path, text = _bad_yaml(tmp_path, old, new)
    assert expected in _one(_problems(path), path, _line_of(text, new.strip()), field)


def test_level_out_of_range(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "    level: 3", "    level: 7")
    problem = _one(_problems(path), path, _line_of(text, "level: 7"), "roles[2].level")
    assert "level 7 is out of range 1-6" in problem


def test_pay_band_max_below_min(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "min: 90000, max: 120000", "min: 120000, max: 95000")
    problem = _one(_problems(path), path, _line_of(text, "max: 95000"), "roles[0].pay_band.max")
    assert problem.endswith("95000 is below min 120000 — fix the band so min ≤ max")


def test_pay_band_negative_and_currency(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "{name: E1, min: 90000,", "{name: E1, currency: usd, min: -5,")
    problems = _problems(path)
    line = _line_of(text, "min: -5")
    assert "-5 is negative" in _one(problems, path, line, "roles[0].pay_band.min")
    assert "write USD" in _one(problems, path, line, "roles[0].pay_band.currency")


def test_pay_band_missing_max(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "min: 90000, max: 120000", "min: 90000")
    assert "missing required field" in _one(
        _problems(path), path, _line_of(text, "min: 90000"), "roles[0].pay_band.max"
    )


def test_next_names_an_unknown_role(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "next: [em-3]", "next: [em-4]")
    problem = _one(_problems(path), path, _line_of(text, "next: [em-4]"), "roles[1].next[0]")
    assert "unknown role 'em-4'" in problem and "did you mean 'em-3'?" in problem


def test_ladder_cycle(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "    job_zone: 5\n", "    job_zone: 5\n    next: [swe-1]\n")
    problem = _one(_problems(path), path, _line_of(text, "next: [swe-1]"), "roles[2].next[0]")
    assert "ladder cycle: swe-1 → swe-2 → em-3 → swe-1" in problem


def test_self_promotion_is_a_cycle(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "next: [swe-2]", "next: [swe-1]")
    assert "swe-1 → swe-1" in _one(
        _problems(path), path, _line_of(text, "next: [swe-1]"), "roles[0].next[0]"
    )


def test_unknown_onet_code_suggests_close_codes(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "onet: [15-1252.00]", "onet: [15-1252.01]")
    problem = _one(_problems(path), path, _line_of(text, "15-1252.01"), "roles[0].onet[0]")
    assert (
        "unknown O*NET-SOC code 15-1252.01" in problem
        and "15-1252.00 Software Developers" in problem
    )


def test_malformed_onet_code(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "onet: [15-1252.00]", "onet: [Software Developers]")
    assert "is not an O*NET-SOC code" in _one(
        _problems(path), path, _line_of(text, "onet: [Soft"), "roles[0].onet[0]"
    )


def test_unknown_esco_uri(tmp_path: Path) -> None:
    bad = ESCO_SWE[:-4] + "0000"
    path, text = _bad_yaml(tmp_path, ESCO_SWE, bad)
    assert "unknown ESCO occupation" in _one(
        _problems(path), path, _line_of(text, bad), "roles[1].esco[0]"
    )


def test_esco_uri_when_esco_is_not_loaded(tmp_path: Path) -> None:
    path = _write(tmp_path, "fw.yaml", VALID)
    onet_only = {k: o for k, o in OCCUPATIONS.items() if o.taxonomy == "onet"}
    with pytest.raises(FrameworkValidationError) as info:
        load_org_framework(path, occupations=onet_only, skills=SKILLS)
    (problem,) = info.value.problems
    assert problem.loc.line == _line_of(VALID, ESCO_SWE) and "ESCO is not loaded" in str(problem)


def test_unknown_skill_label_lists_close_candidates(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "{skill: Programming,", "{skill: Programing,")
    problem = _one(_problems(path), path, _line_of(text, "Programing"), "roles[0].skills[0].skill")
    assert "unknown skill 'Programing'" in problem and "'Programming' (2.B.3.e)" in problem


def test_ambiguous_skill_label_lists_the_candidates(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "{skill: 2.C.4.a,", "{skill: mathematics,")
    problem = _one(_problems(path), path, _line_of(text, "mathematics"), "roles[2].skills[0].skill")
    assert "ambiguous skill label 'mathematics'" in problem
    assert "(2.A.1.e)" in problem and "(2.C.4.a)" in problem


def test_alternative_labels_resolve_when_unique_and_clash_otherwise(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "{skill: org:platform,", "{skill: the platform,")
    part = _load(path)
    assert "org:platform" in part.facets["skills"].col_ids
    path, text = _bad_yaml(tmp_path, "{skill: 2.C.4.a,", "{skill: Python,")
    problem = _one(_problems(path), path, _line_of(text, "Python"), "roles[2].skills[0].skill")
    assert "ambiguous" in problem and "onet:tech:43232405" in problem and ESCO_PYTHON in problem


def test_skills_given_by_esco_uri_and_preferred_label(tmp_path: Path) -> None:
    path, _ = _bad_yaml(tmp_path, "{skill: 2.C.4.a,", f"{{skill: {ESCO_PYTHON},")
    assert ESCO_PYTHON in _load(path).facets["skills"].col_ids
    path, _ = _bad_yaml(tmp_path, "{skill: 2.C.4.a,", "{skill: python (Computer Programming),")
    assert ESCO_PYTHON in _load(path).facets["skills"].col_ids


def test_undeclared_org_skill(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "{skill: org:platform,", "{skill: org:platfrom,")
    problem = _one(_problems(path), path, _line_of(text, "platfrom"), "roles[1].skills[1].skill")
    assert "undeclared org skill 'org:platfrom'" in problem
    assert "did you mean 'Acme platform' (org:platform)?" in problem


def test_unknown_element_id(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "{skill: 2.B.3.e,", "{skill: 2.B.3.x,")
    problem = _one(_problems(path), path, _line_of(text, "2.B.3.x"), "roles[1].skills[0].skill")
    assert "unknown O*NET element id '2.B.3.x'" in problem


@pytest.mark.parametrize(
    ("old", "new", "field", "expected"),
    [
        (
            "importance: 4, level: 3}",
            "importance: 6, level: 3}",
            "roles[0].skills[0].importance",
            "importance 6 is out of range 1-5",
        ),
        (
            "importance: 4, level: 3}",
            "importance: 4, level: 8}",
            "roles[0].skills[0].level",
            "level 8 is out of range 1-7",
        ),
        (
            "importance: 4, level: 3}",
            "importance: huge, level: 3}",
            "roles[0].skills[0].importance",
            "'huge' is not a number 1-5 nor one of low, medium, high, critical",
        ),
    ],
)
def test_ratings_out_of_range(
    tmp_path: Path, old: str, new: str, field: str, expected: str
) -> None:
    path, text = _bad_yaml(tmp_path, old, new)
    assert expected in _one(_problems(path), path, _line_of(text, new), field)


def test_a_skill_listed_twice(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "      - Critical Thinking", "      - programming")
    problem = _one(_problems(path), path, _line_of(text, "- programming"), "roles[0].skills[2]")
    assert "listed twice" in problem


def test_unknown_track_and_skill_kind(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "    track: management", "    track: managment")
    text = text.replace("kind: knowledge", "kind: knowlege")
    path.write_text(text, encoding="utf-8")
    problems = _problems(path)
    assert "did you mean 'management'?" in _one(
        problems, path, _line_of(text, "managment"), "roles[2].track"
    )
    assert "did you mean 'knowledge'?" in _one(
        problems, path, _line_of(text, "knowlege"), "skills[0].kind"
    )


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "roles: []\n", "framework: x\nroles:\n"])
def test_empty_framework(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "fw.yaml", text)
    (problem,) = _problems(path)
    assert "defines no roles" in problem and problem.startswith(f"{path}:")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    (problem,) = _problems(_write(tmp_path, "fw.yaml", "- id: a\n"))
    assert "the file holds a list" in problem


def test_duplicate_yaml_keys(tmp_path: Path) -> None:
    path, text = _bad_yaml(tmp_path, "    level: 3\n", "    level: 3\n    level: 4\n")
    problem = _one(_problems(path), path, _line_of(text, "level: 4"), "roles[2].level")
    assert f"duplicate field (first on line {_line_of(text, 'level: 4') - 1})" in problem


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = (
        VALID.replace("levels:", "levles:")
        .replace("level: 1\n", "level: 0\n")
        .replace("max: 160000", "max: 100")
        .replace("next: [em-3]", "next: [em-9]")
        .replace("{skill: Programming,", "{skill: Programing,")
        .replace("[11-3021.00]", "[11-3021.09]")
    )
    path = _write(tmp_path, "fw.yaml", text)
    with pytest.raises(FrameworkValidationError) as info:
        _load(path)
    message = str(info.value)
    assert (
        message.splitlines()[0]
        == f"{path}: 6 problems in the role framework (format: docs/role-framework.md):"
    )
    assert len(message.splitlines()) == 7
    lines = [p.loc.line for p in info.value.problems]
    assert lines == sorted(lines)


# ---- CSV validation -----------------------------------------------------------------------------


def test_csv_problems_name_file_line_and_column(tmp_path: Path) -> None:
    roles = _csv_framework(tmp_path)
    roles.write_text(
        ROLES_CSV.replace("management,3,", "management,nine,").replace("E2,120000", "E2,999999")
    )
    skills = tmp_path / "acme-skills.csv"
    skills.write_text(SKILLS_CSV + "swe-9,Programming,3,3\nem-3,Programing,3,3\n")
    problems = _problems(roles)
    assert "expected a whole number, got 'nine'" in _one(problems, roles, 4, "level")
    assert "160000 is below min 999999" in _one(problems, roles, 3, "pay_max")
    assert "'swe-9' is not in the roles table" in _one(problems, skills, 8, "role_id")
    assert "unknown skill 'Programing'" in _one(problems, skills, 9, "skill")


def test_csv_header_problems(tmp_path: Path) -> None:
    roles = _csv_framework(tmp_path)
    roles.write_text(ROLES_CSV.replace("job_family,track,level", "job_family,trak,level"))
    problems = _problems(roles)
    assert "missing required column" in _one(problems, roles, 1, "track")
    assert "did you mean 'track'?" in _one(problems, roles, 1, "trak")


def test_csv_with_semicolons_is_reported(tmp_path: Path) -> None:
    roles = _csv_framework(tmp_path)
    roles.write_text(ROLES_CSV.replace(",", ";"))
    (problem,) = _problems(roles)
    assert "separated by semicolons" in problem and problem.startswith(f"{roles}:1")


def test_csv_header_only_roles_table_is_empty(tmp_path: Path) -> None:
    roles = _csv_framework(tmp_path)
    roles.write_text(ROLES_CSV.splitlines()[0] + "\n")
    (tmp_path / "acme-skills.csv").write_text("role_id,skill,importance,level\n")
    (problem,) = _problems(roles)
    assert "defines no roles" in problem


# ---- properties ---------------------------------------------------------------------------------

_role_ids = st.lists(
    st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), min_size=1, max_size=8, unique=True
)


@st.composite
def _frameworks(draw: st.DrawFn) -> list[dict[str, object]]:
    roles: list[dict[str, object]] = []
    for rid in draw(_role_ids):
        low = draw(st.integers(0, 400_000))
        role: dict[str, object] = {
            "id": rid,
            "title": draw(
                st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=20)
            ).strip()
            or "Role",
            "job_family": draw(st.sampled_from(["Engineering", "Data", "People"])),
            "track": draw(st.sampled_from(["ic", "management"])),
            "level": draw(st.integers(1, 10)),
            "pay_band": {
                "name": rid.upper(),
                "min": low,
                "max": low + draw(st.integers(0, 200_000)),
            },
            "onet": [
                draw(st.sampled_from([k for k, o in OCCUPATIONS.items() if o.taxonomy == "onet"]))
            ],
            "skills": [
                {
                    "skill": s,
                    "importance": draw(st.integers(1, 5)),
                    "level": draw(st.integers(1, 7)),
                }
                for s in draw(
                    st.lists(
                        st.sampled_from(["2.B.3.e", "Critical Thinking", "2.C.4.a"]), unique=True
                    )
                )
            ],
        }
        roles.append(role)
    ids = [str(r["id"]) for r in roles]
    for k, role in enumerate(roles[:-1]):  # promotions only point forward: never a cycle
        role["next"] = draw(st.lists(st.sampled_from(ids[k + 1 :]), unique=True, max_size=2))
    return roles


def _to_csv(folder: Path, roles: list[dict[str, object]]) -> Path:
    with (folder / "roles.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "id",
                "title",
                "job_family",
                "track",
                "level",
                "pay_band",
                "pay_min",
                "pay_max",
                "onet",
                "next",
            ]
        )
        for r in roles:
            band = r["pay_band"]
            assert isinstance(band, dict)
            nxt = r.get("next", [])
            assert isinstance(nxt, list)
            onet = r["onet"]
            assert isinstance(onet, list)
            row = [
                r["id"],
                r["title"],
                r["job_family"],
                r["track"],
                r["level"],
                band["name"],
                band["min"],
            ]
            out.writerow([*row, band["max"], ";".join(onet), ";".join(nxt)])
    with (folder / "skills.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["role_id", "skill", "importance", "level"])
        for r in roles:
            reqs = r["skills"]
            assert isinstance(reqs, list)
            out.writerows([r["id"], s["skill"], s["importance"], s["level"]] for s in reqs)
    return folder / "roles.csv"


@settings(max_examples=40, deadline=None)
@given(_frameworks())
def test_generated_frameworks_round_trip_through_yaml_and_csv(
    roles: list[dict[str, object]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        yaml_path = folder / "fw.yaml"
        yaml_path.write_text(yaml.safe_dump({"roles": roles}, allow_unicode=True), encoding="utf-8")
        from_yaml = _load(yaml_path)
        _same_roles(from_yaml, roles)
        from_csv = _load(_to_csv(folder, roles))
        assert from_csv.occupations == from_yaml.occupations
        fa, fb = from_yaml.facets["skills"], from_csv.facets["skills"]
        assert fa.col_ids == fb.col_ids and np.array_equal(
            fa.importance.toarray(), fb.importance.toarray()
        )


def _same_roles(part: TaxonomyPart, roles: list[dict[str, object]]) -> None:
    assert list(part.occupations) == [f"org:{r['id']}" for r in roles]
    for role, occ in zip(roles, part.occupations.values(), strict=True):
        band = role["pay_band"]
        assert isinstance(band, dict) and occ.org is not None
        assert occ.title == role["title"] and occ.org.level == role["level"]
        assert occ.org.pay_band == PayBand(
            str(band["name"]), float(band["min"]), float(band["max"]), "USD"
        )
        nxt = role.get("next", [])
        assert isinstance(nxt, list) and occ.org.next_roles == tuple(f"org:{n}" for n in nxt)
    facet = part.facets["skills"]
    assert ((facet.importance.data > 0) & (facet.importance.data <= 1)).all()


@given(st.floats(1, 5), st.floats(1, 5))
def test_importance_scaling_is_monotonic_within_unit_interval(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert 0 < scale_importance(lo) <= scale_importance(hi) <= 1


@given(st.floats(1, 7), st.floats(1, 7))
def test_level_scaling_is_monotonic_within_unit_interval(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert 0 < scale_level(lo) <= scale_level(hi) <= 1


def test_every_field_and_column_is_documented() -> None:
    """Every field the loader accepts appears in docs/role-framework.md."""
    from careerpath.taxonomy.org_csv import REQUIREMENT_COLUMNS, ROLE_COLUMNS
    from careerpath.taxonomy.org_model import (
        ORG_SKILL_FIELDS,
        PAY_BAND_FIELDS,
        ROLE_FIELDS,
        TOP_FIELDS,
    )

    doc = (Path(__file__).resolve().parents[2] / "docs" / "role-framework.md").read_text(
        encoding="utf-8"
    )
    documented = set(re.findall(r"`([a-z_]+)`", doc))
    fields = {
        *TOP_FIELDS,
        *ROLE_FIELDS,
        *PAY_BAND_FIELDS,
        *ORG_SKILL_FIELDS,
        *ROLE_COLUMNS,
        *REQUIREMENT_COLUMNS,
    }
    assert fields <= documented, sorted(fields - documented)
