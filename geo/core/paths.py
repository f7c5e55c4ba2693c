"""Where the bundled data lives, in one place so tests and scripts agree."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DATA_DIR = ROOT / "data"
GEOGRAPHY_DIR = DATA_DIR / "geography"
