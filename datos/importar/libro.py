"""Libros de Excel (.xlsx, .xlsb, .xls 97-2003) y de LibreOffice (.ods), por su contenido: calamine (fastexcel)
los lee a Arrow; la hoja se elige como en todo formato con hojas (tabla.leer_hojas)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from datos.importar import limites
from datos.importar.modelo import Lectura, Problema, Rechazo
from datos.importar.tabla import Hoja, leer_hojas

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # contenedor de Office 97-2003 (un .xls es uno)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Un XML de un archivo subido: sin entidades externas ni red.
_SEGURO = {"resolve_entities": False, "no_network": True, "huge_tree": False}


def es_zip(datos) -> bool:
    return datos[:4] == b"PK\x03\x04"


def es_ole(datos) -> bool:
    return datos[:8] == _OLE


def leer_libro(cur, datos, archivo: str, ruta: Path | None = None) -> Lectura:
    """`ruta`, si el archivo está en disco: calamine lo lee de ahí (desde bytes guarda otra copia del libro mientras
    lee la hoja: +0,12 GB de memoria máxima en 1 M filas)."""
    import fastexcel

    datos = bytes(datos)  # zipfile quiere bytes: una sola copia si vino mapeado
    xls = es_ole(datos)
    try:
        # calamine reconoce .xlsx, .xlsb, .xls u .ods por el contenido
        libro = fastexcel.read_excel(str(ruta) if ruta is not None else datos)
        nombres = list(libro.sheet_names)
    except Exception:  # fastexcel no tiene una jerarquía de errores estable entre versiones
        formato = ("un archivo de Office 97-2003 pero no un libro de Excel (.xls) legible" if xls else
                   "un archivo comprimido (zip) pero no un libro de Excel (.xlsx) legible")
        raise Rechazo([Problema(archivo, None, None, None, f"Es {formato}.",
                                "Ábralo en Excel y guárdelo de nuevo como .xlsx, o exporte a CSV.")]) from None

    def hojas():
        # calamine lee la hoja entera aunque se pidan 50 filas: cada una se carga una sola vez.
        for nombre in nombres:
            try:
                tabla = libro.load_sheet(nombre, header_row=None, dtypes="string").to_arrow()
            except Exception:  # una hoja vacía o de gráfico no tiene tabla
                continue
            limites.exigir_filas(archivo, tabla.num_rows, nombre)
            yield Hoja(nombre, tabla)

    def origen(nombre: str) -> tuple[int, int]:
        if not xls and "xl/workbook.xml" in _nombres_zip(datos):
            return _origen_xlsx(datos, nombres.index(nombre))
        return _origen_calamine(datos, nombre)

    detalle = "Excel 97-2003 (.xls)" if xls else ("Excel binario (.xlsb)" if _es_xlsb(datos) else "")
    return leer_hojas(cur, archivo, hojas(), nombres, "Excel", detalle, origen=origen)


def _nombres_zip(datos: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(datos)) as z:
            return set(z.namelist())
    except zipfile.BadZipFile:
        return set()


def _es_xlsb(datos: bytes) -> bool:
    return es_zip(datos) and "xl/workbook.bin" in _nombres_zip(datos)


def _origen_calamine(datos: bytes, hoja: str) -> tuple[int, int]:
    """(primera fila con datos, columnas vacías a la izquierda) de una hoja: calamine las omite, Excel no. Un .xls
    tiene a lo más 65.536 filas: leerlo otra vez con python-calamine es barato."""
    import python_calamine

    try:
        fila, columna = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(datos)).get_sheet_by_name(hoja).start
        return fila + 1, columna
    except Exception:  # sin el origen, se numera desde A1
        return 1, 0


_FILAS_ORIGEN = 1000  # la fila de encabezados está entre las primeras; no hace falta recorrer toda la hoja


def _origen_xlsx(datos: bytes, indice_hoja: int) -> tuple[int, int]:
    """(primera fila con datos, columnas vacías a la izquierda) de una hoja .xlsx, leídos de su XML: el libro dice
    qué parte es la hoja, y de la hoja basta el comienzo (se lee en flujo, sin cargarla entera)."""
    try:
        with zipfile.ZipFile(io.BytesIO(datos)) as z:
            libro = etree.fromstring(z.read("xl/workbook.xml"), etree.XMLParser(**_SEGURO))
            rid = libro.findall(f"{_MAIN}sheets/{_MAIN}sheet")[indice_hoja].get(f"{_REL}id")
            rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), etree.XMLParser(**_SEGURO))
            destino = next(r.get("Target") for r in rels.iter(f"{_PKG}Relationship") if r.get("Id") == rid)
            ruta = destino.lstrip("/")
            ruta = ruta if ruta.startswith("xl/") else "xl/" + ruta
            with z.open(ruta) as hoja:
                return _primera_celda(hoja)
    except (KeyError, IndexError, StopIteration, AttributeError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return 1, 0


def _primera_celda(hoja) -> tuple[int, int]:
    primera, columna, filas = None, None, 0
    for _, elemento in etree.iterparse(hoja, events=("end",), tag=(f"{_MAIN}c", f"{_MAIN}row"), **_SEGURO):
        if elemento.tag == f"{_MAIN}row":
            filas += 1
            elemento.clear()
            if filas >= _FILAS_ORIGEN:
                break
            continue
        ref = elemento.get("r")
        if ref and (elemento.find(f"{_MAIN}v") is not None or elemento.find(f"{_MAIN}is") is not None):
            letras = ref.rstrip("0123456789")
            primera = primera or int(ref[len(letras):])
            columna = min(columna if columna is not None else 1 << 30, _indice_columna(letras))
    return (primera, columna) if primera is not None else (1, 0)


def _indice_columna(letras: str) -> int:
    n = 0
    for letra in letras:
        n = n * 26 + ord(letra) - 64
    return n - 1

