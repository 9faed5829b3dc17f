"""La hora de Bolivia (America/La_Paz), sea cual sea la zona del servidor: «hoy» y la hora de cada registro."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    ZONA_BOLIVIA = ZoneInfo("America/La_Paz")
except ZoneInfoNotFoundError:  # sin base de zonas (p. ej. Windows sin tzdata): Bolivia es UTC−4 todo el año
    ZONA_BOLIVIA = dt.timezone(dt.timedelta(hours=-4), "BOT")


def ahora() -> dt.datetime:
    """Fecha y hora de Bolivia, sin zona (como se guardan los TIMESTAMP), sea cual sea la zona del servidor."""
    return dt.datetime.now(ZONA_BOLIVIA).replace(tzinfo=None)


def hoy() -> dt.date:
    """El día de hoy en Bolivia: un servidor en UTC ya está en «mañana» desde las 20:00 de La Paz."""
    return ahora().date()
