"""One-line summaries of pydantic validation errors, for messages that name each bad field."""

from __future__ import annotations

from pydantic import ValidationError


def validation_summary(err: ValidationError, limit: int | None = None) -> str:
    """'field.sub: what it expects; …' for the first `limit` errors (all when None)."""
    errors = err.errors()
    shown = errors if limit is None else errors[:limit]
    text = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in shown)
    if limit is not None and len(errors) > limit:
        text += f"; and {len(errors) - limit} more"
    return text
