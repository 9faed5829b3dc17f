"""Los límites de un archivo, revisados antes de gastar en él: filas por hoja (las de Excel), columnas, largo de una
línea de texto y, en un libro comprimido (.xlsx, .xlsb, .ods), cuánto dice inflarse cada parte. Un archivo que pasa
un límite se rechaza en segundos y sin leerse entero, con un mensaje que dice cuál y cuánto trae.

Una exportación de Smartflex de un millón de filas y 15 columnas queda muy por debajo de cada uno (README,
«Límites de un archivo»)."""
from __future__ import annotations

import csv

from datos.formato import texto_entero
from datos.importar.modelo import Problema, Rechazo

FILAS = 1_048_576          # filas de una hoja de Excel: más no es una hoja, es una bomba o un archivo roto
COLUMNAS = 500             # una consulta OSF trae 15–40; 10.000 encabezados repetidos retenían la base 269 s
LINEA = 1 << 20            # bytes de una línea (o un campo) de texto: un comentario de Oracle cabe en 4.000
PARTE = 2 << 30            # bytes de una parte inflada de un libro (la hoja de 1 M filas × 14 columnas: ~0,7 GB)
RAZON = 100                # inflado / comprimido de una parte grande: una hoja real comprime 5–20 veces
PARTE_CHICA = 8 << 20      # por debajo, la razón no importa (un styles.xml repetitivo comprime mucho)

# Python lee un campo de hasta 128 KB; DuckDB, una línea de hasta LINEA (max_line_size): el mismo límite para los dos.
csv.field_size_limit(max(csv.field_size_limit(), LINEA))

_QUE_HACER = "Exporte desde Smartflex por partes (por ejemplo, por mes) o en CSV."


def _rechazar(archivo: str, problema: str, que_hacer: str = _QUE_HACER, **kw) -> None:
    raise Rechazo([Problema(archivo, kw.pop("fila", None), None, None, problema, que_hacer, **kw)])


def exigir_filas(archivo: str, filas: int, hoja: str | None = None) -> None:
    if filas > FILAS:
        donde = f"La hoja «{hoja}» tiene" if hoja else "La tabla tiene"
        _rechazar(archivo, f"{donde} más de {texto_entero(FILAS)} filas (el máximo de una hoja de Excel): "
                           "no es una exportación sana (¿un archivo dañado o inflado a propósito?).", hoja=hoja)


def exigir_columnas(archivo: str, columnas: int, fila: int | None = None, hoja: str | None = None,
                    lugar: str | None = None) -> None:
    if columnas > COLUMNAS:
        _rechazar(archivo, f"La fila de encabezados tiene {texto_entero(columnas)} columnas; se leen hasta "
                           f"{texto_entero(COLUMNAS)}.",
                  "Exporte sólo las columnas de la consulta de órdenes o de facturas (una consulta OSF trae unas 15).",
                  fila=fila, hoja=hoja, lugar=lugar)


def linea_larga(archivo: str, linea: int | None = None) -> Problema:
    donde = f"La línea {linea}" if linea else "Una línea"
    return Problema(archivo, linea, None, None,
                    f"{donde} tiene más de {texto_entero(LINEA // 1024)} KB: no es una fila de una exportación.",
                    "Revise que cada comilla (\") del archivo esté cerrada: una comilla sin cerrar junta el resto del "
                    "archivo en un solo campo. Si el texto es así de largo, acórtelo en Smartflex y vuelva a exportar.")


def exigir_partes(archivo: str, partes) -> None:
    """`partes`: las entradas (ZipInfo) de un libro comprimido. Lo que cada una declara, antes de inflar nada: su
    tamaño, la razón de compresión, y que no declare menos de lo que ocupa comprimida (una cabecera que miente)."""
    for parte in partes:
        inflado, comprimido = parte.file_size, parte.compress_size
        if inflado > PARTE or (inflado > PARTE_CHICA and inflado > RAZON * max(comprimido, 1)):
            _rechazar(archivo, f"La parte «{parte.filename}» del libro se infla de "
                               f"{_mb(comprimido)} a {_mb(inflado)} (hasta {_mb(PARTE)} y {RAZON} veces se leen): "
                               "parece una bomba de compresión, no una exportación.",
                      "Si el libro es legítimo, ábralo en Excel y guárdelo como CSV.")
        if parte.compress_type != 0 and comprimido > 1024 and inflado < comprimido // 2:
            _rechazar(archivo, f"La parte «{parte.filename}» del libro declara un tamaño menor que el que ocupa "
                               "comprimida: el archivo está dañado o armado para engañar al lector.",
                      "Vuelva a descargar la exportación de Smartflex.")


def _mb(n: int) -> str:
    return f"{texto_entero(max(1, round(n / 2**20)))} MB"
