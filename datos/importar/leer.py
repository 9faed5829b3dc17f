"""Reconocer el formato del archivo por su contenido (nunca por la extensión) y leerlo: cada lector deja sus filas,
como texto, en la vista temporal `crudo` (ver tabla.py) y devuelve la Lectura (familia, encabezados, mapeo).
Un archivo que no es ninguno de los formatos que se leen dice a qué se parece y cuáles se leen."""
from __future__ import annotations

import io
import mmap
import zipfile
from pathlib import Path

from datos.importar import limites
from datos.importar.hoja2003 import SS, leer_hoja2003
from datos.importar.html import leer_html
from datos.importar.libro import es_ole, es_zip, leer_libro
from datos.importar.modelo import Lectura, Problema, Rechazo
from datos.importar.spool import es_spool, leer_spool
from datos.importar.texto import CABEZA, leer_csv, preparar_texto, tipo_de_error_csv

__all__ = ["leer", "es_libro", "tipo_de_error_csv", "FORMATOS_LEIDOS"]

FORMATOS_LEIDOS = ("Se leen: CSV (separado por ; , | o tabulador), Excel (.xlsx, .xlsb, .xls), Excel 2003 XML, "
                   "LibreOffice (.ods), páginas HTML con una tabla (SQL*Plus SET MARKUP HTML ON, «Exportar a Excel» de "
                   "un reporte web) y el spool de SQL*Plus (.lst, .txt).")
# Lo que no es una exportación, por sus primeros bytes.
_FIRMAS = ((b"%PDF", "un PDF"), (b"\x89PNG", "una imagen (PNG)"), (b"\xff\xd8\xff", "una imagen (JPEG)"),
           (b"GIF8", "una imagen (GIF)"), (b"{\\rtf", "un documento RTF (Word)"), (b"Rar!", "un archivo RAR"),
           (b"7z\xbc\xaf", "un archivo 7-Zip"), (b"\x1f\x8b", "un archivo comprimido (gzip)"))
_ZIP_NO_LIBRO = (("word/", "un documento de Word (.docx)"), ("ppt/", "una presentación de PowerPoint (.pptx)"))


def leer(cur, datos: bytes | mmap.mmap, archivo: str, ruta: Path | None = None) -> Lectura:
    """`datos`: el contenido (bytes, o el archivo mapeado en memoria, que no se copia entero).
    `ruta`, si el archivo está en disco (la del descriptor ya abierto), permite no copiarlo: un CSV que DuckDB lee tal
    cual va por un enlace duro, y calamine lee un libro de ahí."""
    if len(datos) == 0 or (len(datos) < CABEZA and bytes(datos).isspace()):
        raise Rechazo([Problema(archivo, None, None, None, "El archivo está vacío.",
                                "Vuelva a descargar la exportación de Smartflex.")])
    for firma, parece in _FIRMAS:
        if datos[:len(firma)] == firma:
            _no_se_lee(archivo, f"No es un archivo de texto (CSV) ni un libro de Excel: parece {parece}.")
    if es_zip(datos):
        _exigir_libro_zip(datos, archivo)
        return leer_libro(cur, datos, archivo, ruta)
    if es_ole(datos):
        if datos.find("EncryptedPackage".encode("utf-16-le")) >= 0:  # un .xlsx con contraseña va cifrado en un OLE
            raise Rechazo([Problema(archivo, None, None, None,
                                    "El libro está protegido con contraseña (cifrado): no se puede leer.",
                                    "Ábralo en Excel con su contraseña, quítela (Archivo → Información → Proteger "
                                    "libro → Cifrar con contraseña, en blanco) y guárdelo de nuevo, o exporte a CSV.")])
        if datos.find("WordDocument".encode("utf-16-le")) >= 0:
            _no_se_lee(archivo, "No es un libro de Excel: parece un documento de Word 97-2003 (.doc).")
        return leer_libro(cur, datos, archivo, ruta)
    marcado = _marcado(datos)
    if marcado == "hoja2003":
        return leer_hoja2003(cur, datos, archivo)
    if marcado == "html":
        return leer_html(cur, datos, archivo)
    if marcado == "xml":
        _no_se_lee(archivo, "Es un XML que no es una hoja de Excel 2003 (SpreadsheetML).")
    preparado = preparar_texto(datos, archivo)
    try:
        return leer_csv(cur, datos, archivo, ruta, preparado)
    except Rechazo:
        if not es_spool(preparado[1]):
            raise
    return leer_spool(cur, preparado[0], archivo, preparado[2])


def es_libro(datos: bytes | mmap.mmap) -> bool:
    """Un libro de Excel por su contenido: .xlsx/.xlsb/.ods (zip) o .xls 97-2003 (OLE), sea cual sea su extensión."""
    return es_zip(datos) or es_ole(datos)


def _marcado(datos) -> str | None:
    """«hoja2003», «html», «xml» o None (texto) según el comienzo, sin BOM ni espacios."""
    cabeza = bytes(datos[:4096])
    for bom, cod in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if cabeza.startswith(bom):
            cabeza = cabeza[len(bom):].decode(cod, "ignore").encode("utf-8")
            break
    cabeza = cabeza.lstrip().lower()
    if not cabeza.startswith(b"<"):
        return None
    if b"progid=\"excel.sheet\"" in cabeza or SS.lower().encode() in cabeza:
        return "hoja2003"
    if cabeza.startswith(b"<?xml") and not any(m in cabeza for m in (b"<html", b"<!doctype html")):
        return "xml"
    return "html" if any(m in cabeza for m in (b"<html", b"<!doctype html", b"<table", b"<body", b"<head", b"<p",
                                               b"<meta", b"<br", b"<div", b"<title")) else None


def _exigir_libro_zip(datos, archivo: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(bytes(datos))) as z:
            limites.exigir_partes(archivo, z.infolist())  # antes de inflar nada (lo lee calamine, que no lo mira)
            nombres = z.namelist()
            tipo = z.read("mimetype").decode("ascii", "ignore") if "mimetype" in nombres else ""
    except zipfile.BadZipFile:
        return  # roto: calamine lo intenta y explica
    if any(n.startswith("xl/") for n in nombres) or "spreadsheet" in tipo:
        return
    parece = next((p for carpeta, p in _ZIP_NO_LIBRO if any(n.startswith(carpeta) for n in nombres)), None)
    if "opendocument.text" in tipo:
        parece = "un documento de texto de LibreOffice (.odt)"
    _no_se_lee(archivo, "Es un ZIP que no es un libro de Excel" + (f": parece {parece}." if parece else
                                                                  f" (trae {len(nombres)} archivo(s))."))


def _no_se_lee(archivo: str, problema: str) -> None:
    raise Rechazo([Problema(archivo, None, None, None, problema,
                            FORMATOS_LEIDOS + " Exporte desde Smartflex en uno de ellos.")])
