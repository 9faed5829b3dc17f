"""Marco del tablero: configuración, ingreso, navegación por rol."""
import streamlit as st

from datos.permisos import puede
from paginas import comun

st.set_page_config(page_title="Seguimiento OTs · Movimiento de poste", page_icon="🚦", layout="wide")

usuario = comun.usuario()
if usuario is None:
    comun.formulario_ingreso()
    st.stop()

with st.sidebar:
    st.markdown(f"**{usuario.nombre}**  \n{usuario.rol_nombre}")
    if st.button("Cerrar sesión", key="cerrar_sesion"):
        comun.cerrar_sesion()

semaforo = st.Page("paginas/semaforo.py", title="Semáforo", icon="🚦", default=True)
informe = st.Page("paginas/informe.py", title="Informe mensual", icon="📄")
bandejas = [
    st.Page("paginas/anulados.py", title="Anulados", icon="⛔"),
    st.Page("paginas/registrados.py", title="Registrados", icon="⏳"),
    st.Page("paginas/atendidos.py", title="Atendidos", icon="✅"),
    st.Page("paginas/seguimiento.py", title="Seguimiento / suplencia", icon="🤝"),
]
importar = st.Page("paginas/importar.py", title="Importar", icon="📥")
administracion = st.Page("paginas/administracion.py", title="Administración", icon="⚙️")
auditoria = st.Page("paginas/auditoria.py", title="Auditoría", icon="🔎")

menu = {"Indicador": [semaforo, informe]}
if puede(usuario, "seguimiento"):
    menu["Bandejas"] = bandejas
if puede(usuario, "importar"):
    menu["Datos"] = [importar]
control = ([administracion] if puede(usuario, "administrar") else []) + \
    ([auditoria] if puede(usuario, "ver_auditoria") else [])
if control:
    menu["Control"] = control

st.navigation(menu).run()
