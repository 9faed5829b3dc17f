"""Detectar la familia del archivo y ofrecer sus filas, como texto, en la vista temporal `crudo`.

`crudo` tiene c0..cN (VARCHAR), sin la fila de encabezados ni los títulos de arriba, y `fila` (la fila de Excel;
en un CSV se numera después, ver Fuente.numerar). Para un CSV, `crudo` lee el archivo directamente: se recorre
una sola vez, cuando la importación materializa la tabla normalizada (Fuente.materializar).
Nada aquí sabe qué significa cada columna: eso lo decide columnas.reconocer.
"""
from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from datos import archivos
from datos.conexion import archivo_de_trabajo
from datos.importar.columnas import CATALOGOS, FACTURAS, Catalogo, es_osf, reconocer, reconocer_todo
from datos.importar.modelo import Lectura, Problema, Rechazo

LINEAS_BUSCADAS = 50
SEPARADORES = {";": "«;»", ",": "«,»", "|": "«|»", "\t": "tabulador"}


def leer(cur, datos: bytes | mmap.mmap, archivo: str, ruta: Path | None = None) -> Lectura:
    """`datos`: el contenido (bytes, o el archivo mapeado en memoria, que no se copia entero).
    `ruta`, si el archivo está en disco, permite no copiarlo (un enlace duro) cuando ya es UTF-8."""
    if len(datos) == 0 or (len(datos) < CABEZA and bytes(datos).isspace()):
        raise Rechazo([Problema(archivo, None, None, None, "El archivo está vacío.",
                                "Vuelva a descargar la exportación de Smartflex.")])
    if es_libro(datos):
        return _leer_excel(cur, datos, archivo)
    return _leer_texto(cur, datos, archivo, ruta)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # contenedor de Office 97-2003 (un .xls es uno)


def es_xlsx(datos: bytes | mmap.mmap) -> bool:
    """Un .xlsx es un zip, sea cual sea su extensión."""
    return datos[:4] == b"PK\x03\x04"


def es_libro(datos: bytes | mmap.mmap) -> bool:
    """Un libro de Excel por su contenido: .xlsx (zip) o .xls 97-2003 (OLE), sea cual sea su extensión."""
    return es_xlsx(datos) or datos[:8] == _OLE


# --- texto (CSV) -------------------------------------------------------------------------------

CABEZA = 1 << 18  # lo que se decodifica en Python para buscar el encabezado; el resto lo lee DuckDB


def _preparar_texto(datos: bytes | mmap.mmap, archivo: str) -> tuple[bytes, str, str]:
    """(contenido en UTF-8, comienzo ya decodificado, nombre de la codificación).

    Un archivo que parece UTF-8 se entrega tal cual, sin decodificarlo entero: DuckDB valida el UTF-8 y, si no lo
    es, `_leer_texto` vuelve a intentar como Windows-1252."""
    for bom, cod, nombre in ((codecs.BOM_UTF8, "utf-8", "UTF-8 con BOM"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
                             (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16")):
        if datos[:len(bom)] == bom:
            try:
                texto = datos[len(bom):].decode(cod)
                return texto.encode("utf-8"), texto[:CABEZA], nombre
            except UnicodeDecodeError:
                break
    if b"\x00" in datos[:4096]:
        raise Rechazo([Problema(archivo, None, None, None, "No es un archivo de texto (CSV) ni un libro de Excel (.xlsx).",
                                "Exporte desde Smartflex en formato CSV o Excel.")])
    cabeza = datos[:CABEZA]
    if len(datos) > CABEZA:  # cortar en un fin de línea para no partir un carácter
        cabeza = cabeza[:cabeza.rfind(b"\n") + 1] or cabeza
    try:
        return datos, cabeza.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return _como_cp1252(datos)


def _como_cp1252(datos: bytes | mmap.mmap) -> tuple[bytes, str, str]:
    try:
        texto, nombre = bytes(datos).decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:  # bytes que cp1252 no define (0x81, 0x8D…): latin-1 los acepta todos
        texto, nombre = bytes(datos).decode("latin-1"), "Latin-1"
    return texto.encode("utf-8"), texto[:CABEZA], nombre


def _buscar_encabezado(filas: list[list[str]]) -> tuple[int, dict[str, int], Catalogo]:
    """La fila de encabezados y su familia (órdenes o facturas): la que tiene todos los obligatorios de una familia y,
    entre ellas, más encabezados reconocidos (ante empate, la primera fila; y órdenes antes que facturas). Los
    obligatorios deciden: una exportación de órdenes no trae N° de factura ni importe; una de facturas, ni OT ni
    actividad, aunque las dos compartan «Solicitud» y «CI/NIT»."""
    mejor, mapeo, familia, puntaje = -1, {}, CATALOGOS[0], (False, 0)
    for i, celdas in enumerate(filas):
        for catalogo in CATALOGOS:
            m = reconocer(celdas, catalogo)
            candidato = (not catalogo.faltan(m), len(m))
            if candidato > puntaje:
                mejor, mapeo, familia, puntaje = i, m, catalogo, candidato
    return mejor, mapeo, familia


def _familia(catalogo: Catalogo, encabezados, formato: str) -> str:
    """El nombre de la familia que se ve en la revisión: «Consulta OSF (CSV)», «Facturas CxC (Excel)»…"""
    osf = es_osf(encabezados, catalogo)
    if catalogo is FACTURAS:
        return f"Facturas CxC{' OSF' if osf else ''} ({formato})"
    return f"Consulta OSF ({formato})" if osf else ("Reporte CSV" if formato == "CSV" else "Reporte Excel")


def _leer_texto(cur, datos: bytes | mmap.mmap, archivo: str, ruta: Path | None) -> Lectura:
    contenido, cabeza, codificacion = _preparar_texto(datos, archivo)
    lineas = cabeza.splitlines()[:LINEAS_BUSCADAS]
    candidatos = []
    for sep in SEPARADORES:
        filas = [next(csv.reader([linea], delimiter=sep), []) for linea in lineas]
        i, mapeo, catalogo = _buscar_encabezado(filas)
        candidatos.append((not catalogo.faltan(mapeo), len(mapeo), -i, sep, i, mapeo, filas, catalogo))
    _, _, _, sep, i, mapeo, filas, catalogo = max(candidatos, key=lambda c: c[:3])
    encabezados = filas[i] if i >= 0 else []
    todo = reconocer_todo(encabezados, catalogo)
    _exigir_tabla(archivo, "línea", i, filas, todo.mapeo, catalogo)
    fuente = FuenteCsv(cur, archivo, datos, contenido, ruta, codificacion, sep, i + 1, len(encabezados))
    return Lectura(archivo, _familia(catalogo, encabezados, "CSV"), "", "línea", i + 1, encabezados, todo.mapeo,
                   fuente, aproximados=todo.aproximados, repetidas=todo.repetidas, tipo=catalogo.tipo)


class FuenteCsv:
    """Un CSV dejado (en UTF-8) en la carpeta de la base, la única que DuckDB puede leer."""

    def __init__(self, cur, archivo, datos, contenido, original, codificacion, sep, saltar, n):
        self.cur, self.archivo, self.datos, self.contenido = cur, archivo, datos, contenido
        self.codificacion, self.sep, self.saltar, self.n = codificacion, sep, saltar, n
        self.paralelo = True
        self.temporal = archivo_de_trabajo(cur)
        _dejar(self.temporal, contenido, original if contenido is datos else None)
        self._definir()

    @property
    def detalle(self) -> str:
        return f"{self.codificacion}, separador {SEPARADORES[self.sep]}"

    def _definir(self) -> None:
        # Una vista no admite parámetros: todo lo que va en el texto lo generó este módulo (ruta propia, separador
        # de una lista fija, enteros), nada viene del archivo.
        columnas = ", ".join(f"'c{k}': 'VARCHAR'" for k in range(self.n))
        ruta = str(self.temporal).replace("'", "''")
        sep = {"\t": "\\t"}.get(self.sep, self.sep)
        self.cur.execute(
            f"CREATE OR REPLACE TEMP VIEW crudo AS SELECT NULL::BIGINT AS fila, * FROM read_csv('{ruta}', "
            f"delim=E'{sep}', quote='\"', escape='\"', header=false, skip={int(self.saltar)}, columns={{{columnas}}}, "
            f"null_padding=true, auto_detect=false, parallel={str(self.paralelo).lower()})")

    def materializar(self, sql: str, params: dict) -> None:
        """Ejecuta la sentencia que recorre `crudo`; traduce los errores de lectura del CSV."""
        for _ in range(3):
            try:
                self.cur.execute(sql, params)
                return
            except duckdb.Error as e:
                mensaje, tipo = str(e), tipo_de_error_csv(e)
                if tipo == "codificacion" and self.codificacion == "UTF-8":
                    self.contenido, _, self.codificacion = _como_cp1252(self.datos)
                    self.temporal.unlink(missing_ok=True)
                    archivos.escribir_privado(self.temporal, self.contenido)
                elif tipo == "paralelo" and self.paralelo:  # campos entre comillas con saltos de línea
                    self.paralelo = False
                elif tipo == "columnas_de_mas":
                    raise Rechazo(self._lineas_de_mas()) from None
                elif tipo is not None:
                    raise Rechazo([Problema(
                        self.archivo, None, None, None, f"No se pudo leer como CSV: {mensaje.splitlines()[0]}",
                        "Revise que el archivo sea la exportación original, sin ediciones a mano.")]) from None
                else:
                    raise
                self._definir()
        raise RuntimeError("no se pudo leer el CSV")

    def _lineas_de_mas(self) -> list[Problema]:
        # Se vuelve a leer guardando los rechazos, para listarlos todos de una vez.
        self.cur.execute(
            "SELECT count(*) FROM read_csv($ruta, delim=$sep, quote='\"', escape='\"', header=false, skip=$saltar, "
            "columns=$columnas, null_padding=true, auto_detect=false, parallel=false, store_rejects=true, "
            "rejects_table='rechazos_csv')",
            {"ruta": str(self.temporal), "sep": self.sep, "saltar": self.saltar,
             "columnas": {f"c{k}": "VARCHAR" for k in range(self.n)}}).fetchall()
        filas = self.cur.execute(
            "SELECT line, any_value(csv_line) FROM rechazos_csv GROUP BY line ORDER BY line").fetchall()
        return [Problema(self.archivo, int(linea), None, texto[:120],
                         f"La línea tiene más columnas que el encabezado ({self.n}).",
                         "Un texto con el separador debe ir entre comillas; corrija la línea o vuelva a exportar.")
                for linea, texto in filas]

    def numerar(self, n: int, saltos) -> str:
        """Expresión SQL de la línea de cada registro de la tabla materializada (`t`, con `n` registros en orden).

        DuckDB omite las líneas en blanco y un registro ocupa al menos una línea: si hay tantas líneas como registros,
        cada registro es una línea y línea = saltar + posición + 1 (el caso común). Si no, se recorre el texto con el
        lector csv para saber en qué línea empieza cada registro (tabla `lineas`).
        `saltos()` cuenta los "\\n" del archivo original (ya contados en otro hilo)."""
        contenido, inicio = self.contenido, 0
        for _ in range(self.saltar):
            inicio = contenido.find(b"\n", inicio) + 1
        total = saltos() if contenido is self.datos else contenido.count(b"\n")
        lineas = total - self.saltar + (contenido[-1:] != b"\n")
        if lineas == n:
            return f"t.rowid + {int(self.saltar) + 1}"
        resto = contenido[inicio:].decode("utf-8")
        comienzos, lector, primera = [], csv.reader(io.StringIO(resto, newline=""), delimiter=self.sep), 1
        for registro in lector:
            if registro:
                comienzos.append(self.saltar + primera)
            primera = lector.line_num + 1
        if len(comienzos) != n:  # no debería pasar; mejor una numeración aproximada que ninguna
            comienzos = list(range(self.saltar + 1, self.saltar + 1 + n))
        self.cur.register("_lineas", pa.table({"pos": pa.array(np.arange(n, dtype=np.int64)),
                                               "fila": pa.array(comienzos, pa.int64())}))
        self.cur.execute("CREATE OR REPLACE TEMP TABLE lineas AS SELECT pos, fila FROM _lineas")
        self.cur.unregister("_lineas")
        return "(SELECT l.fila FROM lineas l WHERE l.pos = t.rowid)"

    def cerrar(self) -> None:
        self.temporal.unlink(missing_ok=True)


def tipo_de_error_csv(error: duckdb.Error) -> str | None:
    """Qué le pasó a read_csv, según el texto del error (DuckDB no tiene tipos de error por causa): «codificacion»,
    «paralelo» (un campo entre comillas con saltos de línea), «columnas_de_mas», «otro» (otro error del CSV) o None
    (no es del CSV). Es el único lugar que depende de esas frases: tests/test_importar.py::test_errores_de_duckdb
    provoca cada una con la versión instalada y falla aquí si una versión nueva las cambia."""
    mensaje = str(error)
    if "Invalid unicode" in mensaje:
        return "codificacion"
    if "parallel" in mensaje:
        return "paralelo"
    if "Expected Number of Columns" in mensaje:
        return "columnas_de_mas"
    return "otro" if "CSV Error" in mensaje else None


def _dejar(destino: Path, contenido: bytes, original: Path | None) -> None:
    """Un enlace duro al original si se puede (no copia 200 MB); si no, se escribe el contenido."""
    if original is not None:
        try:
            os.link(original, destino)
            return
        except OSError:
            pass
    archivos.escribir_privado(destino, contenido)  # sin lugar, no queda un temporal a medias llenando el disco


# --- Excel (.xlsx y .xls) ------------------------------------------------------------------------

def _leer_excel(cur, datos: bytes | mmap.mmap, archivo: str) -> Lectura:
    import fastexcel

    datos = bytes(datos)  # fastexcel y zipfile quieren bytes: una sola copia si vino mapeado
    xls = not es_xlsx(datos)
    try:
        libro = fastexcel.read_excel(datos)  # calamine reconoce .xlsx o .xls por el contenido
        hojas = list(libro.sheet_names)
    except Exception:  # fastexcel no tiene una jerarquía de errores estable entre versiones
        formato = ("un archivo de Office 97-2003 pero no un libro de Excel (.xls) legible" if xls else
                   "un archivo comprimido (zip) pero no un libro de Excel (.xlsx) legible")
        raise Rechazo([Problema(archivo, None, None, None, f"Es {formato}.",
                                "Ábralo en Excel y guárdelo de nuevo como .xlsx, o exporte a CSV.")]) from None
    # La hoja con más encabezados reconocidos (SQL Developer escribe «SQL Results» y «SQL Statement», con el texto
    # de la consulta). calamine lee la hoja entera aunque se pidan 50 filas: se carga una sola vez.
    mejor = None
    for hoja in hojas:
        try:
            tabla = libro.load_sheet(hoja, header_row=None, dtypes="string").to_arrow()
        except Exception:  # una hoja vacía o de gráfico no tiene tabla
            continue
        filas = [[None if v is None else str(v) for v in fila.values()]
                 for fila in tabla.slice(0, LINEAS_BUSCADAS).to_pylist()]
        i, mapeo, catalogo = _buscar_encabezado(filas)
        puntaje = (not catalogo.faltan(mapeo), len(mapeo))
        if mejor is None or puntaje > mejor[0]:
            mejor = (puntaje, hoja, i, mapeo, filas, tabla, catalogo)
    if mejor is None:
        raise Rechazo([Problema(archivo, None, None, None, "El libro no tiene hojas con datos.",
                                "Vuelva a descargar la exportación de Smartflex.")])
    _, hoja, i, mapeo, filas, tabla, catalogo = mejor
    primera, columna0 = _origen_xls(datos, hoja) if xls else _origen_xlsx(datos, hojas.index(hoja))
    encabezados = [e or "" for e in filas[i]] if i >= 0 else []
    todo = reconocer_todo(encabezados, catalogo)
    try:
        _exigir_tabla(archivo, "fila", i, filas, todo.mapeo, catalogo, desplazamiento=primera - 1)
    except Rechazo as r:  # cada problema dice en qué hoja se buscó
        otras = ", ".join(f"«{h}»" for h in hojas if h != hoja)
        raise Rechazo([replace(p, hoja=hoja, problema=p.problema + (
            f" Tampoco se encontró en las otras hojas ({otras})." if otras and p.fila is None else ""))
            for p in r.problemas]) from None

    tabla = tabla.slice(i + 1)
    columnas = {f"c{k}": tabla.column(k) if k < tabla.num_columns else pa.nulls(tabla.num_rows, pa.string())
                for k in range(len(encabezados))}
    # fila de Excel = primera fila con datos de la hoja + posición
    desde = primera + i + 1
    columnas = {"fila": pa.array(np.arange(desde, desde + tabla.num_rows, dtype=np.int64)), **columnas}
    omitidas = [h for h in hojas if h != hoja]
    detalle = ("Excel 97-2003 (.xls), " if xls else "") + f"hoja «{hoja}»" + (
        f" (omitidas: {', '.join(f'«{h}»' for h in omitidas)})" if omitidas else "")
    fuente = FuenteExcel(cur, pa.table(columnas), detalle)
    return Lectura(archivo, _familia(catalogo, encabezados, "Excel"), "", "fila", primera + i, encabezados, todo.mapeo,
                   fuente, hoja=hoja, hojas_omitidas=omitidas, aproximados=todo.aproximados, repetidas=todo.repetidas,
                   primera_columna=columna0, tipo=catalogo.tipo)


class FuenteExcel:
    """La hoja ya leída (Arrow, en memoria), con su número de fila de Excel."""

    def __init__(self, cur, tabla: pa.Table, detalle: str):
        self.cur, self.tabla, self.detalle = cur, tabla, detalle
        cur.register("_hoja", tabla)
        cur.execute("CREATE OR REPLACE TEMP VIEW crudo AS SELECT * FROM _hoja")

    def materializar(self, sql: str, params: dict) -> None:
        self.cur.execute(sql, params)

    def numerar(self, n: int, saltos) -> str:
        return "t.fila_origen"

    def cerrar(self) -> None:
        self.cur.unregister("_hoja")


def _origen_xls(datos: bytes, hoja: str) -> tuple[int, int]:
    """(primera fila con datos, columnas vacías a la izquierda) de una hoja .xls: calamine las omite, Excel no.
    Un .xls tiene a lo más 65.536 filas: leerlo otra vez con python-calamine es barato."""
    import python_calamine

    try:
        fila, columna = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(datos)).get_sheet_by_name(hoja).start
        return fila + 1, columna
    except Exception:  # sin el origen, se numera desde A1
        return 1, 0


def _origen_xlsx(datos: bytes, indice_hoja: int) -> tuple[int, int]:
    """(primera fila con datos, columnas vacías a la izquierda): calamine omite las filas y columnas vacías de arriba
    y de la izquierda, el usuario no."""
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
        celdas = re.findall(r"<c\b[^>]*?\br=\"([A-Z]+)(\d+)\"[^>]*?(?<!/)>\s*(?:<f[^>]*>[^<]*</f>\s*)?<(?:v|is)\b",
                            inicio)
        if not celdas:
            return 1, 0
        columna = min(_indice_columna(letras) for letras, _ in celdas)
        return int(celdas[0][1]), columna
    except (KeyError, IndexError, AttributeError, zipfile.BadZipFile):
        return 1, 0


def _indice_columna(letras: str) -> int:
    n = 0
    for letra in letras:
        n = n * 26 + ord(letra) - 64
    return n - 1


# --- común ---------------------------------------------------------------------------------------

def _exigir_tabla(archivo, unidad, i, filas, mapeo, catalogo: Catalogo, desplazamiento=0) -> None:
    if len(mapeo) < 2:
        vistas = [" | ".join(c or "" for c in f)[:100] for f in filas[:3] if any(f)]
        raise Rechazo([Problema(
            archivo, None, None, " / ".join(vistas) or None,
            f"No parece una tabla de órdenes ni de facturas: no se encontró una {unidad} de encabezados reconocible "
            f"en las primeras {LINEAS_BUSCADAS} {unidad}s.",
            "Importe la exportación de órdenes o de facturación de Smartflex (CSV o Excel) con su fila de "
            "encabezados.")])
    faltan = catalogo.faltan(mapeo)
    if faltan:
        campos = catalogo.campos
        encontrados = ", ".join(f"«{e}»" for e in filas[i] if e and e.strip())
        raise Rechazo([Problema(
            archivo, i + 1 + desplazamiento, campos[c][0], None,
            f"Falta la columna obligatoria «{campos[c][0]}» de una exportación {catalogo.nombre}. "
            f"Encabezados encontrados: {encontrados}.",
            f"Agregue la columna o renómbrela con un nombre reconocido (p. ej. «{campos[c][1][1]}»"
            + (" o CARGDOSO" if c in catalogo.uno_de else "") + ").")
            for c in faltan])
