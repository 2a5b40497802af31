"""The exact index: the sparse-query scan equals the full product, and files round-trip atomically."""

from __future__ import annotations

import numpy as np

from assistant.services.index.embedding import local_embed
from assistant.services.index.exact import RoleMatrix, load_role, merge, write_role


def _matrix(n: int = 300, dim: int = 128) -> RoleMatrix:
    rng = np.random.default_rng(3)
    v = rng.normal(size=(n, dim)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return RoleMatrix.from_rows([f"c{i}" for i in range(n)], ["村" if i % 3 else "医院" for i in range(n)], v)


def test_sparse_query_scan_is_exact() -> None:
    m = _matrix(dim=512)
    q = local_embed(["三会一课"], 512)[0]
    assert 0 < np.count_nonzero(q) < 256  # the sparse path is taken
    assert np.allclose(m.scores(q), m.vectors @ q, atol=1e-5)
    dense = np.ones(512, dtype=np.float32) / np.sqrt(512)
    assert np.allclose(m.scores(dense), m.vectors @ dense, atol=1e-5)


def test_top_k_and_unit_kind_mask() -> None:
    m = _matrix()
    q = m.vectors[7].copy()
    top = m.top(q, 3)
    assert top[0][0] == "c7" and abs(top[0][1] - 1.0) < 1e-5
    full = m.vectors @ q
    assert [cid for cid, _ in top] == [f"c{i}" for i in np.argsort(-full)[:3]]
    assert all(m.kinds[int(cid[1:])] == "医院" for cid, _ in m.top(q, 5, unit_kind="医院"))


def test_write_load_merge(settings) -> None:  # noqa: ANN001
    m = _matrix()
    write_role(settings, "reports.gtest", "plans", m)
    back = load_role(settings, "reports.gtest", "plans", 300)
    assert back is not None and back.ids == m.ids and np.allclose(back.vectors, m.vectors)
    assert load_role(settings, "reports.gtest", "plans", 299) is None  # disagrees with the catalog: unused
    merged = merge(back, {"c0", "c1"}, ["new"], ["村"], [m.vectors[:1]])
    assert len(merged.ids) == 299 and merged.ids[-1] == "new" and "c0" not in merged.ids
    assert not list(settings.chroma_path.glob("exact/*/*.tmp*"))
