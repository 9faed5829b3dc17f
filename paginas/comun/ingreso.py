"""Quién entró: la contraseña (o la cuenta institucional con OpenID Connect), su sesión recordada en una cookie del
navegador y la salida."""
from __future__ import annotations

import datetime as dt

import extra_streamlit_components as stx
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


def formulario_ingreso() -> None:
    if _terminar_ingreso():  # antes de aviso_demo: mientras el navegador responde, ninguna consulta
        return
    avisos.aviso_demo()
    st.title("Seguimiento de OTs · Movimiento de poste")
    if _oidc_configurado():
        _ingreso_oidc()
        precargar_graficos()
        return
    con = cursor()
    with st.form("ingreso"):
        nombre = st.text_input("Usuario", autocomplete="username")
        clave = st.text_input("Contraseña", type="password", autocomplete="current-password")
        if st.form_submit_button("Ingresar"):
            quien = usuarios.autenticar(con, nombre, clave)
            if quien is None:
                st.error(usuarios.MENSAJE_RECHAZO)
            else:
                # Se entra en la vuelta siguiente, cuando el navegador guardó la cookie (_terminar_ingreso).
                st.session_state[_INGRESO] = (quien, sesiones.crear(con, quien))
                st.rerun()
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
    """Un gráfico de Plotly y una grilla, vacíos e invisibles, al pie del ingreso: Streamlit baja su código (~4,7 MB y
    ~0,5 MB de JS) recién con el primero de cada uno; así el navegador lo baja y lo prepara mientras se escribe la
    contraseña, y el Semáforo no lo espera (bench/bench_primer_semaforo.py). Al final: el formulario se ve antes."""
    import plotly.graph_objects as go  # aquí: el servidor lo carga una vez, después de mandar el formulario

    with st.container(key="precarga_graficos"):
        st.plotly_chart(go.Figure(), config={"staticPlot": True, "displayModeBar": False}, key="precarga_plotly")
        st.dataframe({"": []}, key="precarga_grilla")


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
_INGRESO = "_sesion_ingresando"     # (Usuario, datos.sesiones.Sesion) mientras el navegador guarda la cookie
_COOKIE_ESCRITA = "_sesion_cookie_escrita"


def _token_del_navegador() -> str | None:
    """La cookie de sesión tal como llegó con la conexión de esta pestaña (st.context.cookies: sólo lectura)."""
    valor = st.context.cookies.get(COOKIE_SESION)
    return valor if isinstance(valor, str) and valor else None  # sin navegador (AppTest) no llega un texto


def _poner_cookie(token: str, segundos: int, vence: dt.datetime) -> bool:
    """Escribe la cookie de sesión con el CookieManager de extra-streamlit-components: SameSite=Strict, en todo el
    sitio, Secure si se sirve por https. True cuando el navegador respondió a los dos componentes que dibuja (el
    getAll de su constructor y el set). Hay que dibujarlos en cada vuelta hasta entonces: un st.rerun() antes los
    quitaría sin que corran; y un mensaje que llegara después haría otra vuelta encima de la página ya abierta."""
    stx.CookieManager(key=f"{_COOKIE_ESCRITA}_leer").set(
        COOKIE_SESION, token, key=_COOKIE_ESCRITA, path="/", max_age=segundos, expires_at=vence, same_site="strict",
        secure=(st.context.url or "").startswith("https:"))
    # getAll trae al menos _streamlit_xsrf (enableXsrfProtection en .streamlit/config.toml); antes, su valor es {}.
    return st.session_state.get(_COOKIE_ESCRITA) is True and bool(st.session_state.get(f"{_COOKIE_ESCRITA}_leer"))


def _terminar_ingreso() -> bool:
    """Tras una contraseña correcta: espera a que el navegador guarde la cookie y entra. False si no hay un ingreso
    en curso."""
    pendiente = st.session_state.get(_INGRESO)
    if pendiente is None:
        return False
    quien, sesion = pendiente
    st.title("Seguimiento de OTs · Movimiento de poste")
    st.caption(f"Ingresando como {quien.nombre}: se recuerda la sesión en este navegador hasta las "
               f"{sesion.expira_en:%H:%M} del {sesion.expira_en:%d/%m/%Y}.")
    vence = sesion.expira_en.replace(tzinfo=reloj.ZONA_BOLIVIA)  # fijo: mismos argumentos en cada vuelta
    # Si el componente del navegador no responde, se entra igual: F5 pedirá la contraseña otra vez.
    sin_cookie = st.button("Entrar sin recordar la sesión", key="_sesion_sin_cookie")
    if _poner_cookie(sesion.token, sesion.segundos, vence) or sin_cookie:
        del st.session_state[_INGRESO]
        st.session_state["usuario"], st.session_state[_TOKEN] = quien, sesion.token
        st.rerun()
    return True
