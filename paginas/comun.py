"""Lo que comparten las páginas: conexión, cursor de la sesión, usuario y avisos."""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAuthError

from datos import formato
from datos import conexion, reloj
from datos.dominio import ETIQUETA_VEREDICTO
from datos.errores import ErrorUsuario
from datos.permisos import Usuario

COLOR_VEREDICTO = {"APROBADO": "green", "OBSERVADO": "red", "SIN_TRAMITES": "gray"}
LUZ_VEREDICTO = {"APROBADO": "🟢", "OBSERVADO": "🔴", "SIN_TRAMITES": "⚪"}
VERSION = Path(__file__).resolve().parents[1] / "VERSION"  # lo escribe servidor/instalar.sh (git describe)


def version() -> str:
    return VERSION.read_text(encoding="utf-8").strip() if VERSION.exists() else "sin instalar (copia de desarrollo)"


def ruta_db() -> str:
    if os.environ.get("SEGUIMIENTO_DEMO") == "1":
        import demo
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


def usuario() -> Usuario | None:
    """Quien ingresó. Con cuenta local su sesión se comprueba en cada llamada (vencida, revocada o con la cuenta
    desactivada, queda afuera, con el nombre y el rol de hoy); si en esta sesión de Streamlit nadie ingresó todavía,
    se prueba una vez la cookie del navegador: así F5 o una pestaña nueva no piden la contraseña otra vez."""
    from datos import sesiones
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


# ---------------------------------------------------------------- escribir y avisar

_AVISO = "_aviso_guardado"


def hacer(accion, exito: str | None = None, *, limpiar: str | None = None, prefijo: str = "No se guardó: ") -> bool:
    """Ejecuta una escritura de datos/. Si la rechaza (ErrorUsuario: permiso, dato inválido…) muestra el motivo, deja
    el formulario como estaba (lo escrito no se pierde: los formularios no usan clear_on_submit) y devuelve False.
    Si no, vacía los campos cuya clave empieza con `limpiar`, deja `exito` para después del st.rerun() y refresca.
    Cualquier otro error no se atrapa aquí: lo recibe el límite de app.py, que lo registra y muestra un aviso."""
    try:
        accion()
    except ErrorUsuario as e:
        st.error(f"{prefijo}{e}")
        return False
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
    """Lo que ve el usuario cuando una página falla por un defecto: un aviso corto; la traza va al log."""
    registro = logging.getLogger("seguimiento")
    registro.exception("Error inesperado en la página «%s»", titulo)
    st.error(f"Ocurrió un error inesperado en «{titulo}» ({reloj.ahora():%d/%m/%Y %H:%M}). No se guardó nada a "
             "medias. Vuelva a intentarlo; si se repite, avise al administrador con la hora de este mensaje.",
             icon="⚠️")


def frescura() -> None:
    """En todas las páginas: de cuándo y de qué archivo son los datos; un aviso si la última importación es más vieja
    que el ajuste «días sin importar antes de avisar»."""
    from consultas import consultar
    from datos.administracion import valor_ajuste

    con = cursor()
    ultima = consultar(con, "ultima_importacion")
    if ultima.empty:
        st.sidebar.caption("Todavía no se importó ninguna exportación.")
        return
    fecha, archivo = ultima.iloc[0][["fecha", "archivo"]]
    st.sidebar.caption(f"Datos al {formato.texto_fecha_hora(fecha)} · {archivo}")
    dias = (reloj.ahora() - fecha.to_pydatetime()).days
    limite = valor_ajuste(con, "dias_frescura")
    if dias >= limite:
        st.warning(f"La última importación es del {formato.texto_fecha_hora(fecha)} (hace {dias} días, «{archivo}»): "
                   "las cifras pueden no reflejar lo que hoy dice Smartflex. Importe una exportación nueva.",
                   icon="🕒")


def aviso_suplente() -> None:
    """En todas las páginas, para la Resp. de Retención mientras una ausencia registrada de la Resp. de Atención
    cubre hoy: está a cargo, y lo que registre queda marcado como suplencia."""
    from datos import seguimiento

    quien = usuario()
    if quien is None or quien.rol != "retencion":
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


def veredicto(estado: str, *, titulo: str, porcentaje: str, conteos: dict[str, int], preliminar: bool,
              nota: str, cambio: str | None = None, comparado_con: str | None = None) -> None:
    """El resultado del mes, igual en el Semáforo y en el Informe: luz y APROBADO/OBSERVADO con fondo de
    color, el KPI (con su cambio), «Preliminar» si quedan pendientes, los conteos y una nota."""
    with st.container(border=True):
        luz, cifras = st.columns([2, 3], vertical_alignment="center")
        with luz:
            color = COLOR_VEREDICTO[estado]
            st.markdown(f"## {LUZ_VEREDICTO[estado]} :{color}-background[:{color}[{ETIQUETA_VEREDICTO[estado]}]]")
            st.metric(titulo, porcentaje, delta=cambio, delta_description=comparado_con)
            if preliminar:
                st.badge("Preliminar", icon="⏳", color="orange",
                         help="Quedan órdenes REGISTRADAS: el KPI puede cambiar con la próxima importación.")
        with cifras:
            # De dos en dos: en una pantalla angosta Streamlit apila las columnas, y cuatro en fila serían cuatro filas.
            pares = list(conteos.items())
            for inicio in range(0, len(pares), 2):
                for columna, (rotulo, valor) in zip(st.columns(2), pares[inicio:inicio + 2]):
                    columna.metric(rotulo, formato.texto_entero(valor))
            st.caption(nota)


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
    from datos import sesiones, usuarios
    if _terminar_ingreso():  # antes de aviso_demo: mientras el navegador responde, ninguna consulta
        return
    aviso_demo()
    st.title("Seguimiento de OTs · Movimiento de poste")
    if _oidc_configurado():
        _ingreso_oidc()
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


def _ingreso_oidc() -> None:
    """Ingreso con la cuenta institucional: el correo verificado se busca en usuarios.email."""
    from datos import usuarios
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
        st.error(f"La cuenta «{email or 'sin correo'}» no tiene acceso a este tablero. "
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
    from datos import sesiones, usuarios
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
    import extra_streamlit_components as stx

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


# ---------------------------------------------------------------- textos de Streamlit que no se configuran

# Lo que Streamlit 1.67 deja configurar ya está en español por su parámetro o en .streamlit/config.toml
# (client.disableDataExport: sin «Download as CSV» en las grillas; client.toolbarMode = "minimal": sin el menú de la
# app; multiselect(select_all=False): sin «Select all»; date_input(format="DD/MM/YYYY")). Lo que no tiene opción se
# traduce o se oculta aquí, en un solo lugar, con selectores data-testid (los estables de Streamlit). 14px es el
# tamaño de esos textos en el tema (0.875rem); font-size: 0 oculta el original y ::after escribe el español.
_ESTILO_ES = """<style>
/* Selector de archivos: «Upload» / «Add files» → «Elegir archivos»; «200MB per file» → «o arrástrelos aquí»
   (el límite, en la ayuda del selector, sale de server.maxUploadSize). */
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
    content: "Elegir archivos"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "o arrástrelos aquí"; font-size: 0.875rem; }
/* Fecha vacía: «dd / mm / aaaa», no «yyyy». */
[data-testid="stDateInput"] [data-type="year"][data-placeholder="true"] { font-size: 0; }
[data-testid="stDateInput"] [data-type="year"][data-placeholder="true"]::after { content: "aaaa"; font-size: 0.875rem; }
/* Barra de las grillas y gráficos: «Search», «Fullscreen», «Show/hide columns» sólo en inglés. Cada bandeja tiene
   su Excel y su CSV con nombre, y la búsqueda de la grilla vería sólo la página a la vista. */
[data-testid="stElementToolbar"] { display: none; }
</style>"""


def estilo() -> None:
    """Los textos en inglés de Streamlit que no tienen opción: traducidos u ocultos (una vez por corrida, desde
    app.py). st.html con sólo <style> no ocupa lugar en la página."""
    st.html(_ESTILO_ES)
