"""Las capas sólo apuntan hacia abajo (DISENO §6): el contrato de .importlinter, con import-linter."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.ayudas import RAIZ


def _lint(raiz: Path, config: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(lint), str(config), "--no-cache"], cwd=raiz, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(raiz), "PATH": "/usr/bin:/bin"})


def test_el_contrato_de_capas_se_cumple():
    r = _lint(RAIZ, RAIZ / ".importlinter")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 kept, 0 broken" in r.stdout


def test_el_contrato_ve_una_importacion_hacia_arriba(tmp_path):
    # El mismo contrato sobre una copia mínima donde datos importa paginas, aun dentro de una función: se rompe.
    for paquete in ("paginas", "cli", "operacion", "demo", "informes", "consultas", "datos"):
        (tmp_path / paquete).mkdir()
        (tmp_path / paquete / "__init__.py").write_text("")
    (tmp_path / "cli" / "programas.py").write_text("")
    for entrada in ("datos", "consultas", "informes"):  # las entradas `python -m` que el contrato permite
        (tmp_path / entrada / "__main__.py").write_text("import cli.programas  # noqa\n")
    (tmp_path / "datos" / "malo.py").write_text("def f():\n    from paginas import x  # noqa\n")
    (tmp_path / "paginas" / "x.py").write_text("")
    r = _lint(tmp_path, RAIZ / ".importlinter")
    assert r.returncode != 0 and "datos.malo -> paginas" in r.stdout, r.stdout + r.stderr
