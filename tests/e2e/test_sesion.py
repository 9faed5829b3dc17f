"""La sesión sobrevive a F5 y a una pestaña nueva (issue 14, punto 4), en Chromium contra `streamlit run app.py`:
se ingresa, se recarga y se sigue adentro; se sale y la recarga pide la contraseña; una cookie vencida o revocada
(contraseña cambiada por el administrador) también la pide."""
from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from playwright.sync_api import Page, expect

from .conftest import CLAVE, CUENTAS, iniciar_servidor, preparar_base
from .test_recorridos import _contar_corridas, elegir, esperar_quieto, ingresar, ir_a

COOKIE = "seguimiento_sesion"
ADMIN = ("admin", "Adm. Sistema", "administrador")


@pytest.fixture(scope="module")
def servidor(navegador, tmp_path_factory):
    """Una base con un administrador y dos sesiones hechas antes de arrancar (DuckDB: un proceso por archivo): una
    de Julia que venció hace una hora y una vigente de Rita, cuyos tokens la prueba pone como cookie."""
    from datos import conexion, reloj, sesiones, usuarios
    from datos.permisos import Usuario

    base = preparar_base(tmp_path_factory.mktemp("sesion") / "seguimiento.duckdb")
    con = conexion.conectar(base.ruta)
    try:
        usuarios.agregar(con, usuarios.SISTEMA, ADMIN[0], ADMIN[1], ADMIN[2], CLAVE)
        julia, rita = (Usuario(u, *CUENTAS[u]) for u in ("julia", "rita"))
        vencida = sesiones.crear(con, julia, ahora=reloj.ahora() - dt.timedelta(hours=9)).token
        vigente = sesiones.crear(con, rita).token
    finally:
        con.close()
    servidor = iniciar_servidor(base, "sesion")
    servidor.tokens = {"vencida": vencida, "vigente": vigente}
    yield servidor
    servidor.detener()


@pytest.fixture
def con_admin(monkeypatch):
    monkeypatch.setitem(CUENTAS, ADMIN[0], ADMIN[1:])  # para que `ingresar` lo reconozca en la barra lateral


def adentro(pagina: Page, nombre: str) -> None:
    expect(pagina.get_by_test_id("stSidebar").get_by_text(nombre)).to_be_visible()
    expect(pagina.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    expect(pagina.get_by_role("button", name="Ingresar")).to_have_count(0)
    esperar_quieto(pagina)


def afuera(pagina: Page) -> None:
    expect(pagina.get_by_role("button", name="Ingresar")).to_be_visible()
    expect(pagina.get_by_label("Contraseña")).to_be_visible()
    expect(pagina.get_by_role("button", name="Cerrar sesión")).to_have_count(0)
    esperar_quieto(pagina)


def recargar(pagina: Page) -> None:
    pagina.reload()
    esperar_quieto(pagina)


def cookie_de_sesion(pagina: Page) -> dict | None:
    return next((c for c in pagina.context.cookies() if c["name"] == COOKIE), None)


def test_el_ingreso_sobrevive_a_recargar_y_a_otra_pestana(servidor, pagina_nueva):
    pagina = pagina_nueva()
    ingresar(pagina, servidor.url, "ana")
    # Lo que guarda el navegador: un token al azar (ni la clave ni su hash), SameSite=Strict, en todo el sitio,
    # por 8 horas; sin Secure porque la prueba usa http.
    cookie = cookie_de_sesion(pagina)
    assert cookie is not None, pagina.context.cookies()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie["value"]) and CLAVE not in cookie["value"]
    assert (cookie["path"], cookie["sameSite"], cookie["secure"], cookie["httpOnly"]) == ("/", "Strict", False, False)
    assert 7.9 * 3600 < cookie["expires"] - time.time() <= 8 * 3600

    recargar(pagina)
    adentro(pagina, "Ana Atención")
    otra = pagina.context.new_page()  # otra pestaña del mismo navegador
    otra.goto(servidor.url)
    adentro(otra, "Ana Atención")
    otra.close()

    pagina.get_by_role("button", name="Cerrar sesión").click()
    afuera(pagina)
    # La cookie queda en el navegador, pero el servidor la revocó: la recarga la manda y pide la contraseña.
    assert cookie_de_sesion(pagina)["value"] == cookie["value"]
    recargar(pagina)
    afuera(pagina)


@pytest.mark.parametrize("cual, nombre", [("vencida", None), ("vigente", "Rita Retención")])
def test_una_cookie_vencida_pide_la_contrasena(servidor, pagina_nueva, cual, nombre):
    pagina = pagina_nueva()
    pagina.context.add_cookies([{"name": COOKIE, "value": servidor.tokens[cual], "url": servidor.url,
                                 "sameSite": "Strict"}])
    _contar_corridas(pagina)
    pagina.goto(servidor.url)
    if nombre is None:
        afuera(pagina)
    else:  # la misma cookie, sin vencer: entra (así la vencida no pasa por no haber cookie)
        adentro(pagina, nombre)


def test_la_contrasena_cambiada_por_el_administrador_cierra_la_sesion(servidor, pagina_nueva, con_admin):
    julia = pagina_nueva()
    ingresar(julia, servidor.url, "julia")
    recargar(julia)
    adentro(julia, "Julia Jefa")

    admin = pagina_nueva()
    ingresar(admin, servidor.url, "admin")
    ir_a(admin, "Administración")
    cuenta = admin.get_by_test_id("stSelectbox").filter(has=admin.get_by_text("Cuenta", exact=True))
    elegir(admin, cuenta, admin.get_by_role("option", name="julia", exact=True))
    esperar_quieto(admin)  # la corrida que cambió de cuenta terminó: ninguna copia vieja del formulario queda
    formulario = admin.get_by_test_id("stForm").filter(
        has=admin.get_by_role("button", name="Restablecer contraseña"))
    formulario.get_by_label("Contraseña nueva").fill("otra-clave-de-julia")
    formulario.get_by_label("Repita la contraseña").fill("otra-clave-de-julia")
    formulario.get_by_role("button", name="Restablecer contraseña").click()
    expect(admin.get_by_text("Contraseña de «julia» restablecida")).to_be_visible()

    recargar(julia)  # la cookie sigue en su navegador, pero el servidor ya no la acepta
    afuera(julia)
    assert cookie_de_sesion(julia) is not None
