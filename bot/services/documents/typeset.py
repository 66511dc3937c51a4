"""Typst, with the fonts shipped in this package and nothing from the machine.

Every document's content goes in as JSON through `sys.inputs`; the templates show it as
plain strings, so no member text is ever parsed as Typst markup (no escaping to get wrong).
Compiling releases the GIL: callers on the event loop run these in a thread.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import typst

from bot.services.documents.clean import printable_data

HERE = Path(__file__).parent
FONTS_DIR = HERE / "fonts"
TEMPLATES_DIR = HERE / "templates"

# Fixed, so the same data gives the same bytes on every machine and every run.
TIMESTAMP = 0

_fonts: typst.Fonts | None = None
_fonts_lock = threading.Lock()


def fonts() -> typst.Fonts:
    """The shipped fonts, loaded once per process (loading is the slow part)."""
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            _fonts = typst.Fonts(
                include_system_fonts=False,
                include_embedded_fonts=False,
                font_paths=[str(FONTS_DIR)],
            )
        return _fonts


def font_families() -> list[str]:
    return fonts().families()


@dataclass(frozen=True)
class Typeset:
    template: str  # file name in templates/

    def _compiler(self, data: object) -> typst.Compiler:
        return typst.Compiler(
            TEMPLATES_DIR / self.template,
            root=TEMPLATES_DIR,
            font_paths=fonts(),
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(printable_data(data), ensure_ascii=False, default=str)},
        )

    def pdf(self, data: object) -> bytes:
        result = self._compiler(data).compile(format="pdf", timestamp=TIMESTAMP)
        assert isinstance(result, bytes)
        return result

    def png(self, data: object, *, ppi: float) -> bytes:
        """The first page as PNG."""
        result = self._compiler(data).compile(format="png", ppi=ppi)
        page = result[0] if isinstance(result, list) else result
        assert isinstance(page, bytes)
        return page

    def query(self, data: object, selector: str) -> list:
        """Layout information the template records as labelled metadata."""
        return json.loads(self._compiler(data).query(selector, field="value", format="json"))
