"""Descargas seguras a Excel y CSV.

Una celda de texto que empieza con = + - @ (o tabulador / retorno) la abriría Excel como fórmula:
aquí se escribe siempre como texto. Las fechas van como fechas reales de Excel (dd/mm/aaaa).
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from numbers import Integral, Number

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

# Lo que hace que Excel o LibreOffice interpreten una celda como fórmula (OWASP «CSV injection»).
PELIGROSOS = ("=", "+", "-", "@", "\t", "\r")

_FORMATO_FECHA = "dd/mm/yyyy"
_FORMATO_FECHA_HORA = "dd/mm/yyyy hh:mm"
_ANCHO_MAXIMO = 60
FILAS_MAXIMAS_EXCEL = 1_048_575  # 1.048.576 filas por hoja, menos la de títulos
_EPOCA_EXCEL = pd.Timestamp("1899-12-30")

# Formatos de número de Excel (Excel en español los muestra con coma decimal: 92,30 %, Bs. 1.000,00).
PORCENTAJE = "0.00 %"
BOLIVIANOS = '"Bs." #,##0.00'


@dataclass(frozen=True)
class Cifra:
    """Un número con su formato de Excel, para una celda que debe poder sumarse o compararse: el KPI va como 0,923
    con formato «0.00 %», no como el texto «92,30 %». `texto` es como se ve en pantalla (y en un CSV, sin formatos)."""
    valor: float
    formato: str
    texto: str


def _es_nulo(valor) -> bool:
    if valor is None or valor is pd.NaT or valor is pd.NA:
        return True
    try:
        return bool(pd.isna(valor)) if not isinstance(valor, (str, bytes)) else False
    except (TypeError, ValueError):
        return False


def _nombre_hoja(nombre: str, usados: set[str]) -> str:
    """Excel admite 31 caracteres y prohíbe []:*?/\\ en el nombre de una hoja."""
    base = re.sub(r"[\[\]:*?/\\]", "_", str(nombre)).strip("'") or "Hoja"
    base = base[:31]
    candidato, n = base, 2
    while candidato.lower() in usados:
        sufijo = f" ({n})"
        candidato = base[:31 - len(sufijo)] + sufijo
        n += 1
    usados.add(candidato.lower())
    return candidato


def _solo_fechas(serie: pd.Series) -> bool:
    """¿Una columna de fecha-hora sin horas? Entonces se muestra dd/mm/aaaa."""
    valores = pd.to_datetime(serie.dropna(), errors="coerce").dropna()
    return valores.empty or bool((valores == valores.dt.normalize()).all())


def excel_seguro(hojas: dict[str, pd.DataFrame]) -> bytes:
    """Un libro .xlsx con una hoja por DataFrame; texto siempre como texto, fechas como fechas.

    xlsxwriter arma el libro (estilos, títulos, anchos, paneles, autofiltro) con sólo la fila de títulos;
    las filas de datos se agregan después como XML armado por columnas con pyarrow (celda a celda,
    100.000 filas × 16 columnas tardaban 30–70 s; así, unos segundos: bench/bench_excel.py). El texto va
    como cadena en línea (t="inlineStr"), que Excel nunca evalúa como fórmula. Una hoja lleva a lo sumo
    FILAS_MAXIMAS_EXCEL filas (el límite de Excel); los caracteres de control se quitan del texto."""
    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {
        "in_memory": True,
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "nan_inf_to_errors": True,
    })
    encabezado = libro.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    formatos = {"fecha": libro.add_format({"num_format": _FORMATO_FECHA}),
                "fecha_hora": libro.add_format({"num_format": _FORMATO_FECHA_HORA})}
    # Las celdas de fecha no pasan por xlsxwriter: se registran sus estilos para saber su índice.
    estilos = _Estilos(libro, {clave: f' s="{indice_de_estilo(f)}"' for clave, f in formatos.items()})
    usados: set[str] = set()
    hojas_con_filas = {}  # archivo de la hoja en el .xlsx → (columnas, filas)
    for numero, (nombre, df) in enumerate(hojas.items(), start=1):
        hoja = libro.add_worksheet(_nombre_hoja(nombre, usados))
        df = df.iloc[:FILAS_MAXIMAS_EXCEL]
        columnas = [_Columna.de(df.iloc[:, j], estilos) for j in range(len(df.columns))]
        for j, (titulo, columna) in enumerate(zip(df.columns, columnas)):
            hoja.write_string(0, j, str(titulo), encabezado)
            hoja.set_column(j, j, min(max(columna.ancho, len(str(titulo))) + 2, _ANCHO_MAXIMO))
        hoja.freeze_panes(1, 0)
        if len(df.columns):
            hoja.autofilter(0, 0, max(len(df), 1), len(df.columns) - 1)
        if len(df) and len(df.columns):
            hojas_con_filas[f"xl/worksheets/sheet{numero}.xml"] = (columnas, len(df))
    libro.close()
    return _agregar_filas(salida.getvalue(), hojas_con_filas)


class _Estilos(dict):
    """El atributo de estilo (s="N") de cada formato: los de fecha, y el de una Cifra se registra al aparecer."""

    def __init__(self, libro, iniciales: dict[str, str]):
        super().__init__(iniciales)
        self.libro = libro

    def __missing__(self, formato_numero: str) -> str:
        self[formato_numero] = f' s="{indice_de_estilo(self.libro.add_format({"num_format": formato_numero}))}"'
        return self[formato_numero]


def indice_de_estilo(formato) -> int:
    """El índice del estilo (xf) que xlsxwriter da a un formato, para escribir celdas de fecha a mano.

    Es la única llamada a una API privada de xlsxwriter (Format._get_xf_index, 3.x). Se midió la alternativa pública
    (constant_memory, celda por celda: bench/bench_excel.py): 18 s frente a 1,7 s para 100.000 × 16. Si una versión
    nueva la cambia, tests/test_exportar.py::test_api_privada_de_xlsxwriter falla con este nombre."""
    return formato._get_xf_index()


_FILAS_POR_BLOQUE = 20_000
_COMPRESION = 1  # deflate rápido: el XML repetitivo comprime bien igual


def _agregar_filas(xlsx: bytes, hojas_con_filas: dict) -> bytes:
    """Copia el libro de xlsxwriter metiendo las filas de datos antes de </sheetData> de cada hoja."""
    salida = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as origen, \
            zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED, compresslevel=_COMPRESION) as destino:
        for info in origen.infolist():
            contenido = origen.read(info.filename)
            if info.filename not in hojas_con_filas:
                destino.writestr(info.filename, contenido)
                continue
            columnas, filas = hojas_con_filas[info.filename]
            texto = contenido.decode("utf-8")
            ultima = xl_rowcol_to_cell(filas, len(columnas) - 1)
            texto = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{ultima}"/>', texto, count=1)
            antes, despues = texto.split("</sheetData>", 1)
            with destino.open(info.filename, "w", force_zip64=True) as archivo:
                archivo.write(antes.encode("utf-8"))
                for inicio in range(0, filas, _FILAS_POR_BLOQUE):
                    archivo.write(_filas_xml(columnas, inicio, min(inicio + _FILAS_POR_BLOQUE, filas)))
                archivo.write(("</sheetData>" + despues).encode("utf-8"))
    return salida.getvalue()


def _filas_xml(columnas: list[_Columna], inicio: int, fin: int) -> bytes:
    """Los <row> de las filas de datos [inicio, fin) (la fila 0 de datos es la fila 2 de Excel)."""
    numeros = pc.cast(pa.array(np.arange(inicio + 2, fin + 2)), pa.string())
    partes = [pc.binary_join_element_wise('<row r="', numeros, '">', "")]
    for j, columna in enumerate(columnas):
        if columna.celdas.null_count == len(columna.celdas):
            continue
        # <c r="B17" …>…</c>; nulo (se omite) si la celda está vacía.
        partes.append(pc.binary_join_element_wise(
            f'<c r="{xl_col_to_name(j)}', numeros, columna.celdas.slice(inicio, fin - inicio), ""))
    partes.append(pa.array(["</row>"] * (fin - inicio)))
    filas = pc.binary_join_element_wise(*partes, "", null_handling="replace", null_replacement="")
    return "".join(filas.to_pylist()).encode("utf-8")


_LARGO_MAXIMO_EXCEL = 32_767
# Caracteres que XML 1.0 no admite; y «_xHHHH_», que Excel leería como un carácter escapado.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]"
_ESCAPE_EXCEL = r"_(x[0-9A-Fa-f]{4}_)"


@dataclass
class _Columna:
    """Una columna convertida al final de cada celda: lo que sigue a «<c r="B17» hasta «</c>»."""
    celdas: pa.Array  # nulo donde la celda está vacía
    ancho: int

    @classmethod
    def de(cls, serie: pd.Series, estilos: dict[str, str]) -> _Columna:
        dtype = serie.dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            return cls._fechas(serie, estilos)
        if pd.api.types.is_bool_dtype(dtype):
            return cls._booleanos(serie)
        if pd.api.types.is_numeric_dtype(dtype):
            return cls._numeros(serie)
        if pd.api.types.is_string_dtype(dtype) and dtype != object:
            return cls._textos(serie)
        # Columna object: casi siempre de un solo tipo (texto con vacíos); si no, celda por celda.
        inferido = pd.api.types.infer_dtype(serie, skipna=True)
        try:
            if inferido in ("string", "empty"):
                return cls._textos(serie)
            if inferido == "boolean":
                return cls._booleanos(serie.astype("boolean"))
            if inferido in ("integer", "floating", "mixed-integer-float", "decimal"):
                return cls._numeros(pd.to_numeric(serie))
            if inferido in ("datetime", "datetime64", "date"):
                return cls._fechas(pd.to_datetime(serie.map(_sin_zona)), estilos)
        except (TypeError, ValueError, OverflowError, pa.ArrowException):
            pass
        return cls._mixta(serie, estilos)

    @classmethod
    def _fechas(cls, serie: pd.Series, estilos) -> _Columna:
        if getattr(serie.dt, "tz", None) is not None:
            serie = serie.dt.tz_localize(None)
        clave = "fecha" if _solo_fechas(serie) else "fecha_hora"
        # Número de serie de Excel con formato de fecha: una fecha real para Excel.
        dias = pc.cast(pa.array((serie - _EPOCA_EXCEL) / pd.Timedelta(days=1), from_pandas=True), pa.string())
        return cls(pc.binary_join_element_wise(f'"{estilos[clave]}><v>', dias, "</v></c>", ""),
                   10 if clave == "fecha" else 16)

    @classmethod
    def _booleanos(cls, serie: pd.Series) -> _Columna:
        valores = pa.array(serie, type=pa.bool_(), from_pandas=True)
        return cls(pc.if_else(valores, '" t="b"><v>1</v></c>', '" t="b"><v>0</v></c>'), 5)

    @classmethod
    def _numeros(cls, serie: pd.Series) -> _Columna:
        valores = pa.array(serie, from_pandas=True)
        if pa.types.is_decimal(valores.type):
            valores = pc.cast(valores, pa.float64())
        if pa.types.is_floating(valores.type):  # NaN e infinitos quedan vacíos
            valores = pc.if_else(pc.is_finite(valores), valores, pa.scalar(None, valores.type))
        texto = pc.cast(valores, pa.string())
        ancho = max((len(t) for t in texto.slice(0, 1000).to_pylist() if t), default=0)
        return cls(pc.binary_join_element_wise('"><v>', texto, "</v></c>", ""), ancho)

    @classmethod
    def _textos(cls, serie: pd.Series) -> _Columna:
        valores = pa.array(serie.astype(object), type=pa.string(), from_pandas=True)
        muestra = [t for t in valores.slice(0, 1000).to_pylist() if t]
        ancho = max((len(linea) for t in muestra for linea in t.splitlines()), default=0)
        return cls(pc.binary_join_element_wise('" t="inlineStr"><is><t xml:space="preserve">',
                                               _texto_xml(valores), "</t></is></c>", ""), ancho)

    @classmethod
    def _mixta(cls, serie: pd.Series, estilos) -> _Columna:
        """Tipos mezclados (p. ej. la columna «Valor» de un resumen): cada celda con su tipo."""
        textos, otras, ancho = [], [], 0
        for valor in serie.tolist():
            celda, texto, largo = None, None, 0
            if _es_nulo(valor):
                pass
            elif isinstance(valor, bool):
                celda, largo = f'" t="b"><v>{int(valor)}</v></c>', 5
            elif isinstance(valor, Cifra):
                if math.isfinite(float(valor.valor)):
                    celda = f'"{estilos[valor.formato]}><v>{float(valor.valor)!r}</v></c>'
                    largo = len(valor.texto)
            elif isinstance(valor, (pd.Timestamp, dt.datetime, dt.date)):
                marca = pd.Timestamp(_sin_zona(valor))
                clave, largo = ("fecha", 10) if marca == marca.normalize() else ("fecha_hora", 16)
                celda = f'"{estilos[clave]}><v>{float((marca - _EPOCA_EXCEL) / pd.Timedelta(days=1))!r}</v></c>'
            elif isinstance(valor, Number) and not isinstance(valor, complex) and math.isfinite(float(valor)):
                numero = str(int(valor)) if isinstance(valor, Integral) else repr(float(valor))
                celda, largo = f'"><v>{numero}</v></c>', len(numero)
            else:
                texto = str(valor)
                largo = max((len(linea) for linea in texto.splitlines()), default=0)
            otras.append(celda)
            textos.append(texto)
            ancho = max(ancho, largo)
        escapados = pc.binary_join_element_wise('" t="inlineStr"><is><t xml:space="preserve">',
                                                _texto_xml(pa.array(textos, type=pa.string())), "</t></is></c>", "")
        return cls(pc.coalesce(escapados, pa.array(otras, type=pa.string())), ancho)


def _texto_xml(valores: pa.Array) -> pa.Array:
    """Texto listo para ir dentro de <t>: escapado, sin caracteres prohibidos, cortado al máximo de Excel."""
    valores = pc.utf8_slice_codeunits(valores, 0, _LARGO_MAXIMO_EXCEL)
    if pc.any(pc.match_substring_regex(valores, _CONTROL)).as_py():
        valores = pc.replace_substring_regex(valores, _CONTROL, "")
    if pc.any(pc.match_substring(valores, "_x")).as_py():
        valores = pc.replace_substring_regex(valores, _ESCAPE_EXCEL, r"_x005F_\1")
    for caracter, entidad in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        valores = pc.replace_substring(valores, caracter, entidad)
    return valores


def _sin_zona(valor):
    if isinstance(valor, (pd.Timestamp, dt.datetime)) and valor.tzinfo is not None:
        return pd.Timestamp(valor).tz_localize(None)
    return valor


def texto_csv_seguro(valor: str) -> str:
    """En CSV no hay tipos: un apóstrofo delante impide que Excel lo tome como fórmula."""
    return "'" + valor if valor.startswith(PELIGROSOS) else valor


def csv_seguro(df: pd.DataFrame) -> bytes:
    """CSV para Excel en español: `;`, UTF-8 con BOM, fechas dd/mm/aaaa, coma decimal."""
    salida = df.copy()
    for c in salida.columns:
        serie = salida[c]
        if pd.api.types.is_datetime64_any_dtype(serie.dtype):
            formato = "%d/%m/%Y" if _solo_fechas(serie) else "%d/%m/%Y %H:%M"
            if getattr(serie.dt, "tz", None) is not None:
                serie = serie.dt.tz_localize(None)
            # pyarrow formatea ~20 veces más rápido que Series.dt.strftime.
            texto = pc.strftime(pa.array(serie.astype("datetime64[s]")), format=formato)
            salida[c] = pd.Series(texto.to_pandas(), index=serie.index).fillna("")
        elif pd.api.types.is_bool_dtype(serie.dtype):
            salida[c] = serie.map({True: "Sí", False: "No"})
        elif pd.api.types.is_float_dtype(serie.dtype):
            # Sin notación científica ni ceros de más, coma decimal; vacío si falta.
            texto = serie.map("{:.10g}".format, na_action="ignore").astype("string")
            salida[c] = texto.str.replace(".", ",", regex=False).fillna("")
        elif pd.api.types.is_string_dtype(serie.dtype) and serie.dtype != object:
            texto = serie.astype("string")
            salida[c] = texto.mask(texto.str.startswith(PELIGROSOS).fillna(False), "'" + texto).fillna("")
        elif not pd.api.types.is_numeric_dtype(serie.dtype):
            salida[c] = serie.map(_celda_csv)
    salida.columns = [texto_csv_seguro(str(c)) for c in salida.columns]
    return salida.to_csv(index=False, sep=";", lineterminator="\r\n").encode("utf-8-sig")


def _celda_csv(valor):
    if _es_nulo(valor):
        return ""
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, (pd.Timestamp, dt.datetime)):
        return valor.strftime("%d/%m/%Y %H:%M") if (valor.hour, valor.minute, valor.second) != (0, 0, 0) \
            else valor.strftime("%d/%m/%Y")
    if isinstance(valor, dt.date):
        return valor.strftime("%d/%m/%Y")
    if isinstance(valor, Cifra):
        return valor.texto
    if isinstance(valor, (float, Decimal)):
        return f"{valor:.10g}".replace(".", ",")
    return texto_csv_seguro(str(valor))
