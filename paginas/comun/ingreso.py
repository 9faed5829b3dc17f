"""Quién entró: la contraseña (o la cuenta institucional con OpenID Connect), su sesión recordada en una cookie del
navegador y la salida."""
from __future__ import annotations

import datetime as dt
import email.utils
import json
import re

import streamlit as st
from streamlit.errors import StreamlitAuthError

from datos import conexion, formato, reloj, sesiones, usuarios
from datos.permisos import Usuario
from paginas.comun import avisos
from paginas.comun.unidad import cursor


def usuario() -> Usuario | None:
    """Quien ingresó. Con cuenta local su sesión se comprueba en cada llamada (vencida, revocada o con la cuenta
    desactivada, queda afuera, con el nombre y el rol de hoy); si en esta sesión de Streamlit nadie ingresó todavía,
    se prueba una vez la cookie del navegador: así F5 o una pestaña nueva no piden la contraseña otra vez."""
    token = st.session_state.get(_TOKEN)
    if token is None and not st.session_state.get(_COOKIE_LEIDA):
        st.session_state[_COOKIE_LEIDA] = True
        token = None if _oidc_configurado() else _token_del_navegador()  # con OIDC, st.login tiene su cookie
    if token is None:
        return st.session_state.get("usuario")
    quien = sesiones.validar(cursor(), token)
    if quien is None:
        st.session_state.pop("usuario", None)
        st.session_state.pop(_TOKEN, None)
    else:
        st.session_state["usuario"], st.session_state[_TOKEN] = quien, token
    return quien



def _oidc_configurado() -> bool:
    """¿Hay una sección [auth] en .streamlit/secrets.toml? Entonces se ingresa con OpenID Connect."""
    try:
        return "auth" in st.secrets
    except Exception:  # sin secrets.toml, Streamlit lanza un error al leerlo
        return False


def _proveedores_oidc() -> list[str | None]:
    """[None] si [auth] tiene client_id; si no, los nombres de [auth.PROVEEDOR]."""
    auth = st.secrets["auth"]
    if "client_id" in auth:
        return [None]
    return [nombre for nombre, valor in auth.items() if hasattr(valor, "get") and "client_id" in valor]


def entrar() -> Usuario | None:
    """Quien está adentro (usuario()) o quien acaba de enviar una contraseña correcta (_ingresar_lo_enviado). Con
    alguien adentro, un envío que quedó marcado (el segundo clic de un doble clic en «Ingresar», que llega después de
    entrar) se descarta: si no, al vencer la sesión se comprobaría con los campos ya vacíos, un «Usuario o contraseña
    incorrectos» que nadie escribió y un ingreso fallido en la auditoría."""
    quien = usuario()
    if quien is not None:
        st.session_state.pop(_ENVIADO, None)
        return quien
    return _ingresar_lo_enviado()


def _ingresar_lo_enviado() -> Usuario | None:
    """Quien acaba de ingresar con «Ingresar» (o None): el botón sólo marca el envío y la corrida que sigue empieza
    por aquí, antes de dibujar nada. Con la contraseña correcta la página se dibuja en esa misma corrida, sin otra
    vuelta del guion ni esperar al navegador (bench/bench_primer_semaforo.py); la cookie la escribe
    recordar_en_el_navegador."""
    if not st.session_state.pop(_ENVIADO, False):
        return None
    con = cursor()
    quien = usuarios.autenticar(con, st.session_state.get(_CAMPO_USUARIO, ""), st.session_state.get(_CAMPO_CLAVE, ""))
    if quien is None:
        st.session_state[_RECHAZADO] = True  # el formulario lo dice
        return None
    del st.session_state[_CAMPO_CLAVE]  # el formulario no se dibuja más: la clave no queda en la sesión
    sesion = sesiones.crear(con, quien)
    st.session_state["usuario"], st.session_state[_TOKEN], st.session_state[_POR_RECORDAR] = quien, sesion.token, sesion
    return quien


def _marcar_envio() -> None:
    st.session_state[_ENVIADO] = True


def formulario_ingreso() -> None:
    avisos.aviso_demo()
    st.title("Seguimiento de OTs · Movimiento de poste")
    if _oidc_configurado():
        _ingreso_oidc()
        precargar_graficos()
        return
    with st.form("ingreso"):
        st.text_input("Usuario", autocomplete="username", key=_CAMPO_USUARIO)
        st.text_input("Contraseña", type="password", autocomplete="current-password", key=_CAMPO_CLAVE)
        # La clave se comprueba al empezar la corrida siguiente (_ingresar_lo_enviado), no aquí al pie del formulario.
        st.form_submit_button("Ingresar", on_click=_marcar_envio)
        if st.session_state.pop(_RECHAZADO, False):
            st.error(usuarios.MENSAJE_RECHAZO)
    con = cursor()
    if conexion.es_demo(con):
        st.caption("Cuentas de demostración (usuario / contraseña):")
        st.table({"Usuario": [c[0] for c in usuarios.CUENTAS_DEMO],
                  "Contraseña": [c[3] for c in usuarios.CUENTAS_DEMO],
                  "Rol": [Usuario(*c[:3]).rol_nombre for c in usuarios.CUENTAS_DEMO]})
    elif not usuarios.hay_cuentas(con):
        st.warning("La base todavía no tiene cuentas. Cree el primer administrador desde la línea de "
                   "comandos: `python -m datos usuarios agregar USUARIO --rol administrador`")
    precargar_graficos()


def precargar_graficos() -> None:
    """Un gráfico de Plotly, una grilla y un elemento de cada clase que usa el Semáforo, vacíos e invisibles, al pie
    del ingreso: Streamlit baja el código de cada uno (Plotly ~4,7 MB de JS, la grilla ~0,5 MB, la métrica y los
    selectores unos kB cada uno, pero la página no aparece hasta tenerlos) recién con el primero que se dibuja; así el
    navegador lo baja y lo prepara mientras se escribe la contraseña, y el Semáforo no lo espera
    (bench/bench_primer_semaforo.py). Al final: el formulario se ve antes."""
    # Aquí: el servidor los carga una vez, después de mandar el formulario. pandas antes que Plotly: Plotly mira si
    # pandas está en sys.modules sin importarlo, y con el servidor recién arrancado otra corrida puede estar a mitad
    # de importarlo (se envía el formulario antes de que termine la primera): lo veía a medias, «partially initialized
    # module 'pandas'». `import pandas` espera a que esa importación termine.
    import pandas  # noqa: F401
    import plotly.graph_objects as go

    with st.container(key="precarga_graficos"):
        st.plotly_chart(go.Figure(), config={"staticPlot": True, "displayModeBar": False}, key="precarga_plotly")
        st.dataframe({"": []}, key="precarga_grilla")
        oculto = {"label_visibility": "collapsed"}
        st.metric("precarga", "")
        st.button("precarga", key="precarga_boton")
        st.selectbox("precarga", [""], key="precarga_mes", **oculto)
        st.multiselect("precarga", [""], key="precarga_zonas", **oculto)
        st.select_slider("precarga", ["", " "], key="precarga_periodo", **oculto)


def _ingreso_oidc() -> None:
    """Ingreso con la cuenta institucional: el correo verificado se busca en usuarios.email."""
    if not st.user.is_logged_in:
        st.write("Ingrese con su cuenta institucional.")
        for proveedor in _proveedores_oidc():
            etiqueta = "Ingresar" if proveedor is None else f"Ingresar con {proveedor}"
            if st.button(etiqueta, key=f"ingresar_oidc_{proveedor}"):
                try:
                    st.login(proveedor)
                except StreamlitAuthError as e:
                    st.error(f"El ingreso institucional no está bien configurado: {e}")
        return
    email = st.user.get("email")
    quien = None if st.user.get("email_verified") is False else usuarios.por_email(cursor(), email)
    if quien is None:
        st.error(f"La cuenta «{formato.texto_llano(email or 'sin correo')}» no tiene acceso a este tablero. "
                 "Pida al administrador que registre su correo.")
        if st.button("Salir", key="salir_oidc"):
            st.logout()
        return
    usuarios.registrar_ingreso_externo(cursor(), quien)
    st.session_state["usuario"] = quien
    st.rerun()


def cerrar_sesion() -> None:
    """Registra la salida, revoca la sesión del navegador (su cookie queda hasta vencer, pero ya no sirve) y borra
    todo el estado de la sesión (filtros incluidos) salvo el cursor."""
    quien = usuario()
    if quien is not None:
        usuarios.registrar_salida(cursor(), quien)
    sesiones.revocar(cursor(), st.session_state.get(_TOKEN))
    for clave in list(st.session_state.keys()):
        if not str(clave).startswith("_cursor"):
            del st.session_state[clave]
    st.session_state[_COOKIE_LEIDA] = True  # la cookie de esta pestaña es la recién revocada
    if _oidc_configurado() and st.user.is_logged_in:
        st.logout()
    else:
        st.rerun()


# ---------------------------------------------------------------- la sesión en el navegador (cookie)

COOKIE_SESION = "seguimiento_sesion"
_TOKEN = "_sesion_token"            # el token de esta sesión de Streamlit (para validarla y revocarla)
_COOKIE_LEIDA = "_sesion_cookie_leida"
_ENVIADO = "_ingreso_enviado"       # «Ingresar» pulsado: la corrida siguiente comprueba la clave
_RECHAZADO = "_ingreso_rechazado"
_CAMPO_USUARIO, _CAMPO_CLAVE = "ingreso_usuario", "ingreso_clave"
_POR_RECORDAR = "_sesion_por_recordar"  # datos.sesiones.Sesion recién creada: su cookie va con esta corrida


def _token_del_navegador() -> str | None:
    """La cookie de sesión tal como llegó con la conexión de esta pestaña (st.context.cookies: sólo lectura)."""
    valor = st.context.cookies.get(COOKIE_SESION)
    return valor if isinstance(valor, str) and valor else None  # sin navegador (AppTest) no llega un texto


# Un guion fijo en la página (st.html, como estilo.cerrar_menu_al_navegar) escribe la cookie: sin el iframe de un
# componente, que bajaba su propio JS y respondía con dos vueltas más del guion antes de entrar. Como antes, la escribe
# JavaScript (no puede ser HttpOnly); Secure cuando la página se sirve por https.
_GUION_COOKIE = """<script>
document.cookie = %s + (window.location.protocol === "https:" ? "; Secure" : "");
</script>"""


def recordar_en_el_navegador() -> None:
    """En la corrida del ingreso (app.py, al pie de la barra lateral): el navegador guarda la cookie de sesión, en todo
    el sitio, SameSite=Strict, hasta que vence la sesión. Nada vuelve del navegador: la página no espera."""
    sesion = st.session_state.get(_POR_RECORDAR)
    if sesion is None:
        return
    if not re.fullmatch(r"[A-Za-z0-9_-]+", sesion.token):  # secrets.token_urlsafe: nada que escapar en la cookie
        raise ValueError("token de sesión con caracteres inesperados")
    vence = sesion.expira_en.replace(tzinfo=reloj.ZONA_BOLIVIA)
    cookie = (f"{COOKIE_SESION}={sesion.token}; Path=/; Max-Age={sesion.segundos}; "
              f"Expires={email.utils.format_datetime(vence.astimezone(dt.timezone.utc), usegmt=True)}; SameSite=Strict")
    with st.container(key="sesion_navegador"):  # oculto (estilo.py): no ocupa lugar
        st.html(_GUION_COOKIE % json.dumps(cookie), unsafe_allow_javascript=True)
    del st.session_state[_POR_RECORDAR]
