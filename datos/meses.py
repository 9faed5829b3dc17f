"""Los meses del indicador: una orden cuenta en el mes de su fecha de registro. Un mes es el date de su día 1."""
from __future__ import annotations

import datetime as dt
import re

from babel.dates import get_month_names

from datos.formato import LOCALE

# Los nombres de los meses en es-BO (CLDR, como se usan sueltos: «octubre 2026»); abreviados, «oct».
MESES = tuple(get_month_names("wide", context="stand-alone", locale=LOCALE)[m] for m in range(1, 13))
_ABREVIADOS = tuple(get_month_names("abbreviated", context="stand-alone", locale=LOCALE)[m] for m in range(1, 13))


def leer_mes(valor) -> dt.date:
    """«2026-10» (o una fecha) → date(2026, 10, 1). ValueError con un mensaje en español si no se entiende."""
    if isinstance(valor, dt.date):  # también datetime y pandas.Timestamp
        return dt.date(valor.year, valor.month, 1)
    texto = "" if valor is None else str(valor)
    coincide = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", texto)
    if not coincide or not 1 <= int(coincide[2]) <= 12:
        raise ValueError(f"«{texto}» no es un mes válido; escríbalo como AAAA-MM, por ejemplo 2026-10.")
    return dt.date(int(coincide[1]), int(coincide[2]), 1)


def mes_como_texto(mes: dt.date) -> str:
    """date(2026, 10, 1) → «2026-10» (para JSON y parámetros de la URL)."""
    return f"{mes.year:04d}-{mes.month:02d}"


def nombre_mes(mes: dt.date) -> str:
    """date(2026, 10, 1) → «octubre 2026»."""
    return f"{MESES[mes.month - 1]} {mes.year}"


def nombre_mes_corto(mes: dt.date) -> str:
    """date(2026, 10, 1) → «oct. 2026» (ejes y tablas)."""
    return f"{_ABREVIADOS[mes.month - 1]}. {mes.year}"


def sumar_meses(mes: dt.date, n: int) -> dt.date:
    """El mes `n` meses después (antes, si n < 0)."""
    indice = mes.year * 12 + mes.month - 1 + n
    return dt.date(indice // 12, indice % 12 + 1, 1)


def mes_anterior(mes: dt.date) -> dt.date:
    return sumar_meses(mes, -1)


def mes_siguiente(mes: dt.date) -> dt.date:
    return sumar_meses(mes, 1)


def ultimo_dia(mes: dt.date) -> dt.date:
    return mes_siguiente(mes) - dt.timedelta(days=1)


def meses_entre(desde: dt.date, hasta: dt.date) -> list[dt.date]:
    """Los meses de `desde` a `hasta`, ambos incluidos."""
    meses, mes = [], leer_mes(desde)
    while mes <= hasta:
        meses.append(mes)
        mes = mes_siguiente(mes)
    return meses
