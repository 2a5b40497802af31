"""Text → vectors. Default: hashed character n-grams (no download, no segmentation, good on Chinese).

The local embedding is signed feature hashing of character unigrams and bigrams with a stable 64-bit
integer mix (never Python's per-process `hash()`), `1 + log(tf)` weighting per n-gram order, then L2
normalisation. Punctuation and whitespace split the text: no n-gram spans them. Everything is one batch
of numpy operations, so it runs at tens of millions of characters per second.

The optional API embedding calls an OpenAI-compatible `/embeddings` endpoint (model name as a setting).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from assistant.settings import Settings

LOCAL_NAME = "assistant-hashed-ngram"
# Bumped whenever the vectors a text gets would change: a collection built with another version is refused.
LOCAL_VERSION = 2
NGRAM_WEIGHTS = {1: 1.0, 2: 1.0}  # unigrams carry this genre's tense and polarity (将, 要, 了, 不): measured in the retrieval eval

# Separators: whitespace, ASCII punctuation, CJK and full-width punctuation.
_SEP_CHARS = (
    " \t\r\n\u3000\u00a0!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    "。，、；：？！…—·“”‘’（）《》〈〉【】〔〕「」『』﹏～－＋＝／＼｜＃＄％＆＊＠"
)
_SEP_SET: Any = None  # numpy array of separator code points, built on first use

_M1 = 0x9E3779B97F4A7C15
_M2 = 0xBF58476D1CE4E5B9
_M3 = 0x94D049BB133111EB


class EmbeddingError(RuntimeError):
    """The embedding could not be computed (e.g. the embeddings endpoint failed); one-line message."""


def local_config(dim: int) -> dict[str, Any]:
    """What a collection records about the local embedding, so a different one is noticed."""
    return {"dim": int(dim), "ngrams": sorted(NGRAM_WEIGHTS), "signed": True, "version": LOCAL_VERSION}


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser on uint64 (wrap-around multiplication is intended)."""
    import numpy as np

    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(_M2)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(_M3)
        x = x ^ (x >> np.uint64(31))
    return x


def local_embed(texts: list[str], dim: int) -> np.ndarray:
    """Embed `texts` as a (len(texts), dim) float32 array; each row has unit L2 norm (zero for empty text)."""
    import numpy as np

    global _SEP_SET
    if _SEP_SET is None:
        _SEP_SET = np.array(sorted({ord(c) for c in _SEP_CHARS}), dtype=np.uint32)
    n_docs = len(texts)
    out = np.zeros((n_docs, dim), dtype=np.float32)
    if n_docs == 0:
        return out
    # One array of code points for the whole batch, texts joined by a separator (a newline).
    joined = "\n".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    is_sep = np.isin(cps, _SEP_SET)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n_docs)
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    doc_of = np.zeros(len(cps), dtype=np.int64)
    doc_of[starts[1:] - 1] = 1  # the joining newline before each next text starts a new doc id
    doc_of = np.cumsum(doc_of)
    c = cps.astype(np.uint64)
    acc = np.zeros(n_docs * dim, dtype=np.float64)
    with np.errstate(over="ignore"):
        for n, weight in NGRAM_WEIGHTS.items():
            if len(c) < n:
                continue
            m = len(c) - n + 1
            key = np.full(m, np.uint64(n * 0x51ED27), dtype=np.uint64)
            valid = np.ones(m, dtype=bool)
            for j in range(n):
                key = _mix(key * np.uint64(_M1) + c[j : j + m])
                valid &= ~is_sep[j : j + m]
            key = key[valid]
            docs = doc_of[: m][valid]
            bucket = (key % np.uint64(dim)).astype(np.int64)
            sign = np.where((key >> np.uint64(63)) == 1, -1.0, 1.0)
            flat = docs * dim + bucket
            # tf per (doc, bucket, sign): count positives and negatives apart so signs do not cancel tf.
            pos = np.bincount(flat[sign > 0], minlength=n_docs * dim)
            neg = np.bincount(flat[sign < 0], minlength=n_docs * dim)
            with np.errstate(divide="ignore"):
                acc += weight * (np.where(pos > 0, 1.0 + np.log(np.maximum(pos, 1)), 0.0)
                                 - np.where(neg > 0, 1.0 + np.log(np.maximum(neg, 1)), 0.0))
    vec = acc.reshape(n_docs, dim)
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out[:] = vec / norms
    return out


def api_embed(texts: list[str], settings: Settings) -> np.ndarray:
    """Embed through an OpenAI-compatible endpoint; rows are L2-normalised so cosine scores compare."""
    import numpy as np
    import openai

    base_url = settings.embedding_base_url or settings.base_url
    api_key = settings.embedding_api_key or settings.api_key
    if not api_key:
        raise EmbeddingError(
            "embedding=api 需要密钥：请设置 ASSISTANT_EMBEDDING_API_KEY（或 ASSISTANT_API_KEY / OPENAI_API_KEY）"
        )
    client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=settings.timeout, max_retries=settings.retries)
    rows: list[list[float]] = []
    batch = settings.embedding_batch_size
    try:
        for i in range(0, len(texts), batch):
            resp = client.embeddings.create(model=settings.embedding_model, input=texts[i : i + batch],
                                            encoding_format="float")
            got = sorted(resp.data, key=lambda d: d.index)
            if len(got) != len(texts[i : i + batch]):
                raise EmbeddingError(f"向量化接口为 {len(texts[i : i + batch])} 段文字"
                                     f"返回了 {len(got)} 个向量")
            rows.extend(d.embedding for d in got)
    except openai.APIStatusError as e:
        raise EmbeddingError(f"向量化接口 {base_url or '（默认）'} 对模型 {settings.embedding_model} "
                             f"返回 HTTP {e.status_code}") from e
    except openai.APIConnectionError as e:
        raise EmbeddingError(f"连不上向量化接口 {base_url or '（默认）'}（{e.__class__.__name__}）") from e
    if not rows:
        return np.zeros((0, 0), dtype=np.float32)
    arr = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return arr / norms


def describe(settings: Settings) -> tuple[str, dict[str, Any]]:
    """(name, config) of the embedding the settings ask for: what a collection records and is checked against."""
    if settings.embedding == "local":
        return LOCAL_NAME, local_config(settings.embedding_dim)
    return "assistant-openai-compatible", {"model": settings.embedding_model,
                                           "base_url": settings.embedding_base_url or settings.base_url or ""}


def embed(texts: list[str], settings: Settings) -> np.ndarray:
    """Embed with the embedding the settings choose."""
    if settings.embedding == "local":
        return local_embed(texts, settings.embedding_dim)
    return api_embed(texts, settings)
