"""La sesión del navegador (issue 14, punto 4): vence, se revoca al salir, al cambiar la clave y al desactivar la
cuenta (por la página y por la línea de órdenes), y la base guarda sólo el hash del token."""
from __future__ import annotations

import datetime as dt
import getpass
import hashlib

import pytest

from datos import administracion, cli_usuarios, reloj, sesiones, usuarios
from datos.errores import DatoInvalido
from datos.permisos import Usuario
from tests.conftest import ADMIN

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

