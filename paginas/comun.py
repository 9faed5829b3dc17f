"""Lo que comparten las páginas: conexión, cursor de la sesión, usuario y avisos."""
from __future__ import annotations

import os

import streamlit as st

from datos import conexion
from datos.permisos import Usuario


@st.cache_resource(show_spinner=False)
def _conexion(ruta: str):
    return conexion.conectar(ruta)


def ruta_db() -> str:
    if os.environ.get("SEGUIMIENTO_DEMO") == "1":
        from datos import demo
        return str(demo.asegurar())
    return str(conexion.ruta_db())


def cursor():
    """Un cursor por sesión de Streamlit sobre la única conexión del proceso."""
    ruta = ruta_db()
    if st.session_state.get("_cursor_ruta") != ruta:
        try:
            st.session_state["_cursor"] = _conexion(ruta).cursor()
        except conexion.BaseEnUso as e:
            st.error(str(e))
            st.stop()
        st.session_state["_cursor_ruta"] = ruta
    return st.session_state["_cursor"]


def usuario() -> Usuario | None:
    return st.session_state.get("usuario")


def aviso_demo() -> None:
    if conexion.es_demo(cursor()):
        st.info("**Datos de demostración** — exportaciones de ejemplo, no datos reales de COMTECO.", icon="🧪")


def formulario_ingreso() -> None:
    from datos import usuarios
    aviso_demo()
    st.title("Seguimiento de OTs · Movimiento de poste")
    with st.form("ingreso"):
        nombre = st.text_input("Usuario")
        clave = st.text_input("Contraseña", type="password")
        if st.form_submit_button("Ingresar"):
            quien = usuarios.autenticar(cursor(), nombre.strip(), clave)
            if quien is None:
                st.error("Usuario o contraseña incorrectos.")
            else:
                st.session_state["usuario"] = quien
                st.rerun()


def cerrar_sesion() -> None:
    st.session_state.pop("usuario", None)
    st.rerun()
