"""A tiny handmade taxonomy for the text tests, and a deterministic fake Embedder."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from careerpath.domain.taxonomy import Occupation, Skill, SourceFile, Taxonomy
from careerpath.text.normalize import content_stems

E = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"


def tiny_taxonomy(release: str = "1") -> Taxonomy:
    """ESCO-like and O*NET-like skills and occupations plus two org roles; sources keyed by release."""
    skills = [
        Skill(
            E + "py",
            "Python (computer programming)",
            "esco",
            "knowledge",
            ("python",),
            (),
            "",
            "cross-sector",
        ),
        Skill(
            E + "java",
            "Java (computer programming)",
            "esco",
            "knowledge",
            (),
            (),
            "",
            "cross-sector",
        ),
        Skill(
            E + "sql",
            "SQL",
            "esco",
            "knowledge",
            ("structured query language",),
            (),
            "",
            "cross-sector",
        ),
        Skill(
            E + "team",
            "work in teams",
            "esco",
            "skill",
            ("teamwork", "collaborate with colleagues"),
            (),
            "",
            "transversal",
        ),
        Skill(
            E + "comm", "communication", "esco", "skill", ("communicate",), (), "", "transversal"
        ),
        Skill(
            E + "debug",
            "debug software",
            "esco",
            "skill",
            ("fix software bugs",),
            (),
            "",
            "sector-specific",
        ),
        Skill(
            E + "forklift",
            "operate forklift",
            "esco",
            "skill",
            ("drive forklift truck",),
            (),
            "",
            "occupation-specific",
        ),
        Skill(E + "grp", "computer programming", "esco", "group"),
        Skill("2.A.1.a", "Reading Comprehension", "onet", "skill"),
        Skill("2.C.3.a", "Computers and Electronics", "onet", "knowledge"),
        Skill(
            "onet:tech:1",
            "Object oriented development software",
            "onet",
            "technology",
            ("Python", "C++"),
        ),
        Skill("onet:tool:2", "Forklifts", "onet", "tool", ("Forklift trucks",)),
        Skill("4.A.1.a.1", "Getting Information", "onet", "work_activity"),
    ]
    occupations = [
        Occupation(
            OCC + "dev",
            "software developer",
            "esco",
            alt_titles=("programmer", "software engineer"),
        ),
        Occupation(
            OCC + "nurse",
            "specialist nurse",
            "esco",
            alt_titles=("nurse practitioner", "clinical nurse"),
        ),
        Occupation(OCC + "driver", "delivery driver", "esco", alt_titles=("courier",)),
        Occupation(OCC + "chef", "cook", "esco", alt_titles=("line cook", "chef de partie")),
        Occupation(
            "15-1252.00",
            "Software Developers",
            "onet",
            alt_titles=("Application Developer",),
            reported_titles=("Programmer Analyst",),
        ),
        Occupation(
            "29-1141.00", "Registered Nurses", "onet", reported_titles=("Staff Nurse", "RN")
        ),
        Occupation("org:eng-2", "Software Engineer II", "org"),
        Occupation("org:dm", "Data Manager", "org"),
    ]
    return Taxonomy(
        occupations={o.id: o for o in occupations},
        skills={s.id: s for s in skills},
        facets={},
        sources=(SourceFile("esco", release, "esco.zip", "sha" + release, 1),),
    )


class HashingEmbedder:
    """A fake Embedder: bag of hashed word stems, L2-normalised float32 (n, 64); deterministic."""

    name = "fake-hash"
    dim = 64

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts; returns float32 (len(texts), 64), rows of unit length (zero rows if empty)."""
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for s in content_stems(text):
                h = int(hashlib.md5(s.encode()).hexdigest(), 16)
                out[i, h % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


def test_fixture_is_consistent() -> None:
    tax = tiny_taxonomy()
    assert len(tax.skills_of("esco")) == 8 and len(tax.occupations_of("org")) == 2
    vecs = HashingEmbedder().encode(["python", ""])
    assert vecs.shape == (2, 64) and abs(float(np.linalg.norm(vecs[0])) - 1) < 1e-6
