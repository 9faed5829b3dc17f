"""Bases DuckDB reales y desechables en tmp_path."""
from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest

from datos import conexion
from datos.permisos import Usuario

MUESTRAS = Path(__file__).parent / "muestras"

ATENCION = Usuario("ana", "Ana Atención", "atencion")
RETENCION = Usuario("rita", "Rita Retención", "retencion")
JEFATURA = Usuario("jefa", "Julia Jefa", "jefatura")
ADMIN = Usuario("admin", "Adm. Sistema", "administrador")
SISTEMA = Usuario("pruebas", "Pruebas", "sistema")


@pytest.fixture
def ruta_db(tmp_path, monkeypatch) -> Path:
    ruta = tmp_path / "seguimiento.duckdb"
    monkeypatch.setenv("SEGUIMIENTO_DB", str(ruta))
    monkeypatch.delenv("SEGUIMIENTO_DEMO", raising=False)
    return ruta


@pytest.fixture
def con(ruta_db):
    c = conexion.conectar(ruta_db)
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


_ot = itertools.count(9_000_001)


def insertar_orden(con, *, estado="REGISTRADO", registro=dt.datetime(2026, 10, 5, 9, 0), actividad=52137,
                   ot=None, **otros) -> int:
    """Inserta una orden directamente (para probar consultas sin pasar por el importador)."""
    ot = ot or next(_ot)
    fila = {"ot": ot, "actividad_codigo": actividad, "estado": estado, "estado_origen": estado,
            "fecha_registro": registro, "importacion_id": 0, **otros}
    columnas = ", ".join(fila)
    valores = ", ".join(f"${k}" for k in fila)
    con.execute(f"INSERT INTO ordenes ({columnas}) VALUES ({valores})", fila)
    return ot
