"""Lo que IT mira de la instalación: la versión que escribió servidor/instalar.sh."""
from __future__ import annotations

from pathlib import Path

VERSION = Path(__file__).resolve().parents[1] / "VERSION"  # lo escribe servidor/instalar.sh (git describe)


def version() -> str:
    return VERSION.read_text(encoding="utf-8").strip() if VERSION.exists() else "sin instalar (copia de desarrollo)"
