"""Detectar la familia del archivo y cargar sus filas, como texto, en la tabla temporal `crudo`.

`crudo` tiene `fila` (línea o fila como la ve el usuario) y c0..cN (VARCHAR), sin la fila de encabezados
ni los títulos de arriba. Nada aquí sabe qué significa cada columna: eso lo decide columnas.reconocer.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import uuid
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa

from datos.conexion import carpeta_de_trabajo
from datos.importar.columnas import CAMPOS, OBLIGATORIOS, es_osf, reconocer
from datos.importar.modelo import Lectura, Problema, Rechazo

LINEAS_BUSCADAS = 50
SEPARADORES = {";": "«;»", ",": "«,»", "|": "«|»", "\t": "tabulador"}


def leer(cur, datos: bytes, archivo: str) -> Lectura:
    if not datos or datos.isspace():
        raise Rechazo([Problema(archivo, None, None, None, "El archivo está vacío.",
                                "Vuelva a descargar la exportación de Smartflex.")])
    if datos[:4] == b"PK\x03\x04":
        return _leer_excel(cur, datos, archivo)
    if datos[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise Rechazo([Problema(archivo, None, None, None,
                                "Es un libro de Excel 97-2003 (.xls), formato que no se importa.",
                                "Ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)» o como CSV.")])
    return _leer_texto(cur, datos, archivo)


# --- texto (CSV) -------------------------------------------------------------------------------

def _decodificar(datos: bytes, archivo: str) -> tuple[str, str]:
    for bom, cod, nombre in ((codecs.BOM_UTF8, "utf-8", "UTF-8 con BOM"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
                             (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16")):
        if datos.startswith(bom):
            try:
                return datos[len(bom):].decode(cod), nombre
            except UnicodeDecodeError:
                break
    if b"\x00" in datos[:4096]:
        raise Rechazo([Problema(archivo, None, None, None, "No es un archivo de texto (CSV) ni un libro de Excel (.xlsx).",
                                "Exporte desde Smartflex en formato CSV o Excel.")])
    try:
        return datos.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return datos.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:  # bytes que cp1252 no define (0x81, 0x8D…): latin-1 los acepta todos
        return datos.decode("latin-1"), "Latin-1"


def _buscar_encabezado(filas: list[list[str]]) -> tuple[int, dict[str, int]]:
    """La fila con más encabezados reconocidos (ante empate, la primera)."""
    mejor, mapeo = -1, {}
    for i, celdas in enumerate(filas):
        m = reconocer(celdas)
        if len(m) > len(mapeo):
            mejor, mapeo = i, m
    return mejor, mapeo


def _leer_texto(cur, datos: bytes, archivo: str) -> Lectura:
    texto, codificacion = _decodificar(datos, archivo)
    lineas = texto[:1 << 18].splitlines()[:LINEAS_BUSCADAS]  # sólo el comienzo: el archivo puede ser enorme
    candidatos = []
    for sep in SEPARADORES:
        filas = [next(csv.reader([linea], delimiter=sep), []) for linea in lineas]
        i, mapeo = _buscar_encabezado(filas)
        candidatos.append((len(mapeo), -i, sep, i, mapeo, filas))
    _, _, sep, i, mapeo, filas = max(candidatos, key=lambda c: c[:2])
    _exigir_tabla(archivo, "línea", i, filas, mapeo)
    encabezados = filas[i]

    # DuckDB lee UTF-8: el archivo se reescribe así dentro de la carpeta de la base (la única que puede leer).
    temporal = carpeta_de_trabajo(cur) / f"{uuid.uuid4().hex}.csv"
    try:
        temporal.write_bytes(datos if codificacion == "UTF-8" else texto.encode("utf-8"))
        _cargar_csv(cur, temporal, sep, i + 1, len(encabezados), archivo)
    finally:
        temporal.unlink(missing_ok=True)
    _numerar_lineas(cur, texto, i + 1, sep)
    familia = "Consulta OSF (CSV)" if es_osf(encabezados) else "Reporte CSV"
    return Lectura(archivo, familia, f"{codificacion}, separador {SEPARADORES[sep]}", "línea", i + 1,
                   encabezados, mapeo)


def _cargar_csv(cur, ruta: Path, sep: str, saltar: int, n: int, archivo: str) -> None:
    params = {"ruta": str(ruta), "sep": sep, "saltar": saltar, "columnas": {f"c{k}": "VARCHAR" for k in range(n)}}
    base = ("CREATE OR REPLACE TEMP TABLE crudo_csv AS SELECT * FROM read_csv($ruta, delim=$sep, quote='\"', escape='\"', "
            "header=false, skip=$saltar, columns=$columnas, null_padding=true, auto_detect=false")
    try:
        try:
            cur.execute(base + ")", params)
        except duckdb.Error as e:
            if "parallel" not in str(e):
                raise
            cur.execute(base + ", parallel=false)", params)  # campos entre comillas con saltos de línea
    except duckdb.Error as e:
        if "Expected Number of Columns" not in str(e):
            raise Rechazo([Problema(archivo, None, None, None, f"No se pudo leer como CSV: {str(e).splitlines()[0]}",
                                    "Revise que el archivo sea la exportación original, sin ediciones a mano.")]) from None
        # Se vuelven a leer guardando los rechazos, para listarlos todos de una vez.
        cur.execute(base + ", parallel=false, store_rejects=true, rejects_table='rechazos_csv')", params)
        filas = cur.execute("SELECT line, any_value(csv_line) FROM rechazos_csv GROUP BY line ORDER BY line").fetchall()
        raise Rechazo([Problema(archivo, int(linea), None, texto[:120],
                                f"La línea tiene más columnas que el encabezado ({n}).",
                                "Un texto con el separador debe ir entre comillas; corrija la línea o vuelva a exportar.")
                       for linea, texto in filas]) from None


def _numerar_lineas(cur, texto: str, saltar: int, sep: str) -> None:
    """Deja la vista `crudo` = `crudo_csv` + `fila`, la línea del editor de texto.

    Caso común (sin líneas en blanco ni saltos dentro de comillas): línea = saltar + posición + 1, sin copiar nada.
    Si no, se recorre el texto con el lector csv para saber en qué línea empieza cada registro."""
    ((n,),) = cur.execute("SELECT count(*) FROM crudo_csv").fetchall()
    resto = texto.split("\n", saltar)[-1] if saltar else texto
    resto = resto.replace("\r\n", "\n") if "\r" in resto else resto
    lineas = resto.count("\n") + (not resto.endswith("\n"))
    if lineas == n and "\n\n" not in resto and not resto.startswith("\n"):
        # `saltar` es un entero calculado aquí; DuckDB no admite parámetros en una vista
        cur.execute(f"CREATE OR REPLACE TEMP VIEW crudo AS SELECT rowid + {int(saltar) + 1} AS fila, * FROM crudo_csv")
        return
    inicio, lector, primera = [], csv.reader(io.StringIO(resto), delimiter=sep), 1
    for registro in lector:
        if registro:
            inicio.append(saltar + primera)
        primera = lector.line_num + 1
    if len(inicio) != n:  # no debería pasar; mejor una numeración aproximada que ninguna
        inicio = list(range(saltar + 1, saltar + 1 + n))
    cur.register("_lineas", pa.table({"fila": pa.array(inicio, pa.int64())}))
    cur.execute("""CREATE OR REPLACE TEMP TABLE lineas AS SELECT row_number() OVER () - 1 AS pos, fila FROM _lineas""")
    cur.unregister("_lineas")
    cur.execute("""CREATE OR REPLACE TEMP VIEW crudo AS
        SELECT l.fila, c.* FROM crudo_csv c JOIN lineas l ON l.pos = c.rowid""")


# --- Excel (.xlsx) -----------------------------------------------------------------------------

def _leer_excel(cur, datos: bytes, archivo: str) -> Lectura:
    import fastexcel

    try:
        libro = fastexcel.read_excel(datos)
    except Exception:  # fastexcel no tiene una jerarquía de errores estable entre versiones
        raise Rechazo([Problema(archivo, None, None, None,
                                "Es un archivo comprimido (zip) pero no un libro de Excel (.xlsx) legible.",
                                "Ábralo en Excel y guárdelo de nuevo como .xlsx, o exporte a CSV.")]) from None
    mejor = None
    for hoja in libro.sheet_names:
        muestra = libro.load_sheet(hoja, header_row=None, n_rows=LINEAS_BUSCADAS, dtypes="string").to_arrow()
        filas = [[None if v is None else str(v) for v in fila.values()] for fila in muestra.to_pylist()]
        i, mapeo = _buscar_encabezado(filas)
        if mejor is None or len(mapeo) > len(mejor[2]):
            mejor = (hoja, i, mapeo, filas)
    hoja, i, mapeo, filas = mejor
    primera = _primera_fila_excel(datos, libro.sheet_names.index(hoja))
    _exigir_tabla(archivo, "fila", i, filas, mapeo, desplazamiento=primera - 1)
    encabezados = [e or "" for e in filas[i]]

    tabla = libro.load_sheet(hoja, header_row=None, dtypes="string").to_arrow().slice(i + 1)
    columnas = {f"c{k}": tabla.column(k) if k < tabla.num_columns else pa.nulls(tabla.num_rows, pa.string())
                for k in range(len(encabezados))}
    # fila de Excel = primera fila con datos de la hoja + posición
    columnas = {"fila": pa.array(range(primera + i + 1, primera + i + 1 + tabla.num_rows), pa.int64()), **columnas}
    cur.register("_hoja", pa.table(columnas))
    cur.execute("CREATE OR REPLACE TEMP TABLE crudo AS SELECT * FROM _hoja")
    cur.unregister("_hoja")
    familia = "Consulta OSF (Excel)" if es_osf(encabezados) else "Reporte Excel"
    return Lectura(archivo, familia, f"hoja «{hoja}»", "fila", primera + i, encabezados, mapeo)


def _primera_fila_excel(datos: bytes, indice_hoja: int) -> int:
    """Número de la primera fila con datos: calamine omite las filas vacías de arriba, el usuario no."""
    try:
        with zipfile.ZipFile(io.BytesIO(datos)) as z:
            libro = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            rid = re.findall(r"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", libro)[indice_hoja]
            destino = re.search(r"<Relationship\b[^>]*?Id=\"" + re.escape(rid) + r"\"[^>]*?Target=\"([^\"]+)\"", rels) \
                or re.search(r"<Relationship\b[^>]*?Target=\"([^\"]+)\"[^>]*?Id=\"" + re.escape(rid) + "\"", rels)
            ruta = destino.group(1).lstrip("/")
            ruta = ruta if ruta.startswith("xl/") else "xl/" + ruta
            with z.open(ruta) as hoja:
                inicio = hoja.read(1 << 20).decode("utf-8", "replace")
        celda = re.search(r"<c\b[^>]*?\br=\"[A-Z]+(\d+)\"[^>]*?(?<!/)>\s*(?:<f[^>]*>[^<]*</f>\s*)?<(?:v|is)\b", inicio)
        return int(celda.group(1)) if celda else 1
    except (KeyError, IndexError, AttributeError, zipfile.BadZipFile):
        return 1


# --- común ---------------------------------------------------------------------------------------

def _exigir_tabla(archivo, unidad, i, filas, mapeo, desplazamiento=0) -> None:
    if len(mapeo) < 2:
        vistas = [" | ".join(c or "" for c in f)[:100] for f in filas[:3] if any(f)]
        raise Rechazo([Problema(
            archivo, None, None, " / ".join(vistas) or None,
            f"No parece una tabla de órdenes: no se encontró una {unidad} de encabezados reconocible "
            f"en las primeras {LINEAS_BUSCADAS} {unidad}s.",
            "Importe la exportación de órdenes de Smartflex (CSV o Excel) con su fila de encabezados.")])
    faltan = [c for c in OBLIGATORIOS if c not in mapeo]
    if faltan:
        encontrados = ", ".join(f"«{e}»" for e in filas[i] if e and e.strip())
        raise Rechazo([Problema(
            archivo, i + 1 + desplazamiento, CAMPOS[c][0], None,
            f"Falta la columna obligatoria «{CAMPOS[c][0]}». Encabezados encontrados: {encontrados}.",
            f"Agregue la columna o renómbrela con un nombre reconocido (p. ej. «{CAMPOS[c][1][1]}»).")
            for c in faltan])
