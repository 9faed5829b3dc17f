"""Marco del tablero: configuración, ingreso, navegación por rol."""
import streamlit as st

from datos import archivos
from datos.errores import ErrorUsuario
from paginas import comun, registro

archivos.umask_privada()  # la base, su .wal y lo que se descargue a disco: sólo para la cuenta del servidor

st.set_page_config(page_title="Seguimiento OTs · Movimiento de poste", page_icon="🚦", layout="wide")
comun.estilo()  # los textos de Streamlit sin opción, en español u ocultos (también en el ingreso)


def corrida() -> None:
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


# La base se abre para esta corrida y se cierra al terminar (datos/conexion.py): la CLI y las tareas la usan entre medio.
try:
    with comun.base_abierta():
        corrida()
except ErrorUsuario as e:  # la base siguió ocupada demasiado tiempo
    st.error(str(e), icon="⏳")
except Exception:  # la base no abre (dañada, sin permisos): al log, y un aviso
    comun.error_inesperado("Inicio")
