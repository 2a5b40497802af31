"""Settings files and variables with bad values: one line that names the file or the variable, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import one_line, run


@pytest.mark.parametrize(("toml", "needle"), [
    ("assistant = 3\n", "assistant 应是一节设置"),  # before: TypeError traceback
    ('modle = "x"\n', "modle：没有这一项（字段名写错了？）（来自 "),
    ('[assistant]\nmodel = "m"\n[other]\nx = 1\n', "other：没有这一项"),
])
def test_a_bad_settings_file_is_one_line_naming_the_file(tmp_path: Path, toml: str, needle: str) -> None:
    (tmp_path / "assistant.toml").write_text(toml, encoding="utf-8")
    line = one_line(run("config", cwd=tmp_path))
    assert needle in line
    if "（来自 " in needle:
        assert str(tmp_path / "assistant.toml") in line


def test_top_level_keys_beside_an_assistant_table_are_read(tmp_path: Path) -> None:
    # before: the [assistant] table hid the top-level keys, which were silently ignored
    (tmp_path / "assistant.toml").write_text('model = "top"\n[assistant]\nbase_url = "http://x"\n', encoding="utf-8")
    out = run("config", "--json", cwd=tmp_path)
    assert out.returncode == 0 and '"model": "top"' in out.stdout and '"base_url": "http://x"' in out.stdout


def test_a_bad_variable_is_named(tmp_path: Path) -> None:
    line = one_line(run("search", "党建", cwd=tmp_path, env={"ASSISTANT_TEMPERATURE": "hot"}))
    assert "temperature：应是数字" in line and "（来自 ASSISTANT_TEMPERATURE）" in line
