"""Cuentas: hash de claves, ingreso, bloqueo, cambios de cuentas y la línea de comandos."""
from __future__ import annotations

import datetime as dt
import getpass

import pytest

from cli import usuarios as cli_usuarios
from datos import conexion, usuarios
from datos.permisos import PermisoDenegado, Usuario
from tests.ayudas import ADMIN, ATENCION, JEFATURA, RETENCION

AHORA = dt.datetime(2026, 10, 6, 8, 0)


def _auditoria(con, accion):
    return con.execute("SELECT usuario, detalle, fecha FROM auditoria WHERE accion = $a ORDER BY id",
                       {"a": accion}).fetchall()


# --- Hash -----------------------------------------------------------------------------------------

def test_el_hash_no_es_la_clave_y_cambia_con_la_sal():
    a, b = usuarios.hash_clave("clave-secreta"), usuarios.hash_clave("clave-secreta")
    assert "clave-secreta" not in a
    assert a != b  # sal aleatoria: dos cuentas con la misma clave no se delatan
    assert a.startswith("scrypt$") and int(a.split("$")[1]) >= 2**14
    assert usuarios.clave_correcta("clave-secreta", a) and usuarios.clave_correcta("clave-secreta", b)
    assert not usuarios.clave_correcta("clave-secretA", a)
    assert not usuarios.clave_correcta("clave-secreta", None)


def test_la_base_guarda_el_hash_no_la_clave(con):
    usuarios.agregar(con, ADMIN, "ana", "Ana", "atencion", "clave-de-ana")
    (guardado,) = con.execute("SELECT clave_hash FROM usuarios WHERE usuario = 'ana'").fetchone()
    assert guardado != "clave-de-ana" and "clave-de-ana" not in guardado
    assert usuarios.clave_correcta("clave-de-ana", guardado)


# --- Ingreso y bloqueo ----------------------------------------------------------------------------

@pytest.fixture
def con_ana(con):
    usuarios.agregar(con, ADMIN, "ana", "Ana Atención", "atencion", "clave-de-ana")
    return con


def test_ingreso_correcto_e_incorrecto(con_ana):
    assert usuarios.autenticar(con_ana, " Ana ", "clave-de-ana", ahora=AHORA) == \
        Usuario("ana", "Ana Atención", "atencion")
    assert usuarios.autenticar(con_ana, "ana", "clave-de-anA", ahora=AHORA) is None
    assert usuarios.autenticar(con_ana, "nadie", "clave-de-ana", ahora=AHORA) is None
    assert usuarios.autenticar(con_ana, "ana", "", ahora=AHORA) is None
    assert [u for u, *_ in _auditoria(con_ana, "ingreso")] == ["ana"]
    assert [d for _, d, _ in _auditoria(con_ana, "ingreso_fallido")] == ["intento 1 de 5", "intento 2 de 5"]


def test_bloqueo_tras_cinco_intentos_por_quince_minutos(con_ana):
    for i in range(usuarios.INTENTOS_MAXIMOS - 1):
        assert usuarios.autenticar(con_ana, "ana", "mala", ahora=AHORA) is None
    # Cuatro fallos no bloquean.
    assert usuarios.autenticar(con_ana, "ana", "clave-de-ana", ahora=AHORA) is not None
    for i in range(usuarios.INTENTOS_MAXIMOS):
        assert usuarios.autenticar(con_ana, "ana", "mala", ahora=AHORA) is None
    # Bloqueada: ni la clave correcta abre la sesión.
    assert usuarios.autenticar(con_ana, "ana", "clave-de-ana", ahora=AHORA + dt.timedelta(minutes=14)) is None
    assert len(_auditoria(con_ana, "cuenta_bloqueada")) == 1
    # Pasados los 15 minutos vuelve a entrar.
    assert usuarios.autenticar(con_ana, "ana", "clave-de-ana",
                               ahora=AHORA + dt.timedelta(minutes=15, seconds=1)) is not None
    (intentos, hasta) = con_ana.execute(
        "SELECT intentos_fallidos, bloqueado_hasta FROM usuarios WHERE usuario = 'ana'").fetchone()
    assert (intentos, hasta) == (0, None)


def test_restablecer_clave_levanta_el_bloqueo(con_ana):
    for _ in range(usuarios.INTENTOS_MAXIMOS):
        usuarios.autenticar(con_ana, "ana", "mala", ahora=AHORA)
    usuarios.restablecer_clave(con_ana, ADMIN, "ana", "otra-clave-1")
    assert usuarios.autenticar(con_ana, "ana", "otra-clave-1", ahora=AHORA) is not None
    assert usuarios.autenticar(con_ana, "ana", "clave-de-ana", ahora=AHORA) is None


def test_cuenta_desactivada_no_ingresa_y_se_reactiva(con_ana):
    usuarios.desactivar(con_ana, ADMIN, "ana")
    assert usuarios.autenticar(con_ana, "ana", "clave-de-ana", ahora=AHORA) is None
    usuarios.reactivar(con_ana, ADMIN, "ana")
    assert usuarios.autenticar(con_ana, "ana", "clave-de-ana", ahora=AHORA) is not None
    assert [(u, d) for u, d, _ in _auditoria(con_ana, "usuario_desactivado")] == [("admin", "ana")]


def test_por_email_para_openid_connect(con):
    usuarios.agregar(con, ADMIN, "julia", "Julia", "jefatura", "clave-julia", email="Julia@Comteco.com.bo")
    assert usuarios.por_email(con, "julia@comteco.com.bo ") == Usuario("julia", "Julia", "jefatura")
    assert usuarios.por_email(con, "otra@comteco.com.bo") is None
    assert usuarios.por_email(con, None) is None
    usuarios.desactivar(con, ADMIN, "julia")
    assert usuarios.por_email(con, "julia@comteco.com.bo") is None


# --- Cambios de cuentas: sólo el administrador ----------------------------------------------------

@pytest.mark.parametrize("quien", [ATENCION, RETENCION, JEFATURA, None])
def test_solo_el_administrador_maneja_cuentas(con_ana, quien):
    with pytest.raises(PermisoDenegado):
        usuarios.agregar(con_ana, quien, "pepe", "Pepe", "administrador", "clave-pepe")
    with pytest.raises(PermisoDenegado):
        usuarios.cambiar_rol(con_ana, quien, "ana", "administrador")
    with pytest.raises(PermisoDenegado):
        usuarios.restablecer_clave(con_ana, quien, "ana", "clave-robada")
    with pytest.raises(PermisoDenegado):
        usuarios.desactivar(con_ana, quien, "ana")
    with pytest.raises(PermisoDenegado):
        usuarios.cambiar_email(con_ana, quien, "ana", "x@y.bo")
    assert con_ana.execute("SELECT usuario, rol FROM usuarios").fetchall() == [("ana", "atencion")]
    assert usuarios.autenticar(con_ana, "ana", "clave-de-ana", ahora=AHORA) is not None


def test_cambio_de_rol_queda_auditado(con_ana):
    usuarios.cambiar_rol(con_ana, ADMIN, "ana", "retencion")
    assert usuarios.autenticar(con_ana, "ana", "clave-de-ana", ahora=AHORA).rol == "retencion"
    ((quien, detalle, fecha),) = _auditoria(con_ana, "rol_cambiado")
    assert (quien, detalle) == ("admin", "ana: atencion → retencion") and fecha is not None


def test_validaciones_de_cuenta(con_ana):
    with pytest.raises(usuarios.CuentaInvalida, match="Ya existe"):
        usuarios.agregar(con_ana, ADMIN, "ANA", "Otra", "atencion", "clave-larga")
    with pytest.raises(usuarios.CuentaInvalida, match="al menos 8"):
        usuarios.agregar(con_ana, ADMIN, "pepe", "Pepe", "atencion", "corta")
    with pytest.raises(usuarios.CuentaInvalida, match="Rol desconocido"):
        usuarios.agregar(con_ana, ADMIN, "pepe", "Pepe", "sistema", "clave-larga")
    with pytest.raises(usuarios.CuentaInvalida, match="usuario debe"):
        usuarios.agregar(con_ana, ADMIN, "pe pe", "Pepe", "atencion", "clave-larga")
    assert con_ana.execute("SELECT count(*) FROM usuarios").fetchone() == (1,)


def test_no_se_queda_sin_administrador(con):
    usuarios.agregar(con, usuarios.SISTEMA, "admin", "Adm", "administrador", "clave-admin")
    with pytest.raises(usuarios.CuentaInvalida, match="último administrador"):
        usuarios.cambiar_rol(con, ADMIN, "admin", "jefatura")
    with pytest.raises(usuarios.CuentaInvalida, match="propia cuenta"):
        usuarios.desactivar(con, ADMIN, "admin")
    usuarios.agregar(con, ADMIN, "admin2", "Adm 2", "administrador", "clave-admin2")
    usuarios.cambiar_rol(con, ADMIN, "admin2", "jefatura")
    with pytest.raises(usuarios.CuentaInvalida, match="último administrador"):
        usuarios.cambiar_rol(con, Usuario("admin2", "", "administrador"), "admin", "jefatura")


def test_cuentas_demo(con):
    usuarios.crear_cuentas_demo(con)
    usuarios.crear_cuentas_demo(con)  # dos veces no duplica ni falla
    for usuario, _, rol, clave in usuarios.CUENTAS_DEMO:
        assert usuarios.autenticar(con, usuario, clave, ahora=AHORA).rol == rol
    assert {r for _, _, r, _ in usuarios.CUENTAS_DEMO} == {"atencion", "retencion", "jefatura", "administrador",
                                                          "facturacion"}


def test_una_base_nueva_no_tiene_cuentas(con):
    assert not usuarios.hay_cuentas(con)


# --- Línea de comandos ----------------------------------------------------------------------------

@pytest.fixture
def claves(monkeypatch):
    """Respuestas que recibirá getpass, en orden."""
    respuestas: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": respuestas.pop(0))
    return respuestas


def test_cli_crea_el_primer_administrador(ruta_db, claves, capsys):
    claves += ["clave-del-jefe", "clave-del-jefe"]
    assert cli_usuarios.main(["agregar", "Jefe", "--rol", "administrador", "--nombre", "Jefe TI",
                              "--db", str(ruta_db)]) == 0
    assert "creada" in capsys.readouterr().out
    con = conexion.conectar(ruta_db)
    try:
        assert usuarios.autenticar(con, "jefe", "clave-del-jefe") == Usuario("jefe", "Jefe TI", "administrador")
        assert con.execute("SELECT usuario, detalle FROM auditoria WHERE accion = 'usuario_agregado'"
                           ).fetchall() == [("sistema", "jefe (administrador)")]
    finally:
        con.close()


def test_cli_no_acepta_la_clave_en_la_linea_de_comandos(ruta_db, claves):
    with pytest.raises(SystemExit):
        cli_usuarios.main(["agregar", "jefe", "--rol", "administrador", "--clave", "x", "--db", str(ruta_db)])


def test_cli_rechaza_claves_distintas(ruta_db, claves):
    claves += ["clave-uno-uno", "clave-dos-dos"] * 3
    with pytest.raises(SystemExit, match="No se cambió nada"):
        cli_usuarios.main(["agregar", "jefe", "--rol", "administrador", "--db", str(ruta_db)])
    con = conexion.conectar(ruta_db)
    try:
        assert not usuarios.hay_cuentas(con)
    finally:
        con.close()


def test_cli_cambia_la_clave(ruta_db, claves):
    claves += ["clave-inicial", "clave-inicial", "clave-nueva-1", "clave-nueva-1"]
    cli_usuarios.main(["agregar", "jefe", "--rol", "administrador", "--db", str(ruta_db)])
    cli_usuarios.main(["clave", "jefe", "--db", str(ruta_db)])
    con = conexion.conectar(ruta_db)
    try:
        assert usuarios.autenticar(con, "jefe", "clave-nueva-1") is not None
        assert usuarios.autenticar(con, "jefe", "clave-inicial") is None
    finally:
        con.close()


def test_python_m_datos_usuarios_agregar(ruta_db, claves):
    from cli.programas import datos as main
    claves += ["clave-del-jefe", "clave-del-jefe"]
    assert main(["usuarios", "agregar", "jefe", "--rol", "administrador", "--db", str(ruta_db)]) == 0
    con = conexion.conectar(ruta_db)
    try:
        assert usuarios.autenticar(con, "jefe", "clave-del-jefe").rol == "administrador"
    finally:
        con.close()


def test_cli_listar_o_clave_con_una_ruta_mal_escrita_no_crea_una_base(tmp_path, capsys):
    mal = tmp_path / "tipeo.duckdb"
    for orden in (["listar"], ["clave", "jefe"]):
        with pytest.raises(SystemExit) as salida:
            cli_usuarios.main([*orden, "--db", str(mal)])
        assert salida.value.code == 1 and "no existe la base de datos" in capsys.readouterr().err
    assert not mal.exists()
