"""El spool de SQL*Plus sin HTML (.lst, .txt): columnas de ancho fijo bajo una línea de guiones que da el ancho de
cada una; encabezado y guiones repetidos en cada página, después de una línea en blanco; números alineados a la
derecha; fechas DD/MM/RR; y los mensajes de SQL*Plus («Sesión modificada.», «N filas seleccionadas.») alrededor.
Un spool con LINESIZE chico parte cada fila en varias líneas: se rechaza diciendo cómo generarlo."""
from __future__ import annotations

import re

import pyarrow as pa

from datos.importar import limites
from datos.importar.modelo import Lectura, Problema, Rechazo
from datos.importar.tabla import LINEAS_BUSCADAS, Hoja, buscar_encabezado, leer_hojas, tabla_de_textos
from datos.importar.texto import como_cp1252

_GUIONES = re.compile(r" *-+(?: +-+)* *")
_MENSAJE = re.compile(
    r"\s*(?:\d[\d.]* filas? seleccionadas?\.?|\d[\d.,]* rows? selected\.?|no rows selected|ninguna fila seleccionada\.?"
    r"|no se ha seleccionado ninguna fila\.?|sesi[oó]n modificada\.?|session altered\.?|SQL>.*)\s*", re.IGNORECASE)
RECETA = "SET LINESIZE 32767 TRIMSPOOL ON"


def es_spool(cabeza: str) -> bool:
    """¿Hay, en las primeras líneas, una línea de guiones bajo una de texto (el encabezado de SQL*Plus)?"""
    lineas = _lineas(cabeza)[:LINEAS_BUSCADAS + 1]
    return any(_GUIONES.fullmatch(b) and "-" in b and a.strip() for a, b in zip(lineas, lineas[1:]))


def _lineas(texto: str) -> list[str]:
    # "\n" y no splitlines(): el salto de página (\f) de SQL*Plus no es una línea más en el editor
    return [linea.rstrip("\r").lstrip("\f") for linea in texto.split("\n")]


def _anchos(guiones: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-+", guiones)]


def _partir(linea: str, anchos: list[tuple[int, int]]) -> list[str | None]:
    return [linea[a:b].strip() or None for a, b in anchos]


def leer_spool(cur, contenido, archivo: str, codificacion: str) -> Lectura:
    try:
        texto = bytes(contenido).decode("utf-8")
    except UnicodeDecodeError:
        contenido, _, codificacion = como_cp1252(contenido)
        texto = contenido.decode("utf-8")
    lineas = _lineas(texto)
    # Los candidatos a encabezado: cada línea seguida de guiones, partida por esos anchos.
    candidatas = [_partir(lineas[k], _anchos(lineas[k + 1])) if _es_guiones(lineas, k + 1) and lineas[k].strip()
                  else [lineas[k]] for k in range(min(LINEAS_BUSCADAS, len(lineas)))]
    con_guiones = {k for k in range(len(candidatas)) if lineas[k].strip() and _es_guiones(lineas, k + 1)}
    i, _, _ = buscar_encabezado(candidatas)
    if i not in con_guiones:
        i = min(con_guiones)
    _exigir_filas_enteras(archivo, lineas, i, con_guiones)
    encabezado, guiones, anchos = lineas[i], lineas[i + 1], _anchos(lineas[i + 1])
    filas, numeros = [candidatas[i]], [i + 1]
    k = i + 2
    while k < len(lineas):
        linea = lineas[k]
        if linea == encabezado and k + 1 < len(lineas) and lineas[k + 1] == guiones:
            k += 2  # el encabezado de otra página
            continue
        if linea.strip() and not _MENSAJE.fullmatch(linea):
            filas.append(_partir(linea, anchos))
            numeros.append(k + 1)
            if len(filas) > limites.FILAS:
                limites.exigir_filas(archivo, len(filas))
        k += 1
    return leer_hojas(cur, archivo, [Hoja(None, tabla_de_textos(filas), pa.array(numeros, pa.int64()))], [],
                      "spool de SQL*Plus", f"spool de SQL*Plus, {codificacion}", unidad="línea")


def _es_guiones(lineas: list[str], k: int) -> bool:
    return k < len(lineas) and "-" in lineas[k] and bool(_GUIONES.fullmatch(lineas[k]))


def _exigir_filas_enteras(archivo: str, lineas: list[str], i: int, con_guiones: set[int]) -> None:
    """Con LINESIZE más corto que una fila, SQL*Plus sigue la fila (y el encabezado) en la línea siguiente: justo
    debajo de los guiones del encabezado viene otro encabezado con sus guiones. Así no se sabe qué valor va en qué
    columna."""
    primera = i - 2 if i - 2 in con_guiones else i
    if primera + 2 in con_guiones:
        siguiente = primera + 2
        raise Rechazo([Problema(
            archivo, siguiente + 1, None, lineas[siguiente].strip()[:100],
            "Cada fila del spool sigue en la línea siguiente: la línea de SQL*Plus (LINESIZE) es más corta que una "
            "fila, y así no se sabe a qué columna va cada valor.",
            f"Vuelva a generar el spool con {RECETA} (y SET PAGESIZE 50000), o con SET MARKUP HTML ON.")])
