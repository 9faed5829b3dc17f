"""Un CSV (texto con separador): se busca la fila de encabezados en el comienzo ya decodificado y DuckDB lee el
resto, una sola vez, cuando la importación materializa la tabla normalizada (FuenteCsv.materializar). La vista
`crudo` lee el archivo directamente; su `fila` se numera después (FuenteCsv.numerar).
"""
from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
import re
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from datos import archivos
from datos.conexion import archivo_de_trabajo
from datos.importar import limites
from datos.importar.columnas import reconocer_todo
from datos.importar.modelo import Lectura, Problema, Rechazo
from datos.importar.tabla import LINEAS_BUSCADAS, buscar_encabezado, consecutivos, exigir_tabla, nombre_familia

SEPARADORES = {";": "«;»", ",": "«,»", "|": "«|»", "\t": "tabulador"}

CABEZA = 1 << 18  # lo que se decodifica en Python para buscar el encabezado; el resto lo lee DuckDB


def preparar_texto(datos: bytes | mmap.mmap, archivo: str) -> tuple[bytes, str, str]:
    """(contenido, comienzo ya decodificado, nombre de la codificación). El contenido va en UTF-8, salvo el de
    «Windows-1252», que va tal cual: FuenteCsv decide si DuckDB lo lee como Latin-1 o si hay que pasarlo a UTF-8.

    Un archivo que parece UTF-8 se entrega tal cual, sin decodificarlo entero: DuckDB valida el UTF-8 y, si no lo
    es, `FuenteCsv.materializar` vuelve a intentar como Windows-1252."""
    for bom, cod, nombre in ((codecs.BOM_UTF8, "utf-8", "UTF-8 con BOM"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
                             (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16")):
        if datos[:len(bom)] == bom:
            try:
                texto = datos[len(bom):].decode(cod)
                return texto.encode("utf-8"), texto[:CABEZA], nombre
            except UnicodeDecodeError:
                break
    cod = _utf16_sin_bom(datos[:4096])
    if cod:
        try:
            texto = bytes(datos).decode(cod)
            return texto.encode("utf-8"), texto[:CABEZA], "UTF-16 (sin BOM)"
        except UnicodeDecodeError:
            raise Rechazo([Problema(archivo, None, None, None,
                                    "Parece texto UTF-16 sin marca de orden de bytes (BOM), pero no se puede leer "
                                    "como UTF-16.", "Guárdelo de nuevo como CSV UTF-8 y vuelva a importarlo.")]) from None
    if b"\x00" in datos[:4096]:
        raise Rechazo([Problema(archivo, None, None, None, "No es un archivo de texto (CSV) ni un libro de Excel (.xlsx).",
                                "Exporte desde Smartflex en formato CSV o Excel.")])
    cabeza = datos[:CABEZA]
    if len(datos) > CABEZA:  # cortar en un fin de línea para no partir un carácter
        cabeza = cabeza[:cabeza.rfind(b"\n") + 1] or cabeza
    try:
        return datos, cabeza.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:  # el contenido se pasa a UTF-8 al leerlo (FuenteCsv), sin decodificarlo entero aquí
        return datos, _decodificar_1252(cabeza)[0], "Windows-1252"


def _utf16_sin_bom(cabeza: bytes) -> str | None:
    """«utf-16-le» o «utf-16-be» si el comienzo es texto de un byte con un cero al lado de cada letra (lo que escribe
    Windows como «Unicode» sin BOM); None si no."""
    cabeza = bytes(cabeza[:len(cabeza) // 2 * 2])
    if len(cabeza) < 8:
        return None
    pares, impares = cabeza[0::2], cabeza[1::2]
    for ceros, letras, cod in ((impares, pares, "utf-16-le"), (pares, impares, "utf-16-be")):
        if ceros.count(0) >= 0.9 * len(ceros) and letras.count(0) <= 0.1 * len(letras):
            return cod
    return None


# Las codificaciones de un byte por carácter, en el orden en que se prueban: Windows-1252 y, si trae bytes que cp1252
# no define (0x81, 0x8D…), Latin-1, que los acepta todos. Nombre que ve el usuario → codec de Python.
_UN_BYTE = {"Windows-1252": "cp1252", "Latin-1": "latin-1"}


def _decodificar_1252(datos) -> tuple[str, str]:
    """(texto, nombre de la codificación) de bytes Windows-1252, o Latin-1 si cp1252 no los define."""
    for nombre, codec in _UN_BYTE.items():
        try:
            return bytes(datos).decode(codec), nombre
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodifica cualquier byte")


def como_cp1252(datos: bytes | mmap.mmap) -> tuple[bytes, str, str]:
    texto, nombre = _decodificar_1252(datos)
    return texto.encode("utf-8"), texto[:CABEZA], nombre


_TROZO = 1 << 22


def _bytes_c1(datos) -> bool:
    """¿Tiene bytes 0x80–0x9F? Son los únicos en que Windows-1252 difiere de Latin-1 (€, «–», comillas curvas), y el
    Latin-1 de DuckDB los rechaza. numpy, por trozos: ~0,1 s cada 200 MB, sin copiar el archivo."""
    with memoryview(datos) as vista:
        for i in range(0, len(vista), _TROZO):
            trozo = np.frombuffer(vista[i:i + _TROZO], np.uint8)
            if np.count_nonzero((trozo & 0xE0) == 0x80):
                return True
    return False


def _recodificar(datos, destino: Path) -> str:
    """Escribe `datos` (Windows-1252, o Latin-1 si trae bytes que cp1252 no define) en UTF-8, por trozos: sin el
    texto entero en memoria (un str de 200 MB ocupa 400). Devuelve el nombre de la codificación."""
    for nombre, codec in _UN_BYTE.items():
        try:
            with archivos.abrir_privado(destino) as f, memoryview(datos) as vista:
                for i in range(0, len(vista), _TROZO):  # un byte es un carácter: un trozo no parte ninguno
                    f.write(codecs.decode(vista[i:i + _TROZO], codec).encode("utf-8"))
            return nombre
        except UnicodeDecodeError:
            continue
        except OSError:  # sin lugar: no queda un temporal a medias llenando el disco
            destino.unlink(missing_ok=True)
            raise
    raise AssertionError("latin-1 decodifica cualquier byte")


def leer_csv(cur, datos: bytes | mmap.mmap, archivo: str, ruta: Path | None, preparado) -> Lectura:
    """`preparado`: lo que devolvió preparar_texto (el contenido, su comienzo y la codificación)."""
    contenido, cabeza, codificacion = preparado
    lineas = cabeza.splitlines()[:LINEAS_BUSCADAS]
    candidatos = []
    for sep in SEPARADORES:
        filas = [next(csv.reader([linea], delimiter=sep), []) for linea in lineas]
        i, mapeo, catalogo = buscar_encabezado(filas)
        candidatos.append((not catalogo.faltan(mapeo), len(mapeo), -i, sep, i, mapeo, filas, catalogo))
    _, _, _, sep, i, mapeo, filas, catalogo = max(candidatos, key=lambda c: c[:3])
    encabezados = filas[i] if i >= 0 else []
    limites.exigir_columnas(archivo, len(encabezados), i + 1)
    todo = reconocer_todo(encabezados, catalogo)
    exigir_tabla(archivo, "línea", i, filas, todo.mapeo, catalogo)
    fuente = FuenteCsv(cur, archivo, datos, contenido, ruta, codificacion, sep, i + 1, len(encabezados))
    return Lectura(archivo, nombre_familia(catalogo, encabezados, "CSV"), "", "línea", i + 1, encabezados, todo.mapeo,
                   fuente, aproximados=todo.aproximados, repetidas=todo.repetidas, tipo=catalogo.tipo)


class FuenteCsv:
    """Un CSV dejado en la carpeta de la base, la única que DuckDB puede leer: el original (un enlace duro) si DuckDB
    lo lee tal cual —UTF-8, o Windows-1252 sin bytes 0x80–0x9F, que es Latin-1—; si no, pasado a UTF-8."""

    def __init__(self, cur, archivo, datos, contenido, original, codificacion, sep, saltar, n):
        self.cur, self.archivo, self.datos, self.original = cur, archivo, datos, original
        self.sep, self.saltar, self.n = sep, saltar, n
        self.paralelo = True
        self.temporal = archivo_de_trabajo(cur)
        self._dejar(contenido, codificacion)
        self._definir()

    def _dejar(self, contenido, codificacion: str) -> None:
        """El archivo que lee DuckDB y su codificación (`encoding` de read_csv). `contenido`: el texto en UTF-8, o los
        bytes originales si es Windows-1252 (se pasa a UTF-8 sólo si DuckDB no puede leerlo como Latin-1)."""
        self.codificacion, self.contenido, self.encoding = codificacion, contenido, "utf-8"
        if codificacion == "Windows-1252":
            if _bytes_c1(self.datos):
                self.codificacion = _recodificar(self.datos, self.temporal)
                return
            self.encoding = "latin-1"
        _dejar(self.temporal, contenido, self.original if contenido is self.datos else None)

    def _lineas(self) -> tuple[bytes | mmap.mmap, str]:
        """Los bytes con los saltos de línea del archivo (los del original, si se pasó a UTF-8: son los mismos) y su
        codificación en Python."""
        codec = _UN_BYTE.get(self.codificacion, "utf-8")
        return (self.datos, codec) if codec != "utf-8" else (self.contenido, codec)

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
            f"CREATE OR REPLACE TEMP VIEW crudo AS SELECT NULL::BIGINT AS fila, NULL::VARCHAR AS lugar, * FROM read_csv('{ruta}', "
            f"delim=E'{sep}', quote='\"', escape='\"', header=false, skip={int(self.saltar)}, columns={{{columnas}}}, "
            f"null_padding=true, auto_detect=false, max_line_size={limites.LINEA}, encoding='{self.encoding}', "
            f"parallel={str(self.paralelo).lower()})")

    def materializar(self, sql: str, params: dict) -> None:
        """Ejecuta la sentencia que recorre `crudo`; traduce los errores de lectura del CSV."""
        for _ in range(3):
            try:
                self.cur.execute(sql, params)
                return
            except duckdb.Error as e:
                mensaje, tipo = str(e), tipo_de_error_csv(e)
                if tipo == "codificacion" and self.codificacion == "UTF-8":
                    self.temporal.unlink(missing_ok=True)
                    self._dejar(self.datos, "Windows-1252")
                elif tipo == "paralelo" and self.paralelo:  # campos entre comillas con saltos de línea
                    self.paralelo = False
                elif tipo == "columnas_de_mas":
                    raise Rechazo(self._lineas_de_mas()) from None
                elif tipo == "linea_larga":
                    linea = re.search(r"CSV Error on Line: (\d+)", mensaje)
                    raise Rechazo([limites.linea_larga(self.archivo, int(linea[1]) if linea else None)]) from None
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
            "rejects_table='rechazos_csv', max_line_size=$largo, encoding=$codificacion)",
            {"ruta": str(self.temporal), "sep": self.sep, "saltar": self.saltar, "largo": limites.LINEA,
             "codificacion": self.encoding,
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
        (contenido, codec), inicio = self._lineas(), 0
        for _ in range(self.saltar):
            inicio = contenido.find(b"\n", inicio) + 1
        total = saltos() if contenido is self.datos else contenido.count(b"\n")
        lineas = total - self.saltar + (contenido[-1:] != b"\n")
        if lineas == n:
            return f"t.rowid + {int(self.saltar) + 1}"
        resto = contenido[inicio:].decode(codec)
        comienzos, lector, primera = [], csv.reader(io.StringIO(resto, newline=""), delimiter=self.sep), 1
        try:
            for registro in lector:
                if registro:
                    comienzos.append(self.saltar + primera)
                primera = lector.line_num + 1
        except csv.Error:  # un campo de más de limites.LINEA: DuckDB ya lo habría rechazado; por si acaso
            raise Rechazo([limites.linea_larga(self.archivo, self.saltar + primera)]) from None
        if len(comienzos) != n:  # no debería pasar; mejor una numeración aproximada que ninguna
            comienzos = list(range(self.saltar + 1, self.saltar + 1 + n))
        self.cur.register("_lineas", pa.table({"pos": consecutivos(0, n),
                                               "fila": pa.array(comienzos, pa.int64())}))
        self.cur.execute("CREATE OR REPLACE TEMP TABLE lineas AS SELECT pos, fila FROM _lineas")
        self.cur.unregister("_lineas")
        return "(SELECT l.fila FROM lineas l WHERE l.pos = t.rowid)"

    def lugar(self, fila: int | None) -> None:
        return None  # una línea se nombra por su número

    def cerrar(self) -> None:
        self.temporal.unlink(missing_ok=True)


def tipo_de_error_csv(error: duckdb.Error) -> str | None:
    """Qué le pasó a read_csv, según el texto del error (DuckDB no tiene tipos de error por causa): «codificacion»,
    «paralelo» (un campo entre comillas con saltos de línea), «columnas_de_mas», «linea_larga» (más de
    limites.LINEA), «otro» (otro error del CSV) o None
    (no es del CSV). Es el único lugar que depende de esas frases: tests/test_importar.py::test_errores_de_duckdb
    provoca cada una con la versión instalada y falla aquí si una versión nueva las cambia."""
    mensaje = str(error)
    if "Invalid unicode" in mensaje:
        return "codificacion"
    if "parallel" in mensaje:
        return "paralelo"
    if "Expected Number of Columns" in mensaje:
        return "columnas_de_mas"
    if "Maximum line size" in mensaje:
        return "linea_larga"
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
