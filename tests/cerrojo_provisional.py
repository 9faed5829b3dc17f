"""PROVISIONAL — se borra al unir main con «cerrojo entre procesos»: abierta/exclusiva con el contrato acordado, sin
cerrojo entre procesos (sólo para probar respaldo y correo mientras tanto)."""
from __future__ import annotations

from contextlib import contextmanager

from datos import conexion


@contextmanager
def abierta(ruta=None, *, espera=60.0, al_esperar=None):
    con = conexion.conectar(ruta)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def exclusiva(ruta=None, *, espera=60.0, al_esperar=None):
    yield conexion.ruta_db(ruta)


def instalar(monkeypatch) -> None:
    if not hasattr(conexion, "exclusiva"):
        monkeypatch.setattr(conexion, "abierta", abierta, raising=False)
        monkeypatch.setattr(conexion, "exclusiva", exclusiva, raising=False)
