"""Retrieval per part: exemplars of the part's role, preferring the unit's own kind, for a query built
from what the profile says about that part."""

from __future__ import annotations

from assistant.domain.models import Role
from assistant.domain.profile import UnitProfile
from assistant.services.index import search as srch
from assistant.services.index.embedding import EmbeddingError
from assistant.services.index.search import Hit
from assistant.settings import Settings

# Words that describe each part, added to the profile's own content so a short profile still retrieves.
ROLE_WORDS: dict[Role, str] = {
    Role.opening: "在上级党委的坚强领导下 认真履行第一责任人职责 现将履职情况报告如下",
    Role.achievements: "主要工作及成效 履职情况",
    Role.rectification: "上年度述职评议反馈问题 整改落实 整改到位",
    Role.problems: "存在的问题和不足 有待加强",
    Role.causes: "问题原因分析 主观上 客观上 究其原因",
    Role.insights: "认识体会 只有才能",
    Role.plans: "下一步工作思路和措施 持续 进一步",
    Role.closing: "下一步我将 提供坚强保证",
}


def part_query(profile: UnitProfile, role: Role) -> str:
    p = profile
    content: list[str] = []
    if role == Role.achievements:
        content = [w.text for w in p.work_items]
    elif role == Role.rectification:
        content = [f"{r.feedback} {r.action}" for r in p.rectifications]
    elif role == Role.problems:
        content = list(p.problems)
    elif role == Role.causes:
        content = list(p.causes) or list(p.problems)
    elif role == Role.plans:
        content = list(p.priorities) or list(p.problems)
    elif role in (Role.opening, Role.closing):
        content = [p.writer_position or "", p.superior_org or ""]
    q = " ".join([p.unit_kind, ROLE_WORDS.get(role, ""), *content])
    return q[:600]  # a query, not a document


class Retriever:
    """Searches the index once per part; remembers why it could not (no index yet) to say so once."""

    def __init__(self, settings: Settings, k: int = 4) -> None:
        self.settings = settings
        self.k = k
        self.warning: str | None = None

    def __call__(self, profile: UnitProfile, role: Role) -> list[Hit]:
        if self.warning is not None:
            return []
        q = part_query(profile, role)
        try:
            hits = srch.search(q, self.settings, role=role, unit_kind=profile.unit_kind, k=self.k)
            if len(hits) < self.k:  # too few of the same kind: fill with the best of any kind
                seen = {h.chunk_id for h in hits}
                more = srch.search(q, self.settings, role=role, k=self.k)
                hits += [h for h in more if h.chunk_id not in seen][: self.k - len(hits)]
        except srch.IndexMissingError:
            self.warning = "还没有索引：起草时不用范例（请先运行 `assistant ingest 报告所在的文件夹`，如本仓库的 corpus/）"
            return []
        except (srch.EmbeddingMismatchError, srch.StoreError, srch.SearchError, EmbeddingError) as e:
            self.warning = f"检索失败，起草时不用范例：{e}"
            return []
        return hits
