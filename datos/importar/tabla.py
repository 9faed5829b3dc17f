"""Lo común a todo formato: buscar la fila de encabezados y su familia, exigir los obligatorios y, para lo que se
lee entero en memoria (libros, HTML, spool), elegir la hoja y ofrecer sus filas en la vista `crudo`.

`crudo` tiene c0..cN (VARCHAR), sin la fila de encabezados ni los títulos de arriba, y `fila` (la fila o línea que
ve el usuario). Nada aquí sabe qué significa cada columna: eso lo decide columnas.reconocer.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable

import numpy as np
import pyarrow as pa

from datos.importar import limites
from datos.importar.columnas import CATALOGOS, FACTURAS, Catalogo, es_osf, reconocer, reconocer_todo
from datos.importar.modelo import Lectura, Problema, Rechazo

LINEAS_BUSCADAS = 50


def buscar_encabezado(filas: list[list[str]]) -> tuple[int, dict[str, int], Catalogo]:
    """La fila de encabezados y su familia (órdenes o facturas): la que tiene todos los obligatorios de una familia y,
    entre ellas, más encabezados reconocidos (ante empate, la primera fila; y órdenes antes que facturas). Los
    obligatorios deciden: una exportación de órdenes no trae N° de factura ni importe; una de facturas, ni OT ni
    actividad, aunque las dos compartan «Solicitud» y «CI/NIT»."""
    mejor, mapeo, familia, puntaje = -1, {}, CATALOGOS[0], (False, 0)
    for i, celdas in enumerate(filas):
        celdas = celdas[:limites.COLUMNAS + 1]  # más es un rechazo (limites.exigir_columnas): no se mira cada una
        for catalogo in CATALOGOS:
            m = reconocer(celdas, catalogo)
            candidato = (not catalogo.faltan(m), len(m))
            if candidato > puntaje:
                mejor, mapeo, familia, puntaje = i, m, catalogo, candidato
    return mejor, mapeo, familia


def nombre_familia(catalogo: Catalogo, encabezados, formato: str) -> str:
    """El nombre de la familia que se ve en la revisión: «Consulta OSF (CSV)», «Facturas CxC (Excel)»…"""
    osf = es_osf(encabezados, catalogo)
    if catalogo is FACTURAS:
        return f"Facturas CxC{' OSF' if osf else ''} ({formato})"
    return f"Consulta OSF ({formato})" if osf else f"Reporte {formato}"


def exigir_tabla(archivo, unidad, i, filas, mapeo, catalogo: Catalogo, desplazamiento=0) -> None:
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


@dataclass
class Hoja:
    """Una tabla leída entera: una columna de texto por columna del archivo, todas sus filas (títulos incluidos)."""
    nombre: str | None                  # None: el formato no tiene hojas
    tabla: pa.Table
    filas: pa.Array | None = None       # la fila o línea de cada registro; None: consecutivas desde la 1 (o `origen`)
    lugares: list[str] | None = None    # cómo se nombra cada registro si no es «fila N» («tabla 2, fila 14»)


def consecutivos(desde: int, n: int) -> pa.Array:
    """desde, desde + 1, … (n enteros) como arreglo Arrow. Desde el búfer de numpy: pa.array(ndarray) carga pandas
    para ver si es una serie (0,85 s sin .pyc, casi un tercio de importar un .xlsx de 200 k filas)."""
    return pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(np.arange(desde, desde + n, dtype=np.int64))])


def tabla_de_textos(filas: list[list[str | None]]) -> pa.Table:
    """Filas de texto (de largo desigual) como tabla Arrow c0..cN."""
    ancho = max((len(f) for f in filas), default=0)
    return pa.table({f"c{k}": pa.array([f[k] if k < len(f) else None for f in filas], pa.string())
                     for k in range(ancho)})


def leer_hojas(cur, archivo: str, hojas: Iterable[Hoja], nombres: list[str], formato: str, detalle: str, *,
               unidad: str = "fila", origen: Callable[[str], tuple[int, int]] | None = None) -> Lectura:
    """La hoja con más encabezados reconocidos (SQL Developer escribe «SQL Results» y «SQL Statement», con el texto
    de la consulta), como Lectura. `nombres`: todas las hojas del libro (también las que no se pudieron leer);
    `origen(hoja)`: (fila de la primera fila de la tabla, columnas vacías a la izquierda), si no es (1, 0)."""
    mejor = None
    for hoja in hojas:
        filas = [[None if v is None else str(v) for v in fila.values()]
                 for fila in hoja.tabla.slice(0, LINEAS_BUSCADAS).to_pylist()]
        i, mapeo, catalogo = buscar_encabezado(filas)
        puntaje = (not catalogo.faltan(mapeo), len(mapeo))
        if mejor is None or puntaje > mejor[0]:
            mejor = (puntaje, hoja, i, filas, catalogo)
    if mejor is None:
        raise Rechazo([Problema(archivo, None, None, None, "El libro no tiene hojas con datos.",
                                "Vuelva a descargar la exportación de Smartflex.")])
    _, hoja, i, filas, catalogo = mejor
    primera, columna0 = origen(hoja.nombre) if origen else (1, 0)
    numeros = hoja.filas if hoja.filas is not None else consecutivos(primera, hoja.tabla.num_rows)
    encabezados = [e or "" for e in filas[i]] if i >= 0 else []
    limites.exigir_columnas(archivo, len(encabezados), numeros[i].as_py() if i >= 0 else None, hoja.nombre,
                            hoja.lugares[i] if hoja.lugares and i >= 0 else None)
    todo = reconocer_todo(encabezados, catalogo)
    try:
        exigir_tabla(archivo, unidad, i, filas, todo.mapeo, catalogo,
                     desplazamiento=numeros[i].as_py() - i - 1 if i >= 0 else 0)
    except Rechazo as r:  # cada problema dice en qué hoja se buscó
        otras = ", ".join(f"«{h}»" for h in nombres if h != hoja.nombre)
        lugar = hoja.lugares[i] if hoja.lugares and i >= 0 else None
        raise Rechazo([replace(p, hoja=hoja.nombre, lugar=lugar if p.fila else None, problema=p.problema + (
            f" Tampoco se encontró en las otras hojas ({otras})." if otras and p.fila is None else ""))
            for p in r.problemas]) from None
    tabla = hoja.tabla.slice(i + 1)
    columnas = {f"c{k}": tabla.column(k) if k < tabla.num_columns else pa.nulls(tabla.num_rows, pa.string())
                for k in range(len(encabezados))}
    omitidas = [h for h in nombres if h != hoja.nombre]
    if hoja.nombre is not None:
        detalle = (f"{detalle}, " if detalle else "") + f"hoja «{hoja.nombre}»" + (
            f" (omitidas: {', '.join(f'«{h}»' for h in omitidas)})" if omitidas else "")
    lugares = pa.array(hoja.lugares[i + 1:], pa.string()) if hoja.lugares else pa.nulls(tabla.num_rows, pa.string())
    fuente = FuenteTabla(cur, pa.table({"fila": numeros.slice(i + 1), "lugar": lugares, **columnas}), detalle)
    return Lectura(archivo, nombre_familia(catalogo, encabezados, formato), "", unidad,
                   numeros[i].as_py() if i >= 0 else primera, encabezados, todo.mapeo, fuente, hoja=hoja.nombre,
                   hojas_omitidas=omitidas, aproximados=todo.aproximados, repetidas=todo.repetidas,
                   primera_columna=columna0, tipo=catalogo.tipo)


class FuenteTabla:
    """La tabla ya leída (Arrow, en memoria), con la fila o línea de cada registro."""

    def __init__(self, cur, tabla: pa.Table, detalle: str):
        self.cur, self.tabla, self.detalle = cur, tabla, detalle
        cur.register("_hoja", tabla)
        cur.execute("CREATE OR REPLACE TEMP VIEW crudo AS SELECT * FROM _hoja")

    def materializar(self, sql: str, params: dict) -> None:
        self.cur.execute(sql, params)

    def numerar(self, n: int, saltos) -> str:
        return "t.fila_origen"

    def lugar(self, fila: int | None) -> str | None:
        """«tabla 2, fila 14» si el formato nombra así sus filas; None si basta el número."""
        if fila is None or self.tabla.column("lugar").null_count == self.tabla.num_rows:
            return None
        if not hasattr(self, "_lugares"):
            self._lugares = dict(zip(self.tabla.column("fila").to_pylist(), self.tabla.column("lugar").to_pylist()))
        return self._lugares.get(fila)

    def cerrar(self) -> None:
        self.cur.unregister("_hoja")
