"""Renders the README's example poster: `python -m tests.documents.example docs/poster.png`."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.services.documents.attachments import render_poster_png
from tests.documents import samples

if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/poster.png")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_poster_png(samples.realistic()))
    print(f"wrote {target}")
