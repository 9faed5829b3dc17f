"""Las páginas del tablero en una tabla: archivo, título, icono, sección y el permiso que piden. De aquí salen el menú
(app.py), los enlaces entre páginas y la guardia de cada página: quien no tiene el permiso no la ve en el menú, no
recibe un enlace a ella y, si escribe su dirección, no la abre."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from datos.permisos import ACCIONES, Usuario, puede
from paginas.comun import ingreso


@dataclass(frozen=True)
class Pagina:
    clave: str
    archivo: str
    titulo: str
    icono: str
    seccion: str
    permiso: str | None = None   # una acción de datos.permisos; None = cualquiera que ingresó


PAGINAS = (
    Pagina("semaforo", "paginas/semaforo.py", "Semáforo", "🚦", "Indicador"),
    Pagina("informe", "paginas/informe.py", "Informe mensual", "📄", "Indicador"),
    # Las bandejas las lee también la jefatura (qué se hizo con cada orden); escribir pide «seguimiento».
    Pagina("anulados", "paginas/anulados.py", "Anulados", "⛔", "Bandejas", "ver_bandejas"),
    Pagina("registrados", "paginas/registrados.py", "Registrados", "⏳", "Bandejas", "ver_bandejas"),
    Pagina("atendidos", "paginas/atendidos.py", "Atendidos", "✅", "Bandejas", "ver_bandejas"),
    Pagina("seguimiento", "paginas/seguimiento.py", "Seguimiento / suplencia", "🤝", "Bandejas", "ver_bandejas"),
    Pagina("importar", "paginas/importar.py", "Importar", "📥", "Datos", "importar"),
    Pagina("conciliacion", "paginas/conciliacion.py", "Conciliación CxC", "🧾", "Facturación", "ver_conciliacion"),
    Pagina("administracion", "paginas/administracion.py", "Administración", "⚙️", "Control", "administrar"),
    Pagina("auditoria", "paginas/auditoria.py", "Auditoría", "🔎", "Control", "ver_auditoria"),
)
POR_CLAVE = {p.clave: p for p in PAGINAS}
# Cómo se nombra a quien tiene un rol, en el aviso de una página que no puede abrir.
_QUIEN = {"administrador": "el administrador", "jefatura": "la jefatura",
          "atencion": "la Resp. de Atención de Clientes", "retencion": "la Resp. de Retención de Clientes",
          "facturacion": "la Encargada de Facturación"}


def puede_abrir(usuario: Usuario | None, clave: str) -> bool:
    pagina = POR_CLAVE[clave]
    return usuario is not None and (pagina.permiso is None or puede(usuario, pagina.permiso))


def visibles(usuario: Usuario | None) -> list[Pagina]:
    return [p for p in PAGINAS if puede_abrir(usuario, p.clave)]


# La página con que abre cada rol, la de su trabajo diario (los demás, el Semáforo).
INICIO = {"facturacion": "conciliacion"}


def inicio(usuario: Usuario) -> str:
    clave = INICIO.get(usuario.rol, "semaforo")
    return clave if puede_abrir(usuario, clave) else "semaforo"


def menu(usuario: Usuario) -> dict[str, list]:
    """Las secciones del menú con las páginas que el usuario puede abrir (para st.navigation). Las que no puede abrir
    van ocultas, sin sección: quien escribe su dirección recibe el aviso de su guardia (exigir), en español, y no el
    «Page not found» de Streamlit."""
    secciones: dict[str, list] = {}
    for p in visibles(usuario):
        secciones.setdefault(p.seccion, []).append(
            st.Page(p.archivo, title=p.titulo, icon=p.icono, default=p.clave == inicio(usuario)))
    ocultas = [st.Page(p.archivo, title=p.titulo, icon=p.icono, visibility="hidden")
               for p in PAGINAS if not puede_abrir(usuario, p.clave)]
    if ocultas:
        secciones[""] = ocultas
    return secciones


def exigir(clave: str) -> None:
    """La guardia de una página: si el usuario no puede abrirla, lo dice y la detiene."""
    usuario = ingreso.usuario()
    if puede_abrir(usuario, clave):
        return
    pagina = POR_CLAVE[clave]
    roles = ACCIONES[pagina.permiso][1] if pagina.permiso else set()
    quienes = [nombre for rol, nombre in _QUIEN.items() if rol in roles]
    para = " y ".join([", ".join(quienes[:-1]), quienes[-1]] if len(quienes) > 1 else quienes)
    st.title("Página no disponible")  # la guardia va primero en cada página: ni su título se muestra
    st.error(f"Su rol no puede {ACCIONES[pagina.permiso][0]}: «{pagina.titulo}» es sólo para {para}."
             if pagina.permiso else "Ingrese para ver esta página.", icon="🔒")
    if usuario is not None:
        st.caption(f"Elija otra página en el menú; la suya para empezar es «{POR_CLAVE[inicio(usuario)].titulo}».")
    st.stop()


def ir_a(clave: str) -> None:
    """Abre otra página. Con query_params={} Streamlit deja la dirección sin parámetros sin intentar borrar uno por uno
    los que están ligados a filtros (bind="query-params" del Semáforo): borrarlos así lanzaba «Cannot clear query
    parameters - the following are bound to widgets» con un filtro puesto."""
    st.switch_page(POR_CLAVE[clave].archivo, query_params={})
