"""Lo que se le dice al usuario: lo recién guardado (o por qué no se guardó), un error inesperado sin traza, de cuándo
son los datos, la suplencia en curso y la base de demostración."""
from __future__ import annotations

import logging
import sys

import streamlit as st

from consultas import consultar
from datos import conexion, formato, reloj, seguimiento
from datos.administracion import valor_ajuste
from datos.dominio import titulo_familia
from datos.errores import ErrorUsuario
from paginas.comun.unidad import cursor


_AVISO = "_aviso_guardado"
_ENVIOS = "_envios_guardados"  # {formulario: cuántos envíos suyos se guardaron en esta sesión}


def formulario(nombre: str) -> str:
    """La clave del formulario `nombre` para el envío en curso: su token de un solo uso. Los campos y el botón llevan
    esta clave; cuando hacer(..., envio=nombre) guarda, cambia. Así el formulario se dibuja nuevo (vacío: Streamlit
    no vacía en el navegador un campo que conserva su clave) y un segundo clic del mismo envío —un doble clic, un clic
    durante la corrida— llega con los datos de un botón que ya no existe: no se guarda dos veces."""
    n = st.session_state.get(_ENVIOS, {}).get(nombre, 0)
    return f"{nombre}_{n}" if n else nombre


def hacer(accion, exito: str | None = None, *, envio: str | None = None, limpiar: str | None = None,
          prefijo: str = "No se guardó: ") -> bool:
    """Ejecuta una escritura de datos/. Si la rechaza (ErrorUsuario: permiso, dato inválido…) muestra el motivo, deja
    el formulario como estaba (lo escrito no se pierde: los formularios no usan clear_on_submit) y devuelve False.
    Si no, da por usado el envío del formulario `envio` (ver formulario()), vacía los campos cuya clave empieza con
    `limpiar`, deja `exito` para después del st.rerun() y refresca.
    Cualquier otro error no se atrapa aquí: lo recibe el límite de app.py, que lo registra y muestra un aviso."""
    try:
        accion()
    except ErrorUsuario as e:
        st.error(f"{prefijo}{formato.texto_llano(e)}")
        return False
    if envio:
        envios = st.session_state.setdefault(_ENVIOS, {})
        envios[envio] = envios.get(envio, 0) + 1
    if limpiar:
        for clave in [k for k in st.session_state if str(k).startswith(limpiar)]:
            del st.session_state[clave]
    if exito:
        st.session_state[_AVISO] = exito
    st.rerun()
    return True


def mostrar_aviso() -> None:
    """El mensaje de lo recién guardado (una sola vez)."""
    if texto := st.session_state.pop(_AVISO, None):
        st.success(texto, icon="✅")


def error_inesperado(titulo: str) -> None:
    """Lo que ve el usuario cuando una página falla por un defecto: un aviso corto; la traza va al log. Una base dañada
    o un disco lleno no son defectos: se dicen tal cual, con qué hacer."""
    registro = logging.getLogger("seguimiento")
    if _falla_conocida(sys.exc_info()[1]):
        return
    registro.exception("Error inesperado en la página «%s»", titulo)
    st.error(f"Ocurrió un error inesperado en «{titulo}» ({reloj.ahora():%d/%m/%Y %H:%M}). No se guardó nada a "
             "medias. Vuelva a intentarlo; si se repite, avise al administrador con la hora de este mensaje.",
             icon="⚠️")


def _falla_conocida(error) -> bool:
    from datos import archivos
    from operacion import respaldo
    abiertas = conexion.abiertas()
    ruta = abiertas[-1] if abiertas else conexion.ruta_db()
    if respaldo.es_dano(error, base_propia=True):
        texto, icono = respaldo.mensaje_base_danada(ruta, error), "🛑"
    elif archivos.es_disco_lleno(error):
        texto, icono = archivos.mensaje_disco_lleno(ruta.parent, "guardar", archivos.lugar_para_la_base(ruta)), "💾"
    else:
        return False
    logging.getLogger("seguimiento").error("%s", texto)
    st.error(f"{texto} Si no administra el servidor, avise al administrador.", icon=icono)
    return True


def frescura() -> None:
    """En todas las páginas: de cuándo y de qué archivo son los datos de cada familia (las órdenes pueden ser más viejas
    que la facturación); un aviso si la última importación de órdenes es más vieja que el ajuste «días sin importar
    antes de avisar»."""
    con = cursor()
    ultimas = consultar(con, "ultima_importacion_por_familia")
    if ultimas.empty:
        st.sidebar.caption("Todavía no se importó ninguna exportación.")
        return
    for f in ultimas.itertuples(index=False):
        nombre = titulo_familia(f.tipo)
        st.sidebar.caption(f"{nombre} al {formato.texto_fecha_hora(f.fecha)} · {formato.texto_llano(f.archivo)}")
    ordenes = ultimas[ultimas.tipo == "ordenes"]
    if ordenes.empty:
        return
    fecha, archivo = ordenes.iloc[0][["fecha", "archivo"]]
    dias = (reloj.ahora() - fecha.to_pydatetime()).days
    limite = valor_ajuste(con, "dias_frescura")
    if dias >= limite:
        st.warning(f"La última importación de órdenes es del {formato.texto_fecha_hora(fecha)} (hace {dias} días, "
                   f"«{formato.texto_llano(archivo)}»): las cifras pueden no reflejar lo que hoy dice Smartflex. "
                   "Importe una exportación nueva.", icon="🕒")


def aviso_suplente(quien, pagina: str) -> None:
    """En todas las páginas (`pagina`: la dirección de la que se abre), para la Resp. de Retención mientras una ausencia
    registrada de la Resp. de Atención cubre hoy: está a cargo, y lo que registre queda marcado como suplencia. No en
    «Seguimiento / suplencia», que dice lo mismo con su propio aviso: uno por página."""
    if quien is None or quien.rol != "retencion" or pagina == "seguimiento":
        return
    ausencia = seguimiento.suplencia_vigente(cursor(), reloj.hoy())
    if ausencia is not None:
        _, desde, hasta, _ = ausencia
        st.warning(f"**Usted está a cargo del seguimiento** hasta el {formato.texto_fecha(hasta)}: la Resp. de "
                   f"Atención de Clientes está ausente desde el {formato.texto_fecha(desde)}. Lo que registre queda "
                   "marcado como hecho en suplencia; en «Seguimiento / suplencia» está lo pendiente.", icon="🤝")


def aviso_demo() -> None:
    if conexion.es_demo(cursor()):
        st.info("**Datos de demostración** — exportaciones de ejemplo, no datos reales de COMTECO.", icon="🧪")
