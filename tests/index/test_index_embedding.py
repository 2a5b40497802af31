"""The local embedding: shape, norm, stability across processes, and that it ranks related Chinese text first."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from assistant.services.index.embedding import describe, local_config, local_embed
from assistant.settings import Settings


def test_shape_norm_and_empty_text() -> None:
    v = local_embed(["加强党风廉政建设", "", "，。！"], 256)
    assert v.shape == (3, 256) and v.dtype == np.float32
    assert np.isclose(np.linalg.norm(v[0]), 1.0, atol=1e-5)
    assert not v[1].any() and not v[2].any()  # nothing but separators gives the zero vector


def test_batch_equals_one_by_one() -> None:
    texts = ["党支部书记述职", "组织生活会", "第一议题制度，三会一课"]
    batch = local_embed(texts, 512)
    single = np.vstack([local_embed([t], 512) for t in texts])
    assert np.allclose(batch, single, atol=1e-6)


def test_same_vector_in_another_process() -> None:
    # Python's hash() changes per process; the embedding must not.
    code = "from assistant.services.index.embedding import local_embed; print(local_embed(['基层党建工作'], 64)[0].tolist())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout
    other = np.array(eval(out), dtype=np.float32)  # noqa: S307 - our own subprocess's list literal
    assert np.allclose(other, local_embed(["基层党建工作"], 64)[0], atol=1e-6)


def test_punctuation_splits_ngrams() -> None:
    joined, split = local_embed(["党建", "党，建"], 512)
    assert not np.allclose(joined, split)


@pytest.mark.parametrize("query,right,wrong", [
    ("党风廉政建设", "我认真落实党风廉政建设主体责任，开展廉政警示教育", "发展党员2名，转正预备党员1名"),
    ("存在问题 理论学习不够深入", "理论学习不够深入，学用结合还有差距", "组织党员下沉社区开展义诊"),
])
def test_related_text_scores_higher(query: str, right: str, wrong: str) -> None:
    q, r, w = local_embed([query, right, wrong], 512)
    assert float(q @ r) > float(q @ w) + 0.05


def test_describe_changes_with_dim_and_kind() -> None:
    a = describe(Settings(embedding_dim=512))
    assert a == ("assistant-hashed-ngram", local_config(512))
    assert describe(Settings(embedding_dim=256)) != a
    assert describe(Settings(embedding="api", embedding_model="m1"))[0] != a[0]
