"""Drafts keep their own words: the share of a part found verbatim in its exemplars, and no sentence twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain.profile import load_profile
from assistant.services.drafting import verbatim
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_share_counts_runs_found_in_the_exemplars_but_not_the_writers_own() -> None:
    ex = ["坚持把服务群众作为检验党建成效的标尺，推动党员到一线解决急难愁盼问题。"]
    text = "我们坚持把服务群众作为检验党建成效的标尺。另外新建了议事亭两处，请居民商量公共事务。"
    s = verbatim.share(text, ex, run=12)
    assert 0.3 < s < 0.6  # 坚持把服务群众作为检验党建成效的标尺 (18 of about 37 characters)
    assert verbatim.share(text, ex, own=["坚持把服务群众作为检验党建成效的标尺"], run=12) == 0
    assert verbatim.share("【待补充：坚持把服务群众作为检验党建成效的标尺】", ex, run=12) == 0  # slots are not text
    assert verbatim.repeated("资源禀赋差异较大，产业基础相对薄弱。其他。资源禀赋差异较大、产业基础相对薄弱。") == [
        "资源禀赋差异较大产业基础相对薄弱"]


@pytest.mark.slow
def test_an_indexed_earlier_draft_is_not_repeated(tmp_path: Path) -> None:
    """An earlier offline draft of a thin profile in the index: drafting again put one of its cause sentences
    in twice (once in the wrong item). Now no sentence repeats and every part stays under the bound."""
    from assistant.services.drafting.report import draft_report
    from assistant.services.index.ingest import ingest

    settings = Settings(chroma_path=tmp_path / "chroma")
    ingest([ROOT / "corpus"], settings)
    profile = load_profile(ROOT / "examples/profiles/village_minimal.yaml")
    first = draft_report(profile, settings, backend="offline")
    (tmp_path / "earlier.txt").write_text(first.text, encoding="utf-8")
    ingest([tmp_path / "earlier.txt"], settings)
    again = draft_report(profile, settings, backend="offline")
    assert verbatim.repeated(again.text) == []
    assert all(p.verbatim_share <= settings.draft_verbatim_max for p in again.parts)
    assert any(p.verbatim_share == 0 and p.role.value == "causes" for p in again.parts)
