from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return ROOT / "corpus" / "000_8d180b529515aaa8.txt"


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "evals" / "gold" / "seed_gold.yaml").read_text(encoding="utf-8"))
