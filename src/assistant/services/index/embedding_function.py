"""The embeddings wrapped as Chroma embedding functions, so each collection records how it was built.

Importing this module imports chromadb: only the store imports it. Registering the classes lets a
collection be reopened in a new process without Chroma falling back to its default (downloading) model.
"""

from __future__ import annotations

import os
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.services.index.embedding import LOCAL_NAME, api_embed, local_config, local_embed
from assistant.settings import load_settings


@register_embedding_function
class HashedNgramEmbedding(EmbeddingFunction[Documents]):
    """Local hashed character n-grams (see assistant.services.index.embedding)."""

    def __init__(self, dim: int = 512) -> None:
        self.dim = int(dim)

    def __call__(self, input: Documents) -> Embeddings:
        return list(local_embed(list(input), self.dim))

    @staticmethod
    def name() -> str:
        return LOCAL_NAME

    def get_config(self) -> dict[str, Any]:
        return local_config(self.dim)

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashedNgramEmbedding:
        return HashedNgramEmbedding(int(config.get("dim", 512)))

    def default_space(self) -> Any:
        return "cosine"

    def supported_spaces(self) -> Any:
        return ["cosine"]


@register_embedding_function
class ApiEmbedding(EmbeddingFunction[Documents]):
    """An OpenAI-compatible embeddings endpoint. The key is never stored: it is read from the environment."""

    def __init__(self, model: str, base_url: str | None = None, batch_size: int = 64) -> None:
        self.model = model
        self.base_url = base_url or ""
        self.batch_size = batch_size

    def __call__(self, input: Documents) -> Embeddings:
        s = load_settings({"embedding": "api", "embedding_model": self.model,
                           "embedding_base_url": self.base_url or None, "embedding_batch_size": self.batch_size})
        return list(api_embed(list(input), s))

    @staticmethod
    def name() -> str:
        return "assistant-openai-compatible"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model, "base_url": self.base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ApiEmbedding:
        return ApiEmbedding(config.get("model", ""), config.get("base_url") or os.environ.get("OPENAI_BASE_URL"))

    def default_space(self) -> Any:
        return "cosine"

    def supported_spaces(self) -> Any:
        return ["cosine"]


def embedding_function(settings: Any) -> EmbeddingFunction[Documents]:
    if settings.embedding == "local":
        return HashedNgramEmbedding(settings.embedding_dim)
    return ApiEmbedding(settings.embedding_model, settings.embedding_base_url or settings.base_url,
                        settings.embedding_batch_size)
