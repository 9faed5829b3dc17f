"""Excel 2003 XML (SpreadsheetML, `<?mso-application progid="Excel.Sheet"?>`), lo que escriben muchos reportes web y
macros viejas con extensión .xls; calamine no lo lee. Se recorre en flujo (lxml iterparse, sin entidades externas):
cada hoja con sus celdas tipadas (DateTime en ISO, Number), los huecos de ss:Index (filas y columnas vacías que Excel
no escribe) y las celdas combinadas (ss:MergeAcross) de los títulos. La hoja se elige como en un .xlsx."""
from __future__ import annotations

import io

import pyarrow as pa
from lxml import etree

from datos.importar import limites
from datos.importar.modelo import Lectura
from datos.importar.tabla import Hoja, leer_hojas, tabla_de_textos

SS = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = "{" + SS + "}"


def leer_hoja2003(cur, datos, archivo: str) -> Lectura:
    hojas, nombres, filas, numeros, fila = [], [], [], [], 0
    for evento, elemento in etree.iterparse(io.BytesIO(bytes(datos)), events=("start", "end"),
                                            tag=(f"{_SS}Worksheet", f"{_SS}Row"), resolve_entities=False,
                                            no_network=True, huge_tree=True):
        if elemento.tag == f"{_SS}Worksheet":
            if evento == "start":
                filas, numeros, fila = [], [], 0
                continue
            nombre = elemento.get(f"{_SS}Name") or f"Hoja{len(nombres) + 1}"
            nombres.append(nombre)
            if filas:
                hojas.append(Hoja(nombre, tabla_de_textos(filas), pa.array(numeros, pa.int64())))
            elemento.clear()
            continue
        if evento == "start":
            continue
        fila = _indice(elemento, fila)
        if fila > limites.FILAS:  # se deja de leer: no se junta en memoria lo que se va a rechazar
            limites.exigir_filas(archivo, fila)
        filas.append(_celdas(elemento))
        numeros.append(fila)
        elemento.clear()
        while elemento.getprevious() is not None:  # lo ya leído no se queda en memoria
            del elemento.getparent()[0]
    return leer_hojas(cur, archivo, hojas, nombres, "Excel", "Excel 2003 XML")


def _indice(elemento, anterior: int) -> int:
    """ss:Index (desde 1) salta filas o columnas vacías; sin él, la siguiente a la anterior."""
    try:
        return int(elemento.get(f"{_SS}Index"))
    except (TypeError, ValueError):
        return anterior + 1


def _celdas(fila) -> list[str | None]:
    celdas: list[str | None] = []
    for celda in fila.iterchildren(f"{_SS}Cell"):
        columna = _indice(celda, len(celdas))
        celdas += [None] * min(columna - 1 - len(celdas), _COLUMNAS_EXCEL)
        celdas.append(_valor(celda.find(f"{_SS}Data")))
        try:  # una celda combinada ocupa las columnas de su derecha
            celdas += [None] * min(int(celda.get(f"{_SS}MergeAcross") or 0), _COLUMNAS_EXCEL)
        except ValueError:
            pass
        if len(celdas) > _COLUMNAS_EXCEL:  # un ss:Index enorme no arma una lista enorme
            break
    return celdas


_COLUMNAS_EXCEL = 16_384  # XFD; lo que pase de limites.COLUMNAS en el encabezado se rechaza después


def _valor(dato) -> str | None:
    if dato is None:
        return None
    texto = "".join(dato.itertext()).strip()  # ss:Data puede traer formato HTML adentro (html:Font…)
    if not texto:
        return None
    if dato.get(f"{_SS}Type") == "DateTime":
        return texto.replace("T", " ")  # 2026-07-23T16:24:00.000: ISO, que la importación ya lee
    return texto
