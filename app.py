"""Marco del tablero: configuración, ingreso, navegación por rol."""
import streamlit as st

from paginas import comun, registro

st.set_page_config(page_title="Seguimiento OTs · Movimiento de poste", page_icon="🚦", layout="wide")

usuario = comun.usuario()
if usuario is None:
    comun.formulario_ingreso()
    st.stop()

with st.sidebar:
    st.markdown(f"**{usuario.nombre}**  \n{usuario.rol_nombre}")
    if st.button("Cerrar sesión", key="cerrar_sesion"):
        comun.cerrar_sesion()

pagina = st.navigation(registro.menu(usuario))
try:
    comun.frescura()
    comun.aviso_suplente()
    pagina.run()
except Exception:  # un defecto: al log, y al usuario un aviso en español (st.stop/st.rerun no son Exception)
    comun.error_inesperado(pagina.title)
