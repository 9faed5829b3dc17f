"""La sesión del navegador (issue 14, punto 4): vence, se revoca al salir, al cambiar la clave y al desactivar la
cuenta (por la página y por la línea de órdenes), y la base guarda sólo el hash del token."""
from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from datos import administracion, reloj, sesiones, usuarios
from cli import usuarios as cli_usuarios
from datos.errores import DatoInvalido
from datos.permisos import Usuario
from tests.ayudas import ADMIN

RAIZ = Path(__file__).resolve().parents[1]
ANA = Usuario("ana", "Ana Atención", "atencion")
CLAVE = "clave-de-ana-1"
INICIO = dt.datetime(2026, 11, 30, 8, 0)


@pytest.fixture
def reloj_fijo(monkeypatch):
    """El reloj de Bolivia (datos.reloj.ahora) en INICIO; `avanzar(horas=…)` lo mueve."""
    ahora = [INICIO]
    monkeypatch.setattr(reloj, "ahora", lambda: ahora[0])

    def avanzar(**cuanto):
        ahora[0] += dt.timedelta(**cuanto)
    return avanzar


@pytest.fixture
def con_cuentas(con):
    usuarios.agregar(con, ADMIN, "admin", "Adm. Sistema", "administrador", "clave-del-admin")
    usuarios.agregar(con, ADMIN, "ana", "Ana Atención", "atencion", CLAVE)
    return con


def _motivos(con, usuario="ana"):
    return con.execute("SELECT motivo, revocada_por FROM sesiones WHERE usuario = $u ORDER BY id",
                       {"u": usuario}).fetchall()


# --- Vencimiento ----------------------------------------------------------------------------------

def test_vale_ocho_horas_y_despues_no(con_cuentas, reloj_fijo):
    sesion = sesiones.crear(con_cuentas, ANA)
    assert sesion.expira_en == INICIO + dt.timedelta(hours=8) and sesion.segundos == 8 * 3600
    assert sesiones.validar(con_cuentas, sesion.token) == ANA
    reloj_fijo(hours=7, minutes=59)
    assert sesiones.validar(con_cuentas, sesion.token) == ANA
    reloj_fijo(minutes=1)
    assert sesiones.validar(con_cuentas, sesion.token) is None


def test_la_duracion_es_un_ajuste(con_cuentas, reloj_fijo):
    administracion.cambiar_ajuste(con_cuentas, ADMIN, "horas_sesion", 2)
    sesion = sesiones.crear(con_cuentas, ANA)
    assert sesion.segundos == 2 * 3600
    reloj_fijo(hours=2)
    assert sesiones.validar(con_cuentas, sesion.token) is None
    with pytest.raises(DatoInvalido, match="entre 1 y 72"):
        administracion.cambiar_ajuste(con_cuentas, ADMIN, "horas_sesion", 0)


@pytest.mark.parametrize("token", [None, "", "token-inventado", "x" * 43])
def test_un_token_desconocido_no_entra(con_cuentas, token):
    sesiones.crear(con_cuentas, ANA)
    assert sesiones.validar(con_cuentas, token) is None


def test_el_rol_y_el_nombre_son_los_de_hoy(con_cuentas):
    sesion = sesiones.crear(con_cuentas, ANA)
    usuarios.cambiar_rol(con_cuentas, ADMIN, "ana", "retencion")
    assert sesiones.validar(con_cuentas, sesion.token) == Usuario("ana", "Ana Atención", "retencion")


# --- Sólo el hash ---------------------------------------------------------------------------------

def test_la_base_guarda_solo_el_hash_del_token(con_cuentas):
    sesion = sesiones.crear(con_cuentas, ANA)
    assert len(sesion.token) >= 43  # 32 bytes aleatorios en base64 de URL
    (guardado,) = con_cuentas.execute("SELECT token_hash FROM sesiones").fetchone()
    assert guardado == hashlib.sha256(sesion.token.encode()).hexdigest() != sesion.token
    # En ninguna tabla (sesiones, auditoría, usuarios…) aparece el token, ni la clave en la sesión.
    for (tabla,) in con_cuentas.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        for fila in con_cuentas.execute(f'SELECT * FROM "{tabla}"').fetchall():
            texto = " ".join(map(str, fila))
            assert sesion.token not in texto, tabla
    (clave_hash,) = con_cuentas.execute("SELECT clave_hash FROM usuarios WHERE usuario = 'ana'").fetchone()
    assert clave_hash not in sesion.token and CLAVE not in sesion.token


def test_cada_ingreso_tiene_su_token(con_cuentas):
    assert sesiones.crear(con_cuentas, ANA).token != sesiones.crear(con_cuentas, ANA).token


# --- Revocación -----------------------------------------------------------------------------------

def test_salir_revoca_esa_sesion_y_no_las_otras(con_cuentas, reloj_fijo):
    aqui, otro_equipo = sesiones.crear(con_cuentas, ANA), sesiones.crear(con_cuentas, ANA)
    reloj_fijo(minutes=30)
    sesiones.revocar(con_cuentas, aqui.token)
    assert sesiones.validar(con_cuentas, aqui.token) is None
    assert sesiones.validar(con_cuentas, otro_equipo.token) == ANA
    assert con_cuentas.execute("SELECT revocada_en, motivo, revocada_por FROM sesiones ORDER BY id").fetchall() == [
        (INICIO + dt.timedelta(minutes=30), "salida", "ana"), (None, None, None)]


def test_cambiar_la_clave_revoca_todas_sus_sesiones(con_cuentas):
    de_ana = [sesiones.crear(con_cuentas, ANA) for _ in range(2)]
    del_admin = sesiones.crear(con_cuentas, ADMIN)
    usuarios.restablecer_clave(con_cuentas, ADMIN, "ana", "clave-nueva-de-ana")
    assert [sesiones.validar(con_cuentas, s.token) for s in de_ana] == [None, None]
    assert sesiones.validar(con_cuentas, del_admin.token) == ADMIN
    assert _motivos(con_cuentas) == [("clave_cambiada", "admin")] * 2
    # Con la clave nueva, una sesión nueva vale.
    assert sesiones.validar(con_cuentas, sesiones.crear(con_cuentas, ANA).token) == ANA


def test_desactivar_revoca_y_reactivar_no_revive(con_cuentas):
    sesion = sesiones.crear(con_cuentas, ANA)
    usuarios.desactivar(con_cuentas, ADMIN, "ana")
    assert sesiones.validar(con_cuentas, sesion.token) is None
    assert _motivos(con_cuentas) == [("cuenta_desactivada", "admin")]
    usuarios.reactivar(con_cuentas, ADMIN, "ana")
    assert sesiones.validar(con_cuentas, sesion.token) is None


def test_un_cambio_rechazado_no_revoca(con_cuentas):
    sesion = sesiones.crear(con_cuentas, ADMIN)
    with pytest.raises(usuarios.CuentaInvalida, match="último administrador"):
        usuarios.desactivar(con_cuentas, Usuario("otro", "Otro", "administrador"), "admin")
    with pytest.raises(usuarios.CuentaInvalida, match="al menos"):
        usuarios.restablecer_clave(con_cuentas, ADMIN, "admin", "corta")
    assert sesiones.validar(con_cuentas, sesion.token) == ADMIN
    assert _motivos(con_cuentas, "admin") == [(None, None)]


def test_la_clave_cambiada_por_la_linea_de_ordenes_revoca(ruta_db, con_cuentas, monkeypatch, capsys):
    sesion = sesiones.crear(con_cuentas, ANA)
    con_cuentas.close()  # la línea de órdenes abre la base en su propio proceso
    respuestas = ["clave-nueva-de-ana", "clave-nueva-de-ana"]
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": respuestas.pop(0))
    assert cli_usuarios.main(["clave", "ana", "--db", str(ruta_db)]) == 0
    from datos import conexion
    con = conexion.conectar(ruta_db)
    try:
        assert sesiones.validar(con, sesion.token) is None
        assert _motivos(con) == [("clave_cambiada", "sistema")]
    finally:
        con.close()


# --- En la app (AppTest) --------------------------------------------------------------------------

@pytest.fixture
def con_app(ruta_db):
    """La base abierta como la abre la app (conexion.abierta), con las cuentas de demostración: las páginas de la
    prueba comparten esta unidad."""
    from datos import conexion
    with conexion.abierta(ruta_db) as con:
        usuarios.crear_cuentas_demo(con)
        yield con


@pytest.fixture
def cookie(monkeypatch):
    """La cookie con la que «recarga» el navegador: AppTest no puede mandarla, así que se da el token a
    comun._token_del_navegador (lo único que lee st.context.cookies)."""
    from paginas.comun import ingreso as comun
    enviada = [None]
    monkeypatch.setattr(comun, "_token_del_navegador", lambda: enviada[0])

    def poner(token):
        enviada[0] = token
    return poner


def _app():
    return AppTest.from_file(str(RAIZ / "app.py"), default_timeout=30)


def _ingresado(at) -> bool:
    return not at.exception and any(b.key == "cerrar_sesion" for b in at.sidebar.button)


def _formulario(at) -> bool:
    return not at.exception and [t.label for t in at.text_input] == ["Usuario", "Contraseña"]


def _contrasena_de_ana() -> AppTest:
    """Abre la app y envía la contraseña correcta de Ana."""
    at = _app().run()
    campos = {t.label: t for t in at.text_input}
    campos["Usuario"].input("ana")
    campos["Contraseña"].input("demo-ana")
    at.button[0].click()
    return at.run()


def _guiones_de_cookie(at) -> list[str]:
    """Los st.html de la barra lateral que escriben la cookie de sesión."""
    return [h.proto.body for h in at.sidebar.get("html") if "document.cookie" in h.proto.body]


def test_ingresar_crea_la_sesion_y_salir_la_revoca(con_app):
    at = _contrasena_de_ana()
    # En la misma corrida: adentro, en el Semáforo, sin esperar nada del navegador.
    assert _ingresado(at) and at.session_state["usuario"] == ANA and not _formulario(at)
    assert at.title[0].value == "Semáforo del KPI"
    (token_hash, motivo), = con_app.execute("SELECT token_hash, motivo FROM sesiones WHERE usuario = 'ana'").fetchall()
    assert motivo is None
    assert sesiones.hash_token(at.session_state["_sesion_token"]) == token_hash
    at.button(key="cerrar_sesion").click()
    at.run()
    assert _formulario(at)
    assert _motivos(con_app) == [("salida", "ana")]


def test_la_cookie_va_una_vez_con_el_token_y_sus_atributos(con_app):
    """El guion de la corrida del ingreso escribe la cookie; la clave no queda en el estado ni en la página."""
    at = _contrasena_de_ana()
    token = at.session_state["_sesion_token"]
    guion, = _guiones_de_cookie(at)
    assert f'"seguimiento_sesion={token}; Path=/; Max-Age=28800; Expires=' in guion
    assert "GMT; SameSite=Strict" in guion and 'protocol === "https:" ? "; Secure"' in guion
    assert "demo-ana" not in guion and "ingreso_clave" not in at.session_state
    at.run()  # el clic siguiente: la cookie ya está escrita, el guion no vuelve
    assert _ingresado(at) and _guiones_de_cookie(at) == []


def test_una_clave_equivocada_no_crea_sesion_ni_cookie(con_app):
    at = _app().run()
    campos = {t.label: t for t in at.text_input}
    campos["Usuario"].input("ana")
    campos["Contraseña"].input("otra-clave")
    at.button[0].click()
    at.run()
    assert _formulario(at) and at.error[0].value == usuarios.MENSAJE_RECHAZO
    assert _guiones_de_cookie(at) == [] and "_sesion_token" not in at.session_state
    assert con_app.execute("SELECT count(*) FROM sesiones").fetchone()[0] == 0
    at.run()  # el aviso es de ese envío: no se repite en la corrida siguiente
    assert _formulario(at) and not at.error


def test_el_segundo_clic_de_un_doble_clic_no_queda_para_despues(con_app, reloj_fijo):
    """El segundo clic de un doble clic en «Ingresar» llega ya adentro (su on_click marca otro envío): se descarta. Al
    vencer la sesión, el formulario vuelve sin error y la auditoría no anota un ingreso fallido que nadie hizo."""
    at = _contrasena_de_ana()
    assert _ingresado(at)
    at.session_state["_ingreso_enviado"] = True  # lo que deja el on_click del segundo clic
    at.run()
    assert _ingresado(at) and "_ingreso_enviado" not in at.session_state
    reloj_fijo(hours=8)  # la sesión vence
    at.run()
    assert _formulario(at) and not at.error
    assert con_app.execute("SELECT count(*) FROM auditoria WHERE accion IN ('ingreso_fallido', 'ingreso_desconocido')"
                           ).fetchone()[0] == 0


def test_recargar_con_la_cookie_entra_sin_contrasena(con_app, cookie):
    cookie(sesiones.crear(con_app, ANA).token)
    at = _app().run()
    assert _ingresado(at) and at.session_state["usuario"] == ANA
    assert not at.text_input  # ni el formulario de ingreso


@pytest.mark.parametrize("cambio", ["vencida", "salio", "clave", "desactivada", "inventada"])
def test_recargar_con_una_cookie_que_ya_no_vale_pide_la_contrasena(con_app, cookie, reloj_fijo, cambio):
    sesion = sesiones.crear(con_app, ANA)
    if cambio == "vencida":
        reloj_fijo(hours=8)
    elif cambio == "salio":
        sesiones.revocar(con_app, sesion.token)
    elif cambio == "clave":
        usuarios.restablecer_clave(con_app, ADMIN, "ana", "otra-clave-de-ana")
    elif cambio == "desactivada":
        usuarios.desactivar(con_app, ADMIN, "ana")
    cookie("no-es-un-token-emitido" if cambio == "inventada" else sesion.token)
    at = _app().run()
    assert _formulario(at) and "usuario" not in at.session_state


def test_la_pestana_abierta_sale_al_desactivar_la_cuenta(con_app, cookie):
    cookie(sesiones.crear(con_app, ANA).token)
    at = _app().run()
    assert _ingresado(at)
    usuarios.desactivar(con_app, ADMIN, "ana")
    at.run()  # el siguiente clic de Ana
    assert _formulario(at)
