"""Fixtures: bases DuckDB reales y desechables en tmp_path. Lo que no es fixture está en tests/ayudas.py."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from datos import conexion
from tests.ayudas import MUESTRAS, Corrida, copiar_plantilla


@pytest.fixture
def ruta_db(tmp_path, monkeypatch) -> Path:
    ruta = tmp_path / "seguimiento.duckdb"
    monkeypatch.setenv("SEGUIMIENTO_DB", str(ruta))
    monkeypatch.delenv("SEGUIMIENTO_DEMO", raising=False)
    return ruta


@pytest.fixture(scope="session")
def plantilla_migrada(tmp_path_factory) -> Path:
    """Una base vacía con todas las migraciones, hecha una vez por corrida: copiarla cuesta un cuarto de lo que
    cuesta migrar cada base nueva. Sólo para copiar (nunca se abre después de cerrada)."""
    ruta = tmp_path_factory.mktemp("plantilla") / "seguimiento.duckdb"
    conexion.conectar(ruta).close()
    assert not ruta.with_name(ruta.name + ".wal").exists()  # cerrada con checkpoint: el archivo basta
    return ruta


@pytest.fixture
def base_migrada(ruta_db, plantilla_migrada) -> Path:
    """ruta_db con una base nueva ya migrada y cerrada (para quien la abre en otro lado: la CLI, una página)."""
    return copiar_plantilla(plantilla_migrada, ruta_db)


@pytest.fixture
def con(base_migrada):
    """Conexión a una base nueva en ruta_db (copiada de la plantilla: conectar() no tiene nada que migrar)."""
    c = conexion.conectar(base_migrada)
    yield c
    c.close()


@pytest.fixture
def muestra(tmp_path):
    """Copia una muestra a tmp_path (fuera de la carpeta de la base) y devuelve su ruta."""
    def copiar(nombre: str) -> Path:
        destino = tmp_path / "entrada" / nombre
        destino.parent.mkdir(exist_ok=True)
        shutil.copy(MUESTRAS / nombre, destino)
        return destino
    return copiar


@pytest.fixture
def en_proceso(capsys):
    """en_proceso(main, *args): la orden corrida en este proceso, como la corre `python -m` (sys.exit(main(argv))):
    la salida se lee con capsys y el código sale de lo que devuelve main o de su SystemExit."""
    def correr(main, *args) -> Corrida:
        capsys.readouterr()  # lo impreso antes no es de esta orden
        try:
            codigo = main([str(a) for a in args])
        except SystemExit as e:
            codigo = e.code
        salida = capsys.readouterr()
        if codigo is None or isinstance(codigo, int):
            return Corrida(codigo or 0, salida.out, salida.err)
        return Corrida(1, salida.out, salida.err + f"{codigo}\n")  # sys.exit("texto"): a stderr, código 1
    return correr
