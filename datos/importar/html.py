"""Una página HTML con tablas: SQL*Plus `SET MARKUP HTML ON` llevado a un archivo (aunque se llame .xls o .csv) y el
botón «Exportar a Excel» de los reportes web. Se lee en flujo con el analizador HTML de lxml (libxml2), fila por
fila. SQL*Plus abre una tabla nueva, con su encabezado, en cada página: los encabezados repetidos se descartan y cada
fila se nombra como se ve en el navegador: «tabla 2, fila 14».
"""
from __future__ import annotations

import codecs
import io

import pyarrow as pa
from lxml import etree

from datos.importar import limites
from datos.importar.modelo import Lectura, Problema, Rechazo
from datos.importar.tabla import LINEAS_BUSCADAS, Hoja, buscar_encabezado, leer_hojas, tabla_de_textos

_SEGURO = {"no_network": True, "resolve_entities": False}


def codificacion_html(datos) -> str:
    """La codificación que declara la página (`<meta charset>` o `http-equiv`), o la de su BOM; si no declara
    ninguna, UTF-8 si el contenido lo es y si no Windows-1252 (lo que escribe SQL*Plus en Windows)."""
    for bom, nombre in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                        (codecs.BOM_UTF16_BE, "utf-16-be")):
        if datos[:len(bom)] == bom:
            return nombre
    cabeza = etree.fromstring(bytes(datos[:1 << 14]), etree.HTMLParser(encoding="iso-8859-1", no_network=True))
    if cabeza is not None:
        for meta in cabeza.iter("meta"):
            declarada = meta.get("charset") or (meta.get("content") or "").lower().partition("charset=")[2]
            declarada = declarada.strip().strip("'\";").lower()
            if declarada:
                try:
                    return codecs.lookup(declarada).name
                except LookupError:
                    break
    try:
        codecs.decode(bytes(datos), "utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def _texto(celda) -> str | None:
    for br in celda.iter("br"):  # un salto de línea dentro de la celda se ve como espacio
        br.tail = " " + (br.tail or "")
    texto = " ".join("".join(celda.itertext()).replace("\xa0", " ").split())
    return texto or None  # &nbsp; o vacía: NULL


# Los nombres de Python (codecs) y los de libxml2 no siempre coinciden.
_LIBXML = {"cp1252": "windows-1252", "latin_1": "iso-8859-1", "iso8859-1": "iso-8859-1", "utf-16-le": "utf-16le",
           "utf-16-be": "utf-16be"}
_NOMBRE = {"cp1252": "Windows-1252", "utf-8": "UTF-8", "latin_1": "Latin-1", "iso8859-1": "Latin-1"}


def leer_html(cur, datos, archivo: str) -> Lectura:
    codificacion = codificacion_html(datos)
    filas, lugares, tablas, pilas = [], [], 0, []
    for evento, elemento in etree.iterparse(io.BytesIO(bytes(datos)), events=("start", "end"), tag=("table", "tr"),
                                            html=True, encoding=_LIBXML.get(codificacion, codificacion),
                                            **_SEGURO):
        if elemento.tag == "table":
            if evento == "start":
                tablas += 1
                pilas.append([tablas, 0])
            elif pilas:
                pilas.pop()
            continue
        if evento == "start" or not pilas:
            continue
        pilas[-1][1] += 1
        celdas = []
        for celda in elemento:
            if celda.tag in ("td", "th"):
                celdas.append(_texto(celda))
                celdas += [None] * (_entero(celda.get("colspan")) - 1)
        filas.append(celdas)
        lugares.append(f"tabla {pilas[-1][0]}, fila {pilas[-1][1]}")
        elemento.clear()  # la página puede tener cientos de miles de filas: no se guarda el árbol
        if len(filas) > limites.FILAS:  # se deja de leer: no se junta en memoria lo que se va a rechazar
            limites.exigir_filas(archivo, len(filas))
    if not filas:
        raise Rechazo([Problema(archivo, None, None, None,
                                "Es una página web sin tabla: no trae filas que leer.", _QUE_HACER)])
    i, _, _ = buscar_encabezado(filas[:LINEAS_BUSCADAS])
    if i >= 0:  # el encabezado que se repite en cada página (cada tabla de SQL*Plus) no es una fila de datos
        encabezado = filas[i]
        resto = [k for k in range(i + 1, len(filas)) if filas[k] != encabezado]
        filas, lugares = filas[:i + 1] + [filas[k] for k in resto], lugares[:i + 1] + [lugares[k] for k in resto]
    numeros = pa.array(range(1, len(filas) + 1), pa.int64())
    detalle = f"página HTML, {_NOMBRE.get(codificacion, codificacion)}, {tablas} tabla{'s' if tablas != 1 else ''}"
    return leer_hojas(cur, archivo, [Hoja(None, tabla_de_textos(filas), numeros, lugares)], [], "HTML", detalle)


def _entero(texto: str | None) -> int:
    try:
        return max(1, min(int(texto or 1), 1000))
    except ValueError:
        return 1


_QUE_HACER = ("Exporte la consulta con SET MARKUP HTML ON (una tabla) o guarde el reporte como Excel o CSV.")
