"""Cómo se muestran cifras y fechas (es-BO): coma decimal, punto de miles, dd/mm/aaaa, «Bs.». Las cifras, con Babel
(los símbolos de es-BO del CLDR)."""
from __future__ import annotations

import math
import re
from decimal import Decimal

from babel.numbers import format_decimal

LOCALE = "es_BO"


def porcentaje_centesimas(atendidos: int, total: int) -> int | None:
    """Porcentaje en centésimas, truncado (nunca redondeado hacia arriba): 48/49 → 9795."""
    return None if not total else (atendidos * 10000) // total


def texto_porcentaje(centesimas: int | None) -> str:
    if centesimas is None:
        return "—"
    return f"{format_decimal(Decimal(centesimas) / 100, format='#,##0.00', locale=LOCALE)} %"


def texto_puntos(centesimas: int) -> str:
    """Diferencia en puntos porcentuales desde centésimas ya truncadas: 417 → «+4,17 pp»; -5 → «-0,05 pp»."""
    signo = "-" if centesimas < 0 else "+"
    return f"{signo}{texto_porcentaje(abs(centesimas)).removesuffix(' %')} pp"


def texto_porcentaje_float(valor) -> str:
    """Para un porcentaje ya truncado a 2 decimales (p. ej. la columna `porcentaje` del KPI)."""
    if valor is None or (isinstance(valor, float) and math.isnan(valor)):
        return "—"
    return texto_porcentaje(int(round(float(valor) * 100)))


def texto_fecha(valor) -> str:
    if valor is None or valor != valor:  # None o NaT
        return ""
    return valor.strftime("%d/%m/%Y")


def texto_fecha_hora(valor) -> str:
    if valor is None or valor != valor:
        return ""
    return valor.strftime("%d/%m/%Y %H:%M")


def texto_entero(n) -> str:
    return format_decimal(int(n), format="#,##0", locale=LOCALE)


def texto_tramites(tramites, ots) -> str:
    """Los trámites (la unidad del KPI) y las OT detrás de ellos: «28 trámites · 31 OT»."""
    return f"{texto_entero(tramites)} trámite{'' if int(tramites) == 1 else 's'} · {texto_entero(ots)} OT"


def texto_detras(kpi) -> str:
    """Una fila del KPI (un dict o una fila con esos campos): «28 trámites · 31 OT (atendidos: 27 trámites · 29 OT)»."""
    k = kpi if isinstance(kpi, dict) else kpi._asdict()
    return (f"{texto_tramites(k['total'], k['ot_total'])} (atendidos: "
            f"{texto_tramites(k['atendidos'], k['ot_atendidos'])})")


def texto_bs(monto) -> str:
    """El CLDR escribe «Bs»; en COMTECO se escribe «Bs.»."""
    return f"Bs. {_texto_cifra(monto, 2)}"


def texto_decimal(valor, decimales: int = 1) -> str:
    """13.26 → «13,3»; 1234.5 → «1.234,5»; «—» si falta."""
    if valor is None or valor != valor:
        return "—"
    return _texto_cifra(valor, decimales)


def texto_tamano(n: int) -> str:
    """El tamaño de un archivo en bytes, como lo escribe el selector de archivos pero en castellano (unidades de 1000):
    95 900 → «95,9 KB»; 1 234 567 → «1,2 MB»; 512 → «512 B»."""
    for unidad, escala in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if round(n / escala, 1) >= 1:  # 999 999 B es «1,0 MB», no «1.000,0 KB»
            return f"{texto_decimal(n / escala)} {unidad}"
    return f"{texto_entero(n)} B"


def _texto_cifra(valor, decimales: int) -> str:
    """Redondea como el formato de Python (mitad al par, sobre el valor binario exacto): Decimal(float) es exacto."""
    patron = "#,##0" + ("." + "0" * decimales if decimales else "")
    return format_decimal(Decimal(float(valor)), format=patron, locale=LOCALE)


def texto_dias(valor) -> str:
    return "—" if valor is None or valor != valor else f"{texto_decimal(valor)} días"


# Los signos que arman algo en el Markdown de Streamlit, escapados con «\» (CommonMark deja escapar cualquier signo
# ASCII): un texto de un archivo (nombre, zona, causal, nota) no arma enlaces, imágenes, énfasis, títulos ni listas,
# ni las directivas de Streamlit (:red[…], :material/…:, :emoji:, $…$), ni una entidad HTML (&#…;).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&@=])")
# El enlace automático de GFM (www.…, https://…, a@b.c) se arma sobre el texto ya sin escapes (visto en Chromium): lo
# corta un WORD JOINER (U+2060, invisible) tras «www», «http(s):» y «@».
_AUTOENLACE = re.compile(r"(www(?=\.)|https?:|@)", re.IGNORECASE)


def texto_llano(valor) -> str:
    """`valor` tal cual al pasar por st.markdown, st.caption, st.info…, un subtítulo o un rótulo."""
    return _MARKDOWN.sub(r"\\\1", _AUTOENLACE.sub("\\1\u2060", str(valor)))
