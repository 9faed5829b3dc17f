"""Marco del tablero: configuración, ingreso, navegación por rol."""
import streamlit as st

from datos import archivos
from datos.errores import ErrorUsuario
from paginas import registro
from paginas.comun import avisos, estilo, ingreso, unidad

archivos.umask_privada()  # la base, su .wal y lo que se descargue a disco: sólo para la cuenta del servidor

st.set_page_config(page_title="Seguimiento OTs · Movimiento de poste", page_icon="🚦", layout="wide")
estilo.estilo()  # los textos de Streamlit sin opción, en español u ocultos (también en el ingreso)


def corrida() -> None:
    usuario = ingreso.entrar()
    if usuario is None:
        ingreso.formulario_ingreso()
        st.stop()

    with st.sidebar:
        st.markdown(f"**{usuario.nombre}**  \n{usuario.rol_nombre}")
        if st.button("Cerrar sesión", key="cerrar_sesion"):
            ingreso.cerrar_sesion()
        ingreso.recordar_en_el_navegador()  # sólo en la corrida del ingreso; al pie: quitarlo no corre nada

    pagina = st.navigation(registro.menu(usuario))
    estilo.cerrar_menu_al_navegar(pagina.url_path)
    try:
        avisos.frescura()
        avisos.aviso_suplente(usuario, pagina.url_path)
        pagina.run()
    except Exception:  # un defecto: al log, y al usuario un aviso en español (st.stop/st.rerun no son Exception)
        avisos.error_inesperado(pagina.title)


# La base se abre para esta corrida y se cierra al terminar (datos/conexion.py): la CLI y las tareas la usan entre medio.
try:
    with unidad.base_abierta():
        corrida()
except ErrorUsuario as e:  # la base siguió ocupada demasiado tiempo
    st.error(str(e), icon="⏳")
except Exception:  # la base no abre (dañada, sin permisos): al log, y un aviso
    avisos.error_inesperado("Inicio")
