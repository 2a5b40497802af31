"""The critique: the deterministic checks on each report of a draft, the optional LLM review on top, the score.

- run.py: parse, check, merge the review's findings, score (`critique_text`, `critique_file`, …);
- review.py: the LLM review call (imports the LLM client only when it runs);
- disputes.py: the review's disputes of rule findings that are guesses;
- quotes.py: where a review's verbatim quote stands in the draft, the evidence test of its findings;
- annotate.py: `--annotate`, the findings as Word comments on a copy of the draft (imported by the command only).

Callers import from here; nothing here imports the vector store or the LLM client unless the LLM review runs.
"""

from assistant.services.critique.run import (
    CritiqueResult,
    NotAReportError,
    PartOut,
    ReportOut,
    Score,
    critique_bytes,
    critique_file,
    critique_parsed,
    critique_text,
    merge_llm,
    report_year,
    score_of,
    structural_findings,
)

__all__ = [
    "CritiqueResult",
    "NotAReportError",
    "PartOut",
    "ReportOut",
    "Score",
    "critique_bytes",
    "critique_file",
    "critique_parsed",
    "critique_text",
    "merge_llm",
    "report_year",
    "score_of",
    "structural_findings",
]
