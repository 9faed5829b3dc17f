"""La unidad de trabajo de cada corrida: app.py abre la base al empezar y la cierra al terminar (datos/conexion.py),
así la CLI y las tareas la usan entre medio. Un botón de descarga arma su archivo en otro hilo, con su propia unidad."""
from __future__ import annotations

import contextlib
import os
import threading

import streamlit as st

import demo
from datos import conexion


def ruta_db() -> str:
    if os.environ.get("SEGUIMIENTO_DEMO") == "1":
        return str(demo.asegurar())
    return str(conexion.ruta_db())


# El tablero espera lo que haga falta (una importación grande desde la CLI) con un aviso; nunca muestra el cerrojo.
ESPERA_TABLERO = 30 * 60.0
_unidad = threading.local()


@contextlib.contextmanager
def base_abierta():
    """La base abierta para esta corrida de la página (app.py envuelve cada corrida): si otro proceso la usa, un aviso
    mientras espera su turno, y después la página con los datos nuevos."""
    aviso = st.empty()
    espera = lambda ruta: aviso.info("⏳ Otra tarea está usando la base (una importación, un informe o un respaldo). "
                                     "La página se mostrará apenas termine…")
    ruta = ruta_db()
    with conexion.abierta(ruta, espera=ESPERA_TABLERO, al_esperar=espera) as con:
        aviso.empty()
        _unidad.cursor, _unidad.ruta = con, ruta
        try:
            yield con
        finally:
            _unidad.cursor = _unidad.ruta = None


def al_pulsar(funcion):
    """Para un botón de descarga que arma el archivo recién al pulsarlo: Streamlit lo llama en otro hilo, cuando esta
    corrida ya cerró la base, así que abre su propia unidad de trabajo y llama a `funcion(con)`."""
    # La de esta corrida: ruta_db() podría querer rehacer la demostración con la base abierta.
    ruta = getattr(_unidad, "ruta", None) or ruta_db()

    def armar():
        with conexion.abierta(ruta, espera=ESPERA_TABLERO) as con:
            return funcion(con)
    return armar


_sueltas: dict[str, tuple] = {}


def cursor():
    """El cursor de esta corrida. Una página corrida sola (AppTest.from_file de la página, en las pruebas) no pasa por
    app.py: usa una unidad que queda abierta mientras viva el proceso, una por base."""
    con = getattr(_unidad, "cursor", None)
    if con is None:
        ruta = ruta_db()
        if ruta not in _sueltas:
            unidad = conexion.abierta(ruta)
            _sueltas[ruta] = (unidad, unidad.__enter__())  # la referencia la mantiene abierta (no la cierra el GC)
        con = _sueltas[ruta][1]
    return con
