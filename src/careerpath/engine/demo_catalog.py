"""The demo's fixed vocabularies and its learning catalog (~300 courses mapped to real skills)."""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from careerpath.domain.profile import Course, CourseSkill

ORG_NAME = "Northwind Analytics"
LOCATIONS = (
    ("New York, NY", 0.22), ("San Francisco, CA", 0.16), ("Austin, TX", 0.14),
    ("Chicago, IL", 0.12), ("Atlanta, GA", 0.08), ("Seattle, WA", 0.08), ("Remote (US)", 0.20),
)  # fmt: skip
FIRST = (
    "Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn",
    "Maria", "James", "Wei", "Aisha", "Carlos", "Priya", "John", "Fatima", "David", "Mei",
    "Olga", "Ahmed", "Sofia", "Kenji", "Grace", "Luis", "Hana", "Noah", "Emma", "Omar",
    "Chloe", "Diego", "Anna", "Ravi", "Lena", "Kofi", "Sara", "Ivan", "Nora", "Tariq",
)  # fmt: skip
LAST = (
    "Smith", "Johnson", "Garcia", "Chen", "Patel", "Nguyen", "Kim", "Brown", "Martinez", "Okafor",
    "Lopez", "Wilson", "Singh", "Anderson", "Rossi", "Muller", "Tanaka", "Cohen", "Silva", "Haddad",
    "Novak", "Kowalski", "Ibrahim", "Larsen", "Moreau", "Jensen", "Ali", "Costa", "Park", "Murphy",
)  # fmt: skip
EMPLOYERS = (
    "Contoso Ltd", "Fabrikam Inc", "Globex Corporation", "Initech", "Umbrella Retail",
    "Stark Logistics", "Wayne Financial", "Acme Corp", "Hooli", "Vandelay Industries",
)  # fmt: skip
INSTITUTIONS = (
    "State University", "City College", "Institute of Technology", "Polytechnic University",
    "Community College", "University of the Lakes", "Coastal University",
)  # fmt: skip
DEGREES = (
    ("Associate", 0.08),
    ("BSc", 0.42),
    ("BA", 0.25),
    ("MSc", 0.15),
    ("MBA", 0.07),
    ("PhD", 0.03),
)
FIELDS = {
    "Engineering": "Computer Science", "Data": "Statistics", "Product": "Human-Computer Interaction",
    "Sales": "Business", "Customer Support": "Communications", "Marketing": "Marketing",
    "Finance": "Accounting", "People": "Psychology", "Operations": "Industrial Engineering",
    "Executive": "Business Administration",
}  # fmt: skip
CERTIFICATIONS = {
    "Engineering": ("AWS Certified Solutions Architect", "Amazon Web Services"),
    "Data": ("Google Data Analytics Certificate", "Google"),
    "Product": ("Certified Scrum Product Owner", "Scrum Alliance"),
    "Sales": ("Certified Sales Professional", "NASP"),
    "Customer Support": ("HDI Support Center Analyst", "HDI"),
    "Marketing": ("Google Ads Certification", "Google"),
    "Finance": ("Certified Public Accountant", "AICPA"),
    "People": ("SHRM Certified Professional", "SHRM"),
    "Operations": ("Project Management Professional", "PMI"),
}  # fmt: skip
SECOND_LANGUAGES = ("Spanish", "French", "German", "Mandarin", "Hindi", "Portuguese", "Arabic")
PROJECT_WORDS = (
    ("Blue", "Swift", "Quiet", "Bright", "North", "Iron", "Silver", "Amber", "Rapid", "Clear"),
    ("Falcon", "Harbor", "Compass", "Beacon", "Atlas", "Orbit", "Summit", "Bridge", "Lantern", "Delta"),
)  # fmt: skip


@dataclass(frozen=True)
class Provider:
    """A course provider: hours range, cost range (USD) and how often its courses are assessed."""

    name: str
    hours: tuple[float, float]
    cost: tuple[float, float]
    weight: float


PROVIDERS = (
    Provider("Northwind Academy", (2.0, 12.0), (0.0, 0.0), 0.30),
    Provider("LinkedIn Learning", (1.0, 6.0), (0.0, 40.0), 0.20),
    Provider("Coursera", (10.0, 40.0), (49.0, 399.0), 0.20),
    Provider("Udemy", (4.0, 25.0), (15.0, 150.0), 0.12),
    Provider("O'Reilly", (3.0, 15.0), (0.0, 60.0), 0.10),
    Provider("University Executive Education", (30.0, 80.0), (1500.0, 5000.0), 0.08),
)
COURSE_LEVELS = (
    (0.30, "Foundations of {}"),
    (0.50, "{} in Practice"),
    (0.70, "Advanced {}"),
    (0.85, "Mastering {}"),
)


def build_courses(
    skill_ids: Sequence[str],
    labels: Mapping[str, str],
    demand: np.ndarray,
    *,
    seed: int,
    n_courses: int = 300,
) -> tuple[Course, ...]:
    """``n_courses`` courses over the skills (more for skills in demand), each with a level, hours and cost.

    ``demand`` is float (n_skills,): the summed importance of each skill over the org's roles.
    """
    rng = np.random.default_rng([seed, 7001])
    n = len(skill_ids)
    if n == 0:
        return ()
    share = demand / demand.sum() if demand.sum() > 0 else np.full(n, 1.0 / n)
    counts = np.maximum(1, np.floor(share * n_courses)).astype(int)
    order = np.argsort(-share, kind="stable")
    k = 0
    while counts.sum() < n_courses:
        counts[order[k % n]] += 1
        k += 1
    while counts.sum() > n_courses and counts.max() > 1:
        counts[int(np.argmax(counts))] -= 1
    courses: list[Course] = []
    for j in order.tolist():
        for c in range(int(counts[j])):
            courses.append(_course(len(courses), skill_ids[j], labels, c, rng, skill_ids))
    return tuple(courses[:n_courses])


def _course(
    number: int,
    skill: str,
    labels: Mapping[str, str],
    c: int,
    rng: np.random.Generator,
    skills: Sequence[str],
) -> Course:
    level, pattern = COURSE_LEVELS[c % len(COURSE_LEVELS)]
    provider = PROVIDERS[int(rng.choice(len(PROVIDERS), p=[p.weight for p in PROVIDERS]))]
    hours = round(float(rng.uniform(*provider.hours)) * (0.7 + level), 1)
    cost = float(round(rng.uniform(*provider.cost), -1)) if provider.cost[1] > 0 else 0.0
    taught = [CourseSkill(skill, level)]
    if rng.random() < 0.35 and len(skills) > 1:
        other = skills[int(rng.integers(len(skills)))]
        if other != skill:
            taught.append(CourseSkill(other, round(level * 0.6, 2)))
    title = pattern.format(labels.get(skill, skill))
    if c >= len(COURSE_LEVELS):
        title += f" ({provider.name})"
    return Course(f"C{number + 1:04d}", title, tuple(taught), hours, cost, provider.name)


def project_name(project_id: str) -> str:
    """A stable code name for a project id."""
    h = zlib.crc32(project_id.encode())
    a, b = PROJECT_WORDS
    return f"Project {a[h % len(a)]} {b[(h // len(a)) % len(b)]}"


def stable_hash(text: str) -> int:
    """A process-independent hash of a string (crc32)."""
    return zlib.crc32(text.encode())
