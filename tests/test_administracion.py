"""Configuración del administrador (capa de datos y página) y la vista de auditoría."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from datos import administracion, conexion, usuarios
from datos.permisos import PermisoDenegado
from tests.ayudas import ADMIN, ATENCION, JEFATURA, RETENCION, leido

RAIZ = Path(__file__).resolve().parents[1]


def _cambios(con):
    return con.execute("SELECT usuario, accion, detalle FROM auditoria ORDER BY id").fetchall()


# --- Capa de datos --------------------------------------------------------------------------------

def test_equivalencia_nueva_y_cambiada_quedan_auditadas(con):
    # con código, la clave es el código: «9 - Cerrada Parcial», «9-cerrada parcial» y «9» son la misma equivalencia
    assert administracion.guardar_mapeo(con, ADMIN, "  9 -  Cerrada Parcial ", "ATENDIDO") == "9"
    administracion.guardar_mapeo(con, ADMIN, "9 - CERRADA PARCIAL", "REGISTRADO")
    administracion.guardar_mapeo(con, ADMIN, "9-cerrada parcial", "REGISTRADO")  # sin cambio: no se audita
    assert con.execute("SELECT estado FROM mapeo_estados WHERE valor = '9'").fetchone() == ("REGISTRADO",)
    # sin código, la descripción sin mayúsculas, tildes ni espacios de más
    assert administracion.guardar_mapeo(con, ADMIN, "  En  Revisión ", "REGISTRADO") == "en revision"
    assert _cambios(con) == [
        ("admin", "mapeo_agregado", "«9» → ATENDIDO"),
        ("admin", "mapeo_cambiado", "«9»: ATENDIDO → REGISTRADO"),
        ("admin", "mapeo_agregado", "«en revision» → REGISTRADO"),
    ]
    administracion.quitar_mapeo(con, ADMIN, "9 - Cerrada Parcial")
    assert con.execute("SELECT count(*) FROM mapeo_estados WHERE valor = '9'").fetchone() == (0,)
    assert _cambios(con)[-1][1] == "mapeo_quitado"


def test_equivalencia_rechaza_estado_desconocido(con):
    with pytest.raises(ValueError, match="no válido"):
        administracion.guardar_mapeo(con, ADMIN, "PENDIENTE", "EN CURSO")
    with pytest.raises(ValueError):
        administracion.guardar_mapeo(con, ADMIN, "   ", "ATENDIDO")
    assert _cambios(con) == []


def test_actividades(con):
    administracion.guardar_actividad(con, ADMIN, 52999, "Traslado de poste especial")
    administracion.quitar_actividad(con, ADMIN, 8074)
    assert con.execute("SELECT codigo FROM actividades_poste ORDER BY codigo").fetchall() == [(52137,), (52999,)]
    administracion.quitar_actividad(con, ADMIN, 52999)
    with pytest.raises(ValueError, match="al menos una"):
        administracion.quitar_actividad(con, ADMIN, 52137)
    assert [a for _, a, _ in _cambios(con)] == ["actividad_agregada", "actividad_quitada", "actividad_quitada"]


def test_umbral(con):
    administracion.cambiar_umbral(con, ADMIN, "95")
    assert conexion.ajuste(con, "umbral_kpi") == "95"
    for malo in ("97.5", "0", "101", "noventa"):
        with pytest.raises(ValueError):
            administracion.cambiar_umbral(con, ADMIN, malo)
    assert conexion.ajuste(con, "umbral_kpi") == "95"
    assert _cambios(con) == [("admin", "ajuste_cambiado", "umbral del indicador (%): 98 → 95")]


@pytest.mark.parametrize("quien", [ATENCION, RETENCION, JEFATURA, None])
def test_solo_el_administrador_configura(con, quien):
    antes = (con.execute("SELECT * FROM mapeo_estados ORDER BY valor").fetchall(),
             con.execute("SELECT * FROM actividades_poste ORDER BY codigo").fetchall(),
             con.execute("SELECT * FROM ajustes ORDER BY clave").fetchall())
    for cambio in (lambda: administracion.guardar_mapeo(con, quien, "9 - CERRADA", "ATENDIDO"),
                   lambda: administracion.quitar_mapeo(con, quien, "8 - LEGALIZADA"),
                   lambda: administracion.guardar_actividad(con, quien, 1, "Otra"),
                   lambda: administracion.quitar_actividad(con, quien, 8074),
                   lambda: administracion.cambiar_umbral(con, quien, 50)):
        with pytest.raises(PermisoDenegado):
            cambio()
    despues = (con.execute("SELECT * FROM mapeo_estados ORDER BY valor").fetchall(),
               con.execute("SELECT * FROM actividades_poste ORDER BY codigo").fetchall(),
               con.execute("SELECT * FROM ajustes ORDER BY clave").fetchall())
    assert despues == antes and _cambios(con) == []


def test_un_error_a_mitad_de_cambio_no_deja_nada(con, monkeypatch):
    def falla(*_):
        raise RuntimeError("disco lleno")
    monkeypatch.setattr(administracion, "auditar", falla)
    with pytest.raises(RuntimeError):
        administracion.guardar_mapeo(con, ADMIN, "9 - CERRADA", "ATENDIDO")
    # Sin auditoría no hay cambio: la transacción se deshizo.
    assert con.execute("SELECT count(*) FROM mapeo_estados WHERE valor = '9'").fetchone() == (0,)
    assert not conexion.escribiendo.locked()


# --- Página de administración ---------------------------------------------------------------------

@pytest.fixture
def con_app(ruta_db):
    """La base abierta como la abre la app (conexion.abierta): las páginas de la prueba comparten esta unidad."""
    with conexion.abierta(ruta_db) as con:
        yield con


def _pagina(nombre, usuario):
    at = AppTest.from_file(str(RAIZ / "paginas" / nombre), default_timeout=30)
    at.session_state["usuario"] = usuario
    return at.run()


@pytest.mark.parametrize("quien", [ATENCION, RETENCION, JEFATURA])
def test_pagina_administracion_rechaza_otros_roles(con_app, quien):
    at = _pagina("administracion.py", quien)
    assert not at.exception
    assert "sólo para el administrador" in at.error[0].value
    assert len(at.text_input) == 0 and len(at.button) == 0 and len(at.dataframe) == 0


def test_administrador_crea_una_cuenta_desde_la_pagina(con_app):
    at = _pagina("administracion.py", ADMIN)
    assert not at.exception
    formulario = {t.label: t for t in at.text_input}
    formulario["Usuario"].input("Pepe")
    formulario["Nombre completo"].input("Pepe Pérez")
    formulario["Contraseña"].input("clave-de-pepe")
    formulario["Repita la contraseña"].input("clave-de-pepe")
    at.selectbox[0].select("retencion")
    at.button(key="FormSubmitter:cuenta_nueva-Crear cuenta").click()
    at.run()
    assert not at.exception and not at.error
    assert "Cuenta «pepe» creada." in at.success[0].value
    assert usuarios.autenticar(con_app, "pepe", "clave-de-pepe").rol == "retencion"
    assert con_app.execute("SELECT usuario, accion FROM auditoria WHERE accion = 'usuario_agregado'"
                           ).fetchall() == [("admin", "usuario_agregado")]


def test_pagina_muestra_el_motivo_del_rechazo(con_app):
    at = _pagina("administracion.py", ADMIN)
    formulario = {t.label: t for t in at.text_input}
    formulario["Usuario"].input("pepe")
    formulario["Contraseña"].input("corta")
    formulario["Repita la contraseña"].input("corta")
    at.button(key="FormSubmitter:cuenta_nueva-Crear cuenta").click()
    at.run()
    assert "al menos 8 caracteres" in at.error[0].value
    assert not usuarios.hay_cuentas(con_app)


def test_administrador_cambia_umbral_y_equivalencia_desde_la_pagina(con_app):
    at = _pagina("administracion.py", ADMIN)
    umbral = next(n for n in at.number_input if n.label.startswith("Umbral"))
    assert umbral.value == 98
    umbral.set_value(97)
    at.button(key="FormSubmitter:ajustes-Guardar").click()
    at.run()
    assert conexion.ajuste(con_app, "umbral_kpi") == "97"
    valor = next(t for t in at.text_input if t.label.startswith("Valor tal como"))
    valor.input("9 - CERRADA TOTAL")
    next(s for s in at.selectbox if s.label == "Estado").select("ATENDIDO")
    at.button(key="FormSubmitter:mapeo_guardar-Guardar equivalencia").click()
    at.run()
    assert not at.exception
    assert con_app.execute("SELECT estado FROM mapeo_estados WHERE valor = '9'").fetchone() == ("ATENDIDO",)
    assert [a for (a,) in con_app.execute("SELECT accion FROM auditoria ORDER BY id").fetchall()] == \
        ["ajuste_cambiado", "mapeo_agregado"]


# --- Auditoría ------------------------------------------------------------------------------------

@pytest.fixture
def con_con_historia(con_app):
    usuarios.crear_cuentas_demo(con_app)
    administracion.cambiar_umbral(con_app, ADMIN, 97)
    con_app.execute("""INSERT INTO importaciones (archivo, hash, familia, filas_leidas, nuevas, actualizadas,
                       sin_cambio, duplicados, otras_actividades, usuario)
                       VALUES ('ordenes.csv', 'abc', 'reporte', 3, 3, 0, 0, 0, 0, 'rita')""")
    con_app.execute("""INSERT INTO seguimientos (ot, tipo, texto, autor, rol)
                       VALUES (9000001, 'coordinacion', 'Llamé a Gestión de Redes', 'ana', 'atencion')""")
    return con_app


@pytest.mark.parametrize("quien", [ATENCION, RETENCION])
def test_auditoria_no_es_para_atencion_ni_retencion(con_con_historia, quien):
    at = _pagina("auditoria.py", quien)
    assert "sólo para el administrador y la jefatura" in at.error[0].value
    assert len(at.dataframe) == 0


@pytest.mark.parametrize("quien", [ADMIN, JEFATURA])
def test_auditoria_muestra_las_tres_fuentes(con_con_historia, quien):
    at = _pagina("auditoria.py", quien)
    assert not at.exception
    importaciones, seguimientos, cambios = (t.value for t in at.dataframe)
    # las personas por su nombre y las acciones en palabras, no «rita» ni «ajuste_cambiado» (issue 24)
    assert importaciones["usuario"].tolist() == ["Rita Retención"]
    assert seguimientos["usuario"].tolist() == ["Ana Atención"]
    assert seguimientos["rol"].tolist() == ["Resp. Atención de Clientes"]
    assert seguimientos["tipo"].tolist() == ["Coordinación"]
    assert ("Adm. Sistema", "Ajuste cambiado") in set(zip(cambios["usuario"], cambios["accion"]))
    # La jefatura mira pero no tiene formularios.
    assert len(at.button) == 0


def test_auditoria_filtra_por_persona(con_con_historia):
    at = _pagina("auditoria.py", ADMIN)
    at.text_input(key="auditoria_persona").input("RIT")
    at.run()
    assert len(at.dataframe) == 1  # sólo la importación de rita; seguimiento y cambios vacíos
    assert at.dataframe[0].value["usuario"].tolist() == ["Rita Retención"]
    at.text_input(key="auditoria_persona").input("retención")  # también por el nombre
    at.run()
    assert len(at.dataframe) == 1 and at.dataframe[0].value["usuario"].tolist() == ["Rita Retención"]


def test_auditoria_filtra_por_fecha(con_con_historia):
    at = _pagina("auditoria.py", ADMIN)
    at.date_input(key="auditoria_desde").set_value(dt.date(2020, 1, 1))
    at.date_input(key="auditoria_hasta").set_value(dt.date(2020, 1, 31))
    at.run()
    assert len(at.dataframe) == 0 and len(at.info) == 3


# --- Causales de fallo ----------------------------------------------------------------------------------------

def _con_fallo(con):
    return {ot for (ot,) in con.execute("SELECT ot FROM ordenes_con_causal_fallo").fetchall()}


def test_marcar_una_causal_como_fallo_senala_las_atendidas_sin_clase(con):
    from tests.ayudas import insertar_orden
    sin_clase = insertar_orden(con, estado="ATENDIDO", causal="Cliente ausente", causal_codigo=3409)
    exito = insertar_orden(con, estado="ATENDIDO", causal="Trabajo realizado", causal_codigo=3401, causal_clase=1)
    insertar_orden(con, estado="ANULADO", causal="Cliente ausente", causal_codigo=3409)  # no es atendida
    assert _con_fallo(con) == set()
    administracion.marcar_causal_fallo(con, ADMIN, 3409, "  Cliente ausente ")
    assert _con_fallo(con) == {sin_clase}
    administracion.marcar_causal_fallo(con, ADMIN, "3409", "Cliente ausente")  # igual: no cambia ni audita
    administracion.marcar_causal_fallo(con, ADMIN, 3401, "")
    assert _con_fallo(con) == {sin_clase, exito}  # la lista del administrador también vale con clase 1
    administracion.marcar_causal_fallo(con, ADMIN, 3401, "Trabajo realizado (sin poste)")
    administracion.quitar_causal_fallo(con, ADMIN, 3401)
    assert _con_fallo(con) == {sin_clase}
    assert con.execute("SELECT * FROM causales_fallo").fetchall() == [(3409, "Cliente ausente")]
    assert _cambios(con) == [
        ("admin", "causal_fallo_marcada", "3409 – Cliente ausente"),
        ("admin", "causal_fallo_marcada", "3401"),
        ("admin", "causal_fallo_cambiada", "3401: «» → «Trabajo realizado (sin poste)»"),
        ("admin", "causal_fallo_quitada", "3401 – Trabajo realizado (sin poste)"),
    ]


@pytest.mark.parametrize("malo", [None, "", "abc", 0, -5, "3.5", 2.5])
def test_codigo_de_causal_invalido(con, malo):
    with pytest.raises(ValueError, match="número entero positivo"):
        administracion.marcar_causal_fallo(con, ADMIN, malo, "x")
    assert con.execute("SELECT count(*) FROM causales_fallo").fetchone() == (0,) and _cambios(con) == []


def test_quitar_una_causal_que_no_esta_marcada(con):
    with pytest.raises(ValueError, match="La causal 77 no está marcada como fallo."):
        administracion.quitar_causal_fallo(con, ADMIN, 77)


@pytest.mark.parametrize("quien", [ATENCION, RETENCION, JEFATURA, None])
def test_solo_el_administrador_marca_causales_de_fallo(con, quien):
    con.execute("INSERT INTO causales_fallo VALUES (3409, 'Cliente ausente')")
    with pytest.raises(PermisoDenegado):
        administracion.marcar_causal_fallo(con, quien, 3410, "Poste no disponible")
    with pytest.raises(PermisoDenegado):
        administracion.quitar_causal_fallo(con, quien, 3409)
    assert con.execute("SELECT * FROM causales_fallo").fetchall() == [(3409, "Cliente ausente")]
    assert _cambios(con) == []


def test_causal_de_fallo_error_a_mitad_no_deja_nada(con, monkeypatch):
    monkeypatch.setattr(administracion, "auditar", lambda *_: (_ for _ in ()).throw(RuntimeError("disco lleno")))
    with pytest.raises(RuntimeError):
        administracion.marcar_causal_fallo(con, ADMIN, 3409, "Cliente ausente")
    assert con.execute("SELECT count(*) FROM causales_fallo").fetchone() == (0,)
    assert not conexion.escribiendo.locked()


def test_pagina_marca_y_quita_causales_de_fallo(con_app):
    from tests.ayudas import insertar_orden
    for causal in ("CLIENTE AUSENTE", "Cliente ausente", "Cliente ausente"):
        insertar_orden(con_app, estado="ATENDIDO", causal=causal, causal_codigo=3409)
    at = _pagina("administracion.py", ADMIN)
    assert any("Todavía no hay causales marcadas" in i.value for i in at.info)
    at.number_input(key="causal_fallo_codigo").set_value(3409)
    at.button(key="FormSubmitter:causal_fallo_marcar-Marcar como fallo").click()
    at.run()
    assert not at.exception and not at.error
    assert "Causal 3409 marcada como fallo." in at.success[0].value
    marcadas = next(d.value for d in at.dataframe if "descripcion_ordenes" in d.value.columns)
    assert marcadas.to_dict("records") == [
        {"codigo": 3409, "descripcion": None, "descripcion_ordenes": "Cliente ausente", "atendidas": 3}]
    assert _con_fallo(con_app) and con_app.execute("SELECT accion FROM auditoria").fetchall() == \
        [("causal_fallo_marcada",)]
    assert next(s for s in at.selectbox if s.label == "Causal marcada").options == ["3409 – Cliente ausente"]
    at.button(key="FormSubmitter:causal_fallo_quitar-Quitar marca").click()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Causal 3409 ya no está marcada como fallo." in at.success[0].value
    assert not _con_fallo(con_app)


def test_pagina_causal_de_fallo_sin_codigo_dice_por_que(con_app):
    at = _pagina("administracion.py", ADMIN)
    at.button(key="FormSubmitter:causal_fallo_marcar-Marcar como fallo").click()
    at.run()
    assert not at.exception
    assert [leido(e.value) for e in at.error] == [
        "El código de causal debe ser un número entero positivo (el CAUSAL_ID de Smartflex)."]


def test_operacion_muestra_version_base_y_ultimo_respaldo(ruta_db, tmp_path, monkeypatch):
    """Lo que IT mira para saber si la instalación está sana (Administración → Operación)."""
    import subprocess
    import sys

    from operacion import instalacion
    monkeypatch.setattr(instalacion, "VERSION", tmp_path / "VERSION")
    assert instalacion.version() == "sin instalar (copia de desarrollo)"
    (tmp_path / "VERSION").write_text("v2.3-4-gabc1234\n", encoding="utf-8")  # como lo escribe servidor/instalar.sh
    conexion.conectar(ruta_db).close()
    r = subprocess.run([sys.executable, "-m", "datos", "respaldo", "--db", str(ruta_db)], cwd=RAIZ,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    at = _pagina("administracion.py", ADMIN)
    assert not at.exception
    texto = "\n".join(m.value for m in at.markdown)
    assert "**Versión**: v2.3-4-gabc1234" in texto
    assert re.search(rf"\*\*Base\*\*: `{re.escape(str(ruta_db))}` \(\d+,\d MB\)", texto)
    assert re.search(r"\*\*Último respaldo\*\*: seguimiento_\d{4}-\d\d-\d\d_\d{6}\.duckdb \(\d+,\d MB\)", texto)
