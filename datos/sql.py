"""El corredor de consultas con nombre: un archivo .sql con parámetros $nombre. El texto de las consultas de sólo
lectura vive en consultas/ (lo leen las páginas, los informes y las reglas de escritura que comparan con lo que la
página muestra, como la firma de la conciliación); este módulo sólo lo lee y lo ejecuta."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

CARPETA = Path(__file__).resolve().parent.parent / "consultas"


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
    """La consulta como DataFrame de pandas. pandas se carga aquí y no al importar el paquete: una línea de órdenes
    que sólo usa ejecutar() (p. ej. `python -m informes conciliacion --json`) no paga los 0,8 s que tarda en cargarse."""
    import pandas  # noqa: F401 — .df() lo necesita

    return ejecutar(con, nombre, **params).df()
