"""Los formatos de fecha que se prueban y la elección de uno por columna, sobre una muestra."""
from __future__ import annotations

import duckdb

# Día primero, ISO y lo que escriben SQL Developer y TOAD con NLS español: DD/MM/RR, TIMESTAMP con fracción y coma
# decimal («23/07/26 16:24:00,000000000»), DD-MON-RR. Cada formato de año con dos dígitos (%y) va antes que su
# gemelo de cuatro (%Y): %Y también lee «26», como el año 0026.
FORMATOS_FECHA = [
    "%d/%m/%y %H:%M:%S,%n", "%d/%m/%y %H:%M:%S", "%d/%m/%y %H:%M", "%d/%m/%y",
    "%d/%m/%Y %H:%M:%S,%n", "%d/%m/%Y %H:%M:%S.%f", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%d-%m-%y %H:%M:%S", "%d-%m-%y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%d-%b-%y %H:%M:%S", "%d-%b-%y %I.%M.%S.%n %p", "%d-%b-%y %H:%M", "%d-%b-%y",
    "%d-%b-%Y %H:%M:%S", "%d-%b-%Y %H:%M", "%d-%b-%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d"]
# Una lista con %n (nanosegundos) da TIMESTAMP_NS, que no llega al año 0026: un año imposible quedaría «ilegible» en
# vez de explicarse. Esos formatos van en su propia lista, después.
FORMATOS_NS = [f for f in FORMATOS_FECHA if "%n" in f]
FORMATOS_US = [f for f in FORMATOS_FECHA if "%n" not in f]


def formatos_por_columna(cur, fechas: tuple[str, ...]) -> dict[str, str]:
    """formato_<c>: el formato que mejor lee una muestra de la columna fecha_<c>_txt de `entrada`. Probar formatos
    que fallan es caro en DuckDB (~20 µs por intento): se elige uno por columna y la lista completa queda sólo para
    las filas que no calcen. La muestra sale de las primeras filas: una columna vacía no obliga a leer todo."""
    columnas = ", ".join(f"list(fecha_{c}_txt) FILTER (WHERE nullif(trim(fecha_{c}_txt), '') IS NOT NULL)[1:50]"
                         for c in fechas)  # nombres fijos de las familias
    try:
        (muestras,) = cur.execute(f"SELECT {columnas} FROM (SELECT * FROM entrada LIMIT 5000)").fetchall()
    except duckdb.Error:  # un archivo ilegible se informa al materializarlo, con su mensaje propio
        muestras = [None] * len(fechas)
    return {f"formato_{c}": _mejor_formato(cur, muestra or []) for c, muestra in zip(fechas, muestras)}


def sin_hora(formatos: dict[str, str]) -> dict[str, bool]:
    """sin_hora_<c>: la columna fecha_<c> se leyó con un formato de sólo día (el spool de SQL*Plus con DD/MM/RR, TOAD
    con DD-MON-RR): su 00:00 no es una hora, y no reemplaza la que la base ya tenía de ese día (fecha_mas_precisa)."""
    return {f"sin_hora_{c.removeprefix('formato_')}": "%H" not in f and "%I" not in f for c, f in formatos.items()}


def _mejor_formato(cur, muestra: list[str]) -> str:
    mejor, aciertos = FORMATOS_FECHA[0], -1
    for formato in FORMATOS_FECHA if muestra else ():
        ((n,),) = cur.execute("SELECT count(try_strptime(v, $f)) FROM unnest($m) t(v)",
                              {"f": formato, "m": muestra}).fetchall()
        if n > aciertos:
            mejor, aciertos = formato, n
        if n == len(muestra):
            break
    return mejor
