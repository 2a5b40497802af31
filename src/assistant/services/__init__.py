"""Services: orchestration over the domain with I/O (Chroma, the LLM API, files)."""
