"""Endurecimiento: ingreso por la app, roles, HTML, inyección SQL, archivos fuera de la carpeta,
base en uso por otro proceso, ingreso con OpenID Connect y límite de subida."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from consultas import consultar
from datos import conexion, reloj, usuarios
from datos.permisos import ACCIONES, PermisoDenegado, Usuario, exigir, puede
from tests.ayudas import ADMIN, ATENCION, JEFATURA, RETENCION

RAIZ = Path(__file__).resolve().parents[1]
MIS_PAGINAS = ["administracion.py", "auditoria.py"]


@pytest.fixture
def con_app(ruta_db, base_migrada):
    """La base abierta como la abre la app (conexion.abierta): las páginas de la prueba comparten esta unidad."""
    with conexion.abierta(ruta_db) as con:
        usuarios.crear_cuentas_demo(con)
        yield con


def _app():
    return AppTest.from_file(str(RAIZ / "app.py"), default_timeout=30)


def _ingresar(at, usuario, clave):
    campos = {t.label: t for t in at.text_input}
    campos["Usuario"].input(usuario)
    campos["Contraseña"].input(clave)
    at.button[0].click()
    return at.run()


# --- Roles en la capa de datos --------------------------------------------------------------------

@pytest.mark.parametrize("quien, permitidas", [
    (ATENCION, {"importar", "importar_ordenes", "seguimiento", "ver_bandejas", "ausencias", "ver_personales",
                "anotar"}),
    (RETENCION, {"importar", "importar_ordenes", "seguimiento", "ver_bandejas", "ausencias", "ver_personales",
                 "anotar"}),
    (JEFATURA, {"ver_auditoria", "ver_bandejas", "ver_conciliacion", "revisar_conciliacion", "anotar"}),
    (ADMIN, {"administrar", "ausencias", "ver_personales", "ver_auditoria", "ver_conciliacion"}),
    (Usuario("fabi", "Fabiola Facturación", "facturacion"),
     {"importar", "importar_facturas", "ver_bandejas", "ver_personales", "ver_conciliacion", "conciliar"}),
    (None, set()),
])
def test_matriz_de_permisos(quien, permitidas):
    for accion in ACCIONES:
        if accion in permitidas:
            exigir(quien, accion)
        else:
            with pytest.raises(PermisoDenegado, match="no puede"):
                exigir(quien, accion)
    # La jefatura es de sólo lectura: ninguna acción de escritura.
    assert not any(puede(JEFATURA, a) for a in ("importar", "seguimiento", "ausencias", "administrar"))


@pytest.mark.parametrize("quien", [JEFATURA, ADMIN, None])
def test_importar_y_seguimiento_rechazados_en_la_capa_de_datos(con, quien):
    from datos import seguimiento
    from datos.importar import importar_archivo
    from tests.ayudas import MUESTRAS, insertar_orden
    ot = insertar_orden(con, estado="REGISTRADO")
    with pytest.raises(PermisoDenegado):
        importar_archivo(con, MUESTRAS / "ordenes_reporte_2025.csv", usuario=quien)
    with pytest.raises(PermisoDenegado):
        seguimiento.agregar(con, quien, ot, "coordinacion", "Coordinado con Redes")
    assert con.execute("SELECT (SELECT count(*) FROM importaciones), (SELECT count(*) FROM seguimientos)"
                       ).fetchone() == (0, 0)


@pytest.mark.parametrize("quien", [ATENCION, RETENCION])
def test_atencion_y_retencion_escriben_seguimiento(con, quien):
    from datos import seguimiento
    from tests.ayudas import insertar_orden
    ot = insertar_orden(con, estado="REGISTRADO")
    seguimiento.agregar(con, quien, ot, "coordinacion", "Coordinado con Redes",
                        fecha_contacto=reloj.hoy(), contacto="Redes")
    assert con.execute("SELECT autor FROM seguimientos").fetchall() == [(quien.usuario,)]


# --- Ingreso por app.py ---------------------------------------------------------------------------

def test_ingreso_y_salida_por_la_app(con_app):
    at = _app().run()
    assert "usuario" not in at.session_state
    _ingresar(at, "ana", "demo-ana")
    assert at.session_state["usuario"] == Usuario("ana", "Ana Atención", "atencion")
    assert any("Ana Atención" in m.value for m in at.sidebar.markdown)
    at.button(key="cerrar_sesion").click()
    at.run()
    assert "usuario" not in at.session_state
    assert [t.label for t in at.text_input] == ["Usuario", "Contraseña"]
    assert [a for (a,) in con_app.execute("SELECT accion FROM auditoria WHERE usuario = 'ana' ORDER BY id"
                                          ).fetchall()] == ["ingreso", "salida"]


def test_el_mensaje_de_rechazo_no_revela_si_el_usuario_existe(con_app):
    at = _ingresar(_app().run(), "ana", "clave-equivocada")
    clave_mala = at.error[0].value
    at = _ingresar(_app().run(), "nadie-se-llama-asi", "clave-equivocada")
    assert at.error[0].value == clave_mala == usuarios.MENSAJE_RECHAZO
    assert "usuario" not in at.session_state


def test_bloqueo_por_la_app(con_app):
    at = _app().run()
    for _ in range(usuarios.INTENTOS_MAXIMOS):
        _ingresar(at, "rita", "clave-equivocada")
    _ingresar(at, "rita", "demo-rita")
    assert "usuario" not in at.session_state
    assert at.error[0].value == usuarios.MENSAJE_RECHAZO
    assert con_app.execute("SELECT bloqueado_hasta > timezone('America/La_Paz', current_timestamp) FROM usuarios "
                           "WHERE usuario = 'rita'").fetchone() == (True,)
    # Las demás cuentas siguen entrando.
    _ingresar(at, "julia", "demo-julia")
    assert at.session_state["usuario"].rol == "jefatura"


def test_jefatura_no_ve_formularios_de_escritura(con_app):
    at = _ingresar(_app().run(), "julia", "demo-julia")
    assert at.session_state["usuario"].rol == "jefatura"
    for pagina in MIS_PAGINAS:
        at = AppTest.from_file(str(RAIZ / "paginas" / pagina), default_timeout=30)
        at.session_state["usuario"] = JEFATURA
        at.run()
        assert len(at.text_input) + len(at.number_input) == (1 if pagina == "auditoria.py" else 0)
        assert len(at.button) == 0
    with pytest.raises(PermisoDenegado):
        usuarios.agregar(con_app, JEFATURA, "intruso", "Intruso", "administrador", "clave-intruso")


# --- HTML: el texto de los usuarios se muestra como texto -----------------------------------------

def test_una_nota_con_script_se_muestra_como_texto(con_app):
    nota = "<script>alert('x')</script> <b>urgente</b>"
    con_app.execute("INSERT INTO seguimientos (ot, tipo, texto, autor, rol) "
                    "VALUES (9000001, 'medida_correctiva', $t, 'ana', 'atencion')", {"t": nota})
    at = AppTest.from_file(str(RAIZ / "paginas" / "auditoria.py"), default_timeout=30)
    at.session_state["usuario"] = ADMIN
    at.run()
    seguimientos = next(d.value for d in at.dataframe if "texto" in d.value.columns)
    assert seguimientos["texto"].tolist() == [nota]
    for pagina in MIS_PAGINAS:
        at = AppTest.from_file(str(RAIZ / "paginas" / pagina), default_timeout=30)
        at.session_state["usuario"] = ADMIN
        at.run()
        assert not [m for m in at.markdown if m.allow_html], pagina


def test_un_nombre_con_script_se_muestra_como_texto(con_app):
    usuarios.agregar(con_app, ADMIN, "raro", "<script>alert(1)</script>", "atencion", "clave-rara")
    at = _ingresar(_app().run(), "raro", "clave-rara")
    nombre = [m for m in at.sidebar.markdown if "<script>" in m.value]
    assert nombre and not any(m.allow_html for m in nombre)
    assert "<script>alert(1)</script>" in nombre[0].value


def test_mis_paginas_no_usan_html_crudo():
    for archivo in [RAIZ / "paginas" / p for p in MIS_PAGINAS] + sorted((RAIZ / "paginas" / "comun").glob("*.py")):
        assert "unsafe_allow_html" not in archivo.read_text(encoding="utf-8"), archivo.name


# --- Inyección SQL --------------------------------------------------------------------------------

@pytest.mark.parametrize("consulta", ["auditoria_importaciones", "auditoria_seguimientos", "auditoria_cambios"])
def test_filtro_con_inyeccion_no_devuelve_nada(con_app, consulta):
    con_app.execute("INSERT INTO importaciones (archivo, hash, familia, filas_leidas, nuevas, actualizadas, "
                    "sin_cambio, duplicados, otras_actividades, usuario) "
                    "VALUES ('a.csv', 'h', 'reporte', 1, 1, 0, 0, 0, 0, 'ana')")
    con_app.execute("INSERT INTO seguimientos (ot, tipo, texto, autor, rol) "
                    "VALUES (1, 'coordinacion', 'nota', 'ana', 'atencion')")
    hoy = reloj.hoy()
    rango = {"desde": hoy - dt.timedelta(days=1), "hasta": hoy}
    assert len(consultar(con_app, consulta, persona="", **rango)) > 0  # control: hay filas
    assert consultar(con_app, consulta, persona="' OR 1=1 --", **rango).empty
    assert consultar(con_app, consulta, persona="ana' OR '1'='1", **rango).empty


def test_filtro_con_inyeccion_en_la_pagina(con_app):
    at = AppTest.from_file(str(RAIZ / "paginas" / "auditoria.py"), default_timeout=30)
    at.session_state["usuario"] = ADMIN
    at.run()
    assert len(at.dataframe) == 1  # las altas de las cuentas de demostración
    at.text_input(key="auditoria_persona").input("' OR 1=1 --")
    at.run()
    assert not at.exception and len(at.dataframe) == 0
    assert con_app.execute("SELECT count(*) FROM usuarios").fetchone() == (len(usuarios.CUENTAS_DEMO),)


def test_ingreso_con_inyeccion_no_entra(con_app):
    at = _ingresar(_app().run(), "admin' --", "x")
    assert "usuario" not in at.session_state
    at = _ingresar(_app().run(), "' OR 1=1 --", "' OR 1=1 --")
    assert "usuario" not in at.session_state


# --- Archivos fuera de la carpeta de la base ------------------------------------------------------

def test_la_conexion_de_la_app_no_lee_fuera_de_su_carpeta(con_app, ruta_db):
    with pytest.raises(duckdb.PermissionException):
        con_app.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
    with pytest.raises(duckdb.PermissionException):
        con_app.execute(f"SELECT * FROM read_csv('{ruta_db.parent}/../../../etc/passwd')").fetchall()
    with pytest.raises(duckdb.PermissionException):
        con_app.execute(f"COPY (SELECT 1) TO '{ruta_db.parent.parent}/fuera.csv'")
    cursor = con_app.cursor()  # los cursores heredan la restricción
    with pytest.raises(duckdb.PermissionException):
        cursor.execute("SELECT * FROM read_csv('/etc/passwd')").fetchall()
    # Y nadie puede levantarla: la configuración está cerrada.
    with pytest.raises(duckdb.Error):
        con_app.execute("SET enable_external_access = true")
    with pytest.raises(duckdb.Error):
        con_app.execute("SET allowed_directories = ['/']")
    # Un archivo dentro de la carpeta de la base sí se lee (la importación lo necesita).
    (ruta_db.parent / "dentro.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert con_app.execute(f"SELECT * FROM read_csv('{ruta_db.parent}/dentro.csv')").fetchall() == [(1, 2)]


# --- Base en uso por otro proceso -----------------------------------------------------------------

@pytest.fixture
def otro_proceso(ruta_db):
    conexion.conectar(ruta_db).close()
    proceso = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('abierta', flush=True); "
         "time.sleep(120)", str(ruta_db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert proceso.stdout.readline().strip() == "abierta"
        yield proceso
    finally:
        proceso.kill()
        proceso.wait()


def test_base_en_uso_da_un_mensaje_claro(ruta_db, otro_proceso):
    with pytest.raises(conexion.BaseEnUso, match="abierta por otro proceso"):
        conexion.conectar(ruta_db)


def test_base_en_uso_en_la_app(ruta_db, otro_proceso):
    at = _app().run()
    assert not at.exception
    assert "abierta por otro proceso" in at.error[0].value


def test_base_en_uso_en_la_linea_de_comandos(ruta_db, otro_proceso, capsys):
    from cli import usuarios as cli_usuarios
    with pytest.raises(SystemExit) as salida:
        cli_usuarios.main(["listar", "--db", str(ruta_db)])
    assert salida.value.code == 1 and "abierta por otro proceso" in capsys.readouterr().err


# --- OpenID Connect -------------------------------------------------------------------------------

SECRETOS_OIDC = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "tablero", "client_secret": "s",
                          "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}}


def _app_oidc(usuario_oidc):
    at = _app()
    at.secrets = SECRETOS_OIDC
    at.user = usuario_oidc
    return at.run()


def test_oidc_pide_ingreso_institucional(con_app):
    at = _app_oidc({"is_logged_in": False})
    assert len(at.text_input) == 0  # sin formulario local
    # Fuera de la precarga oculta del ingreso (comun/ingreso.py: el código de cada elemento del Semáforo).
    assert [b.label for b in at.button if not b.key.startswith("precarga")] == ["Ingresar"]


def test_oidc_asigna_el_rol_por_correo(con_app):
    usuarios.cambiar_email(con_app, ADMIN, "julia", "julia@comteco.com.bo")
    at = _app_oidc({"is_logged_in": True, "email": "Julia@comteco.com.bo", "email_verified": True})
    assert at.session_state["usuario"] == Usuario("julia", "Julia Jefa", "jefatura")


@pytest.mark.parametrize("identidad", [
    {"is_logged_in": True, "email": "extrano@otro.com"},
    {"is_logged_in": True, "email": "julia@comteco.com.bo", "email_verified": False},
    {"is_logged_in": True},
])
def test_oidc_rechaza_correos_sin_cuenta(con_app, identidad):
    usuarios.cambiar_email(con_app, ADMIN, "julia", "julia@comteco.com.bo")
    at = _app_oidc(identidad)
    assert "usuario" not in at.session_state
    assert "no tiene acceso" in at.error[0].value


# --- Subidas --------------------------------------------------------------------------------------

def test_limite_de_subida_configurado():
    config = tomllib.loads((RAIZ / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 200
