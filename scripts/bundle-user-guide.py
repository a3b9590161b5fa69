"""Copy the README's user guide into the package (Help ▸ User guide opens it offline).

Run after editing the README's "User guide" part: python scripts/bundle-user-guide.py
"""

from __future__ import annotations

from pathlib import Path

from interactioncoder.workflow.user_guide import BUNDLED, extract_user_guide

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    target = ROOT / "src" / "interactioncoder" / BUNDLED
    target.write_text(extract_user_guide((ROOT / "README.md").read_text("utf-8")), "utf-8")
    print(f"wrote {target}")
