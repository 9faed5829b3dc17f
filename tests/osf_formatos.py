"""Más formas en que los usuarios guardan una consulta OSF (DISENO §3.1, issue 22), con sus mañas, para las pruebas:

- `sqlplus_html`: SQL*Plus `SET MARKUP HTML ON` llevado a un archivo (.xls o .csv): WINDOWS-1252 en el <meta>, una
  <table> con su encabezado <th> en cada página, `&nbsp;` para NULL, entidades, «N filas seleccionadas.» al final;
- `web_html`: el «Exportar a Excel» de un reporte web: UTF-8, una tabla de título arriba, celdas con colspan;
- `hoja2003`: Excel 2003 XML (SpreadsheetML): una hoja con la consulta y otra con título combinado, una fila vacía
  que no se escribe (ss:Index), celdas tipadas (Number, DateTime) y celdas vacías saltadas con ss:Index;
- `spool`: el spool de SQL*Plus sin HTML: «Sesión modificada.», encabezado y guiones repetidos en cada página,
  números a la derecha, fechas DD/MM/RR, «N filas seleccionadas.»; con `linea` corta, cada fila sigue abajo;
- `xlsb`: Excel binario (.xlsb), escrito registro a registro (MS-XLSB), con un título arriba y fechas reales;
- `separadores_csv`: `id || '-  ' || initcap(desc)`, `id||'-'||desc` e `id ||' : '|| desc` en cada columna codificada;
- `varias_actividades_csv`: una OT una vez por actividad (OR_ORDER unida a OR_ORDER_ACTIVITY).
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import struct
import zipfile

from tests.osf_archivos import (ACTIVIDADES, ACTIVIDADES_POSTE, CONSULTA, SQL_DEVELOPER, SQL_XLSX, Orden, _csv,
                                _estado, _nulo, codificado, fecha_rr)


def fila_osf(o: Orden, actividad: int | None = None) -> list[str]:
    """Las columnas de SQL_DEVELOPER, como las escribe SQL*Plus con NLS español (fechas DD/MM/RR HH24:MI:SS)."""
    act = o.actividad if actividad is None else actividad
    return [str(o.ot), _nulo(o.solicitud), codificado(act, ACTIVIDADES.get(act, f"ACTIVIDAD {act}")),
            codificado(o.tipo_trabajo, o.tipo_trabajo_desc), _estado(o), fecha_rr(o.creada),
            fecha_rr(o.legalizada), codificado(o.causal, o.causal_desc), _nulo(o.causal_clase),
            codificado(o.unidad, o.unidad_nombre), _nulo(o.suscriptor), o.comentario]


# --- HTML ----------------------------------------------------------------------------------------

SQLPLUS_POR_PAGINA = 14  # PAGESIZE: filas de datos por tabla


def _celda_html(v: str, derecha: bool = False) -> str:
    alinear = ' align="right"' if derecha else ""
    return f"<td{alinear}>\n{html.escape(v.strip()) if v.strip() else '&nbsp;'}\n</td>"


def sqlplus_html(lista: list[Orden]) -> bytes:
    """`SET MARKUP HTML ON SPOOL ON` + `SPOOL x.xls`: cada página, una tabla nueva con su encabezado."""
    partes = ['<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=WINDOWS-1252">\n'
              '<meta name="generator" content="SQL*Plus 19.0.0">\n<style type=\'text/css\'> body {font:10pt Arial} '
              '</style>\n<title>SQL*Plus Report</title>\n</head>\n<body>\n<p>\nSesi&oacute;n modificada.\n<br>\n']
    for inicio in range(0, len(lista), SQLPLUS_POR_PAGINA):
        partes.append("<p>\n<table border='1' width='90%' align='center' summary='Script output'>\n<tr>\n"
                      + "\n".join(f'<th scope="col">\n{c}\n</th>' for c in SQL_DEVELOPER) + "\n</tr>\n")
        for o in lista[inicio:inicio + SQLPLUS_POR_PAGINA]:
            valores = fila_osf(o)
            partes.append("<tr>\n" + "\n".join(_celda_html(v, k in (0, 1, 8, 10)) for k, v in enumerate(valores))
                          + "\n</tr>\n")
        partes.append("</table>\n")
    partes.append(f"<p>\n\n{len(lista)} filas seleccionadas.<br>\n</body>\n</html>\n")
    return "".join(partes).encode("cp1252")


def lugar_sqlplus(indice: int) -> str:
    """Dónde está la orden `indice` de la lista en `sqlplus_html`, como se ve en el navegador."""
    return f"tabla {indice // SQLPLUS_POR_PAGINA + 1}, fila {indice % SQLPLUS_POR_PAGINA + 2}"


WEB = ["Nro. Orden", "Solicitud", "Actividad", "Estado", "Fecha Registro", "Fecha Atención", "Causal", "Clase Causal",
       "Unidad Operativa", "Tipo de trabajo", "Cliente", "Observaciones"]


def web_html(lista: list[Orden]) -> bytes:
    """«Exportar a Excel» de un reporte web: UTF-8, tabla de título (colspan), fechas dd/mm/aaaa hh:mm."""
    fecha = (lambda d: "" if d is None else d.strftime("%d/%m/%Y %H:%M:%S"))
    filas = "".join(
        "<tr>" + "".join(_celda_html(v) for v in [
            str(o.ot), _nulo(o.solicitud), codificado(o.actividad, o.actividad_desc), _estado(o), fecha(o.creada),
            fecha(o.legalizada), codificado(o.causal, o.causal_desc), _nulo(o.causal_clase),
            codificado(o.unidad, o.unidad_nombre), codificado(o.tipo_trabajo, o.tipo_trabajo_desc), o.cliente,
            o.comentario]) + "</tr>\n" for o in lista)
    return ('<!DOCTYPE html>\n<html xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head><meta charset="utf-8">'
            '<title>Reporte de OTs</title></head>\n<body>\n<table><tr><td colspan="12"><b>COMTECO R.L. &ndash; '
            'Reporte de órdenes</b></td></tr><tr><td colspan="12">Generado: 30/11/2026 18:00</td></tr></table>\n'
            '<table border="1">\n<thead><tr>' + "".join(f"<th>{html.escape(c)}</th>" for c in WEB)
            + "</tr></thead>\n<tbody>\n" + filas + "</tbody></table>\n</body></html>\n").encode("utf-8")


# --- Excel 2003 XML ------------------------------------------------------------------------------

HOJA2003 = "Órdenes"
HOJA2003_PRIMERA_FILA = 5  # título (1), subtítulo combinado (2), una fila vacía que no se escribe (3), encabezado (4)


def _dato(v) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, dt.datetime):
        return f'<Data ss:Type="DateTime">{v:%Y-%m-%dT%H:%M:%S}.000</Data>'
    if isinstance(v, int):
        return f'<Data ss:Type="Number">{v}</Data>'
    return f'<Data ss:Type="String">{html.escape(v)}</Data>'


def _fila2003(valores: list, indice: int | None = None) -> str:
    celdas, saltar = [], False
    for k, v in enumerate(valores):
        dato = _dato(v)
        if not dato:
            saltar = True  # Excel no escribe la celda vacía: la siguiente lleva ss:Index
            continue
        celdas.append(f'<Cell{f" ss:Index={chr(34)}{k + 1}{chr(34)}" if saltar else ""}>{dato}</Cell>')
        saltar = False
    return f'<Row{f" ss:Index={chr(34)}{indice}{chr(34)}" if indice else ""}>' + "".join(celdas) + "</Row>\n"


def hoja2003(lista: list[Orden]) -> bytes:
    columnas = ["ORDER_ID", "PACKAGE_ID", "ACTIVITY_ID", "TASK_TYPE_ID", "ORDER_STATUS_ID", "CREATED_DATE",
                "LEGALIZATION_DATE", "CAUSAL_ID", "CLASE_CAUSAL", "OPERATING_UNIT_ID", "SUBSCRIBER_ID", "COMMENT_"]
    filas = "".join(_fila2003([
        o.ot, o.solicitud, codificado(o.actividad, o.actividad_desc), codificado(o.tipo_trabajo, o.tipo_trabajo_desc),
        _estado(o), o.creada, o.legalizada, codificado(o.causal, o.causal_desc), o.causal_clase,
        codificado(o.unidad, o.unidad_nombre), o.suscriptor, o.comentario]) for o in lista)
    consulta = "".join(_fila2003([linea]) for linea in CONSULTA)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:html="http://www.w3.org/TR/REC-html40">\n'
            '<Worksheet ss:Name="Consulta"><Table>\n' + consulta + '</Table></Worksheet>\n'
            f'<Worksheet ss:Name="{HOJA2003}"><Table>\n'
            '<Row><Cell ss:MergeAcross="5"><Data ss:Type="String">COMTECO R.L.</Data></Cell></Row>\n'
            '<Row><Cell ss:MergeAcross="5"><Data ss:Type="String"><html:B>Órdenes de </html:B>movimiento de poste'
            '</Data></Cell></Row>\n'
            + _fila2003(columnas, indice=HOJA2003_PRIMERA_FILA - 1) + filas
            + '</Table></Worksheet>\n</Workbook>\n').encode("utf-8")


# --- spool de SQL*Plus ---------------------------------------------------------------------------

SPOOL = ["ORDER_ID", "PACKAGE_ID", "ACTIVITY_ID", "ORDER_STATUS_ID", "CREATED_DATE", "LEGALIZATION_DATE",
         "CAUSAL_ID", "CLASE_CAUSAL", "OPERATING_UNIT_ID", "COMMENT_"]
SPOOL_NUMEROS = {0, 1, 7}
SPOOL_POR_PAGINA = 12
RECETA = "SET LINESIZE 32767 TRIMSPOOL ON"


def spool(lista: list[Orden], linea: int = 32767) -> bytes:
    """`SPOOL x.lst` de un SELECT con SET PAGESIZE chico: fechas DD/MM/RR (NLS_DATE_FORMAT), «N filas
    seleccionadas.» (cada columna tan ancha como su encabezado o su valor más largo). Con `linea` (LINESIZE) más corta que una fila, SQL*Plus sigue la fila en la línea siguiente."""
    valores = [[str(o.ot), _nulo(o.solicitud), codificado(o.actividad, o.actividad_desc), _estado(o),
                fecha_rr(o.creada, hora=False), fecha_rr(o.legalizada, hora=False),
                codificado(o.causal, o.causal_desc), _nulo(o.causal_clase), codificado(o.unidad, o.unidad_nombre),
                o.comentario] for o in lista]
    anchos = [max(len(SPOOL[k]), *(len(v[k]) for v in valores)) for k in range(len(SPOOL))]

    def renglones(celdas: list[str]) -> list[str]:
        """Las celdas de una fila en renglones de a lo más `linea` caracteres (SQL*Plus no parte una columna)."""
        salida, actual = [], ""
        for k, c in enumerate(celdas):
            texto = c.rjust(anchos[k]) if k in SPOOL_NUMEROS else c.ljust(anchos[k])
            if actual and len(actual) + 1 + len(texto) > linea:
                salida.append(actual.rstrip())
                actual = texto
            else:
                actual = f"{actual} {texto}" if actual else texto
        return salida + [actual.rstrip()]

    encabezado = list(zip(renglones(SPOOL), renglones(["-" * a for a in anchos])))
    lineas = ["", "Sesión modificada.", "", "", "Sesión modificada.", ""]
    for inicio in range(0, len(valores), SPOOL_POR_PAGINA):
        lineas.append("")
        for titulo, guiones in encabezado:
            lineas += [titulo, guiones]
        for fila in valores[inicio:inicio + SPOOL_POR_PAGINA]:
            lineas += renglones(fila)
    lineas += ["", f"{len(lista)} filas seleccionadas.", "", ""]
    return "\r\n".join(lineas).encode("cp1252")


# --- Excel binario (.xlsb) -----------------------------------------------------------------------

XLSB_HOJA = "SQL Results"
XLSB_PRIMERA_FILA = 4  # título en la fila 1, la 2 vacía, encabezado en la 3


def _registro(tipo: int, datos: bytes = b"") -> bytes:
    """Un registro de MS-XLSB: tipo (1 o 2 bytes de 7 bits) y largo (de a 7 bits) antes de los datos."""
    cabeza = bytes([tipo]) if tipo < 0x80 else bytes([(tipo & 0x7F) | 0x80, tipo >> 7])
    n, largo = len(datos), b""
    while True:
        n, b = n >> 7, n & 0x7F
        largo += bytes([b | (0x80 if n else 0)])
        if not n:
            return cabeza + largo + datos


def _ancho(texto: str) -> bytes:  # XLWideString
    return struct.pack("<I", len(texto)) + texto.encode("utf-16-le")


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'


def _libro_xlsb(hojas: list[tuple[str, list[tuple[int, list]]]]) -> bytes:
    """hojas: (nombre, [(fila desde 0, valores)]). Fechas con el formato 22 (m/d/yy h:mm) del estilo 1."""
    excel0 = dt.datetime(1899, 12, 30)
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        def parte(nombre: str, datos) -> None:  # todas con la misma fecha: los mismos bytes cada vez
            z.writestr(zipfile.ZipInfo(nombre, date_time=(2026, 11, 30, 18, 0, 0)), datos, zipfile.ZIP_DEFLATED)
        parte("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/'
                   'vnd.ms-excel.sheet.binary.macroEnabled.main"/><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/></Types>')
        parte("_rels/.rels", _RELS + f'<Relationship Id="rId1" Type="{_REL}/officeDocument" '
                   'Target="xl/workbook.bin"/></Relationships>')
        parte("xl/_rels/workbook.bin.rels", _RELS + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.bin"/>'
            for i in range(1, len(hojas) + 1)) + "</Relationships>")
        libro = _registro(0x83) + _registro(0x8F) + b"".join(
            _registro(0x9C, struct.pack("<II", 0, i) + _ancho(f"rId{i}") + _ancho(nombre))
            for i, (nombre, _) in enumerate(hojas, start=1))
        parte("xl/workbook.bin", libro + _registro(0x90) + _registro(0x9D, bytes(26)) + _registro(0x84))
        xf = [_registro(0x2F, struct.pack("<HH", 0xFFFF, formato) + bytes(12)) for formato in (0, 22)]
        parte("xl/styles.bin", _registro(0x296) + _registro(0x267, struct.pack("<I", 0)) + _registro(0x268)
                   + _registro(0x269, struct.pack("<I", 2)) + b"".join(xf) + _registro(0x26A) + _registro(0x297))
        for i, (_, filas) in enumerate(hojas, start=1):
            ancho = max(len(v) for _, v in filas)
            hoja = _registro(0x81) + _registro(0x94, struct.pack("<IIII", filas[0][0], filas[-1][0], 0, ancho - 1))
            hoja += _registro(0x91)
            for fila, valores in filas:
                hoja += _registro(0x00, struct.pack("<I", fila) + bytes(13))
                for col, v in enumerate(valores):
                    if isinstance(v, dt.datetime):
                        hoja += _registro(0x05, struct.pack("<IId", col, 1, (v - excel0) / dt.timedelta(days=1)))
                    elif isinstance(v, int):
                        hoja += _registro(0x05, struct.pack("<IId", col, 0, float(v)))
                    elif v:
                        hoja += _registro(0x06, struct.pack("<II", col, 0) + _ancho(v))
            parte(f"xl/worksheets/sheet{i}.bin", hoja + _registro(0x92) + _registro(0x82))
    return salida.getvalue()


def xlsb(lista: list[Orden]) -> bytes:
    filas = [(0, ["Consulta OSF de movimiento de poste"]), (XLSB_PRIMERA_FILA - 2, SQL_XLSX)] + [
        (XLSB_PRIMERA_FILA - 1 + k, [
            o.ot, o.solicitud, codificado(o.actividad, o.actividad_desc), codificado(o.tipo_trabajo, o.tipo_trabajo_desc),
            _estado(o), o.creada, o.limite, o.legalizada, codificado(o.causal, o.causal_desc), o.causal_clase,
            codificado(o.unidad, o.unidad_nombre), o.suscriptor, o.comentario]) for k, o in enumerate(lista)]
    return _libro_xlsb([(XLSB_HOJA, filas), ("SQL Statement", [(k, [linea]) for k, linea in enumerate(CONSULTA)])])


# --- separadores y varias actividades ------------------------------------------------------------

SEPARADORES = [("-  ", True), ("-", False), (" : ", False)]  # id || '-  ' || initcap(desc), id||'-'||desc, …


def separadores_csv(lista: list[Orden]) -> bytes:
    """Como sql_developer_csv, pero cada columna codificada con otro separador en cada fila (los tres aparecen en
    cada columna)."""
    def cod(k: int, codigo, desc) -> str:
        sep, capitalizar = SEPARADORES[k % len(SEPARADORES)]
        return "" if codigo is None and not desc else codificado(codigo, desc, sep, capitalizar)
    filas = [SQL_DEVELOPER] + [[
        str(o.ot), _nulo(o.solicitud), cod(i, o.actividad, o.actividad_desc),
        cod(i + 1, o.tipo_trabajo, o.tipo_trabajo_desc),
        o.estado_texto if o.estado_texto is not None else cod(i + 2, o.estado, o.estado_desc),
        fecha_rr(o.creada), fecha_rr(o.legalizada, fraccion=True), cod(i, o.causal, o.causal_desc),
        _nulo(o.causal_clase), cod(i + 1, o.unidad, o.unidad_nombre), _nulo(o.suscriptor), o.comentario]
        for i, o in enumerate(lista)]
    return _csv(filas, sep=",")


def otras_actividades(lista: list[Orden]) -> dict[int, list[int]]:
    """OT → todas sus actividades, en el orden del archivo: una de cada cinco OT trae otra más. Una de poste con otra
    que no lo es (la otra primero); una de otra actividad con una de poste (deja de ser «otra»); una de otra actividad
    con otra más (sigue siendo «otra»)."""
    extra = {}
    for k, o in enumerate(lista[::5]):
        if o.actividad in ACTIVIDADES_POSTE:
            extra[o.ot] = [52300, o.actividad] if k % 2 else [o.actividad, 52001 if o.actividad == 8074 else 8074]
        else:
            extra[o.ot] = [o.actividad, 52137 if k % 3 else 52300 if o.actividad != 52300 else 52001]
    return extra


def varias_actividades_csv(lista: list[Orden], distinta: dict[int, dict] | None = None) -> bytes:
    """SQL Developer CSV de OR_ORDER unida a OR_ORDER_ACTIVITY: una fila por actividad, todo lo demás igual.
    `distinta`: OT → {índice de columna: valor} que cambia sólo en su segunda fila (un conflicto)."""
    extra = otras_actividades(lista)
    filas = [SQL_DEVELOPER]
    for o in lista:
        for vez, actividad in enumerate(extra.get(o.ot, [o.actividad])):
            fila = fila_osf(o, actividad)
            fila[6] = fecha_rr(o.legalizada, fraccion=True)
            for k, v in ((distinta or {}).get(o.ot, {}).items() if vez == 1 else ()):
                fila[k] = v
            filas.append(fila)
    return _csv(filas, comillas=csv.QUOTE_ALL)

