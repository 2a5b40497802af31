"""`critique --no-llm` stays light: the critique path must not import the vector store, the LLM client or the
text splitters (start-up time is measured by bench/bench_critique.py, not here)."""

from __future__ import annotations

import subprocess
import sys

from critique_helpers import ROOT, SEED

HEAVY = ("chromadb", "openai", "langchain", "langchain_core", "langchain_text_splitters", "httpx")

_PROBE = """
import sys
from assistant.cli import main
sys.argv = ["assistant", "critique", {path!r}, "--no-llm", "--format", "json"]
try:
    main()
except SystemExit:
    pass
from assistant.services.critique import critique_file, structural_findings
from assistant.domain.parse import parse_file
from assistant.domain.rubric import load_rubric
r = critique_file({path!r}, rubric=load_rubric())
structural_findings(parse_file({path!r}), load_rubric())
print("\\nLOADED=" + ",".join(sorted({{m.split(".")[0] for m in sys.modules}})), file=sys.stderr)
"""


def test_no_heavy_imports_on_the_critique_path() -> None:
    p = subprocess.run([sys.executable, "-c", _PROBE.format(path=str(SEED))], capture_output=True, text=True,
                       cwd=ROOT, timeout=60, env={"PATH": "/usr/bin:/bin", "ASSISTANT_CONFIG_DIR": str(ROOT / "tests")})
    assert "LOADED=" in p.stderr, p.stderr
    loaded = set(p.stderr.rsplit("LOADED=", 1)[1].strip().split(","))
    assert '"findings"' in p.stdout  # the command really ran
    assert "assistant" in loaded
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
