"""Reconocer el formato del archivo por su contenido (nunca por la extensión) y leerlo: cada lector deja sus filas,
como texto, en la vista temporal `crudo` (ver tabla.py) y devuelve la Lectura (familia, encabezados, mapeo)."""
from __future__ import annotations

import mmap
from pathlib import Path

from datos.importar.libro import es_ole, es_zip, leer_libro
from datos.importar.modelo import Lectura, Problema, Rechazo
from datos.importar.texto import CABEZA, leer_csv, preparar_texto, tipo_de_error_csv

__all__ = ["leer", "es_libro", "tipo_de_error_csv"]


def leer(cur, datos: bytes | mmap.mmap, archivo: str, ruta: Path | None = None) -> Lectura:
    """`datos`: el contenido (bytes, o el archivo mapeado en memoria, que no se copia entero).
    `ruta`, si el archivo está en disco, permite no copiarlo (un enlace duro) cuando ya es UTF-8."""
    if len(datos) == 0 or (len(datos) < CABEZA and bytes(datos).isspace()):
        raise Rechazo([Problema(archivo, None, None, None, "El archivo está vacío.",
                                "Vuelva a descargar la exportación de Smartflex.")])
    if es_libro(datos):
        return leer_libro(cur, datos, archivo)
    return leer_csv(cur, datos, archivo, ruta, preparar_texto(datos, archivo))


def es_libro(datos: bytes | mmap.mmap) -> bool:
    """Un libro de Excel por su contenido: .xlsx/.xlsb/.ods (zip) o .xls 97-2003 (OLE), sea cual sea su extensión."""
    return es_zip(datos) or es_ole(datos)
