"""Pure domain logic: no vector store, no LLM client, no CLI (dependency flows cli → services → domain)."""
