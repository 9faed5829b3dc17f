"""Cada orden de la tabla «Línea de órdenes» del README existe y explica su uso: el README no puede quedar atrás."""
from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[1]


def ordenes_del_readme() -> list[list[str]]:
    texto = (RAIZ / "README.md").read_text(encoding="utf-8")
    tabla = texto.split("### Línea de órdenes", 1)[1].split("\n\n", 2)[1]
    ordenes = []
    for fila in tabla.splitlines()[2:]:
        comando = re.match(r"\|\s*`([^`]+)`", fila).group(1)
        palabras = []
        for palabra in comando.split()[2:]:  # sin «python -m»
            if not re.fullmatch(r"[a-z_]+", palabra):  # [--db RUTA], ARCHIVO, AAAA-MM…
                break
            palabras.append(palabra)
        ordenes.append(palabras)
    return ordenes


def test_la_tabla_se_lee():
    ordenes = ordenes_del_readme()
    assert ["datos", "importar"] in ordenes and ["informes", "mensual"] in ordenes and len(ordenes) >= 7


@pytest.mark.parametrize("orden", ordenes_del_readme(), ids=" ".join)
def test_cada_orden_del_readme_tiene_ayuda(orden, capsys):
    # En el mismo proceso (cada `python -m` nuevo cuesta ~1,5 s); la prueba de abajo arranca uno de verdad.
    principal = importlib.import_module(f"{orden[0]}.__main__").main
    with pytest.raises(SystemExit) as salida:
        principal([*orden[1:], "--help"])
    assert salida.value.code == 0
    ayuda = capsys.readouterr().out
    assert orden[-1] in ayuda and "--db" in ayuda


def test_python_m_responde():
    r = subprocess.run([sys.executable, "-m", "datos", "importar", "--help"], cwd=RAIZ, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and "ARCHIVO" in r.stdout, r.stderr
