"""Consultas con nombre: cada una es un archivo .sql de esta carpeta con parámetros $nombre."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

CARPETA = Path(__file__).resolve().parent


@cache
def sql(nombre: str) -> str:
    return (CARPETA / f"{nombre}.sql").read_text(encoding="utf-8")


@cache
def _parametros(nombre: str) -> frozenset[str]:
    return frozenset(re.findall(r"\$([a-z_][a-z0-9_]*)", sql(nombre)))


def ejecutar(con, nombre: str, **params):
    """Ejecuta la consulta pasando sólo los parámetros que usa (DuckDB rechaza los sobrantes)."""
    usados = _parametros(nombre)
    faltan = usados - params.keys()
    if faltan:
        raise TypeError(f"La consulta {nombre} necesita {sorted(faltan)}")
    return con.execute(sql(nombre), {k: v for k, v in params.items() if k in usados})


def consultar(con, nombre: str, **params) -> pd.DataFrame:
    return ejecutar(con, nombre, **params).df()
