"""Issue 24, «nada crudo»: ninguna página (salvo Administración, donde se administran las cuentas) muestra el usuario
de una persona donde va su nombre, ni un código de la auditoría o del seguimiento («mapeo_agregado»,
«medida_correctiva», «atencion») donde va la palabra. Cada página se recorre con AppTest sobre una base con
historia: una importación de Rita, otras de quienes no son cuentas (la demostración, la carpeta de entrada, la línea
de órdenes), seguimiento y una ausencia de Ana, cambios del administrador y de la línea de órdenes."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from datos import administracion, conexion, importar, seguimiento, usuarios
from datos.dominio import ETIQUETA_ACCION, ETIQUETA_RESULTADO, ETIQUETA_TIPO
from datos.permisos import ROLES, Usuario
from demo import _SISTEMA as DEMO
from operacion.entrada import CARPETA_ENTRADA
from tests import osf_archivos as osf
from tests.ayudas import ADMIN, ATENCION, JEFATURA, RAIZ, RETENCION, lista_entera

LOGINS = [c[0] for c in usuarios.CUENTAS_DEMO]
CONSOLA = Usuario("pepe (CLI)", "pepe", "sistema")  # como cli.comun.usuario_cli, con un usuario del sistema fijo
# Quienes no son cuentas, por su nombre (consultas/modelo/nombre_persona.sql)
NO_CUENTAS = {DEMO.usuario: "Datos de demostración", CARPETA_ENTRADA.usuario: "Carpeta de entrada (automática)",
              CONSOLA.usuario: "Línea de comandos (pepe)"}
# Los que también son palabras del castellano no cuentan («la jefatura», «el administrador», «conforme»).
CODIGOS = {*ETIQUETA_ACCION, *ETIQUETA_TIPO, *ETIQUETA_RESULTADO, *ROLES} - {"ingreso", "salida", "conforme",
                                                                            "jefatura", "administrador", "sistema"}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """Una base con historia, armada una vez para todo el módulo (la importación tarda unos segundos)."""
    ruta = tmp_path_factory.mktemp("nombres") / "seguimiento.duckdb"
    con = conexion.conectar(ruta)
    try:
        usuarios.crear_cuentas_demo(con)
        # Lo de las páginas lo importó la carpeta de entrada; Rita, la demostración y la línea de órdenes importaron
        # unas pocas órdenes de meses anteriores (las páginas siguen abriendo en diciembre de 2025).
        res = importar.importar_archivo(con, RAIZ / "tests" / "muestras" / "ordenes_reporte_2025.csv",
                                        usuario=CARPETA_ENTRADA)
        assert not res.problemas
        ots = dict(con.execute("SELECT estado, max(ot) FROM ordenes_poste GROUP BY estado").fetchall())
        hoy = con.execute("SELECT max(CAST(fecha_registro AS DATE)) FROM ordenes").fetchone()[0]
        for mes, quien in ((2, RETENCION), (3, DEMO), (4, CONSOLA)):
            viejas = [osf.Orden(ot=5_100_000 + mes * 10 + i, actividad=52137, estado=8,
                                solicitud=3_700_000 + mes * 10 + i, creada=dt.datetime(2025, mes, 3 + i, 9),
                                legalizada=dt.datetime(2025, mes, 10 + i, 9))
                      for i in range(2)]
            assert not importar.importar_archivo(con, osf.sql_developer_csv(viejas), f"viejas_{mes}.csv",
                                                 usuario=quien).problemas
        seguimiento.agregar(con, ATENCION, ots["ANULADO"], "medida_correctiva", "Se llamó al cliente", hoy=hoy)
        seguimiento.agregar(con, ATENCION, ots["ATENDIDO"], "verificacion", "Falta retirar el poste",
                            resultado="con_observacion", hoy=hoy)
        seguimiento.registrar_ausencia(con, ATENCION, hoy, hoy, "Vacaciones")
        administracion.cambiar_umbral(con, ADMIN, 97)
        administracion.guardar_mapeo(con, ADMIN, "POSTE EN COLA E2E", "REGISTRADO")
        administracion.guardar_mapeo(con, CONSOLA, "POSTE EN ESPERA E2E", "REGISTRADO")
    finally:
        con.close()
    return ruta, ots


def _textos(at: AppTest) -> list[str]:
    """Lo que se lee en la página: textos, avisos, métricas, títulos de pestañas y cada celda de cada grilla."""
    textos = [e.value for tipo in ("title", "subheader", "markdown", "caption", "info", "warning", "success", "error")
              for e in getattr(at, tipo)]
    textos += [m.label for m in at.metric] + [str(m.value) for m in at.metric] + [t.label for t in at.tabs]
    for grilla in at.dataframe:
        textos += [str(v) for v in grilla.value.astype(str).to_numpy().ravel()]
    return textos


def _abrir(monkeypatch, ruta, pagina: str, quien) -> AppTest:
    monkeypatch.setenv("SEGUIMIENTO_DB", str(ruta))
    monkeypatch.delenv("SEGUIMIENTO_DEMO", raising=False)
    at = AppTest.from_file(str(RAIZ / "paginas" / f"{pagina}.py"), default_timeout=60)
    at.session_state["usuario"] = quien
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("pagina,quien,orden", [
    ("semaforo", JEFATURA, None), ("informe", JEFATURA, None), ("anulados", JEFATURA, "ANULADO"),
    ("atendidos", JEFATURA, "ATENDIDO"), ("registrados", JEFATURA, "REGISTRADO"),
    ("seguimiento", RETENCION, None), ("auditoria", JEFATURA, None), ("conciliacion", JEFATURA, None),
    ("importar", RETENCION, None)])
def test_ninguna_pagina_muestra_un_usuario_ni_un_codigo(base, monkeypatch, pagina, quien, orden):
    ruta, ots = base
    at = _abrir(monkeypatch, ruta, pagina, quien)
    if orden:  # la ficha de una orden de la lista entera: sus estados («Importado por») y sus registros («Autor»)
        lista_entera(at, pagina)
        at.selectbox(key=f"{pagina}_orden").select(ots[orden]).run()
        assert not at.exception, [e.message for e in at.exception]
    textos = _textos(at)
    assert textos
    for texto in textos:
        for login in LOGINS:
            assert not re.search(rf"(?<![\w.@-]){login}(?![\w.@-])", texto), f"«{login}» en «{texto}»"
        for codigo in CODIGOS:
            assert not re.search(rf"(?<![\w.]){codigo}(?![\w.])", texto), f"«{codigo}» en «{texto}»"
        # quien no es una cuenta, tampoco por su usuario («demo», «carpeta de entrada», «pepe (CLI)»)
        assert texto.strip() not in NO_CUENTAS and "(CLI)" not in texto, texto
        assert not re.search(r"(?<![\w.@-])demo(?![\w.@-])", texto), texto
    if pagina == "auditoria":  # el control: ahí están las personas y las acciones, en palabras
        juntos = " ".join(textos)
        assert "Rita Retención" in juntos and "Ana Atención" in juntos and "Equivalencia de estado agregada" in juntos
        assert all(nombre in juntos for nombre in NO_CUENTAS.values()), juntos
    if orden:  # «Importado por» en la ficha
        assert NO_CUENTAS[CARPETA_ENTRADA.usuario] in " ".join(textos)


def test_los_que_no_son_cuentas_se_llaman_como_en_el_codigo(con):
    """El nombre de la demostración y de la carpeta de entrada en Python (Usuario.nombre) es el que muestra el
    modelo: un solo nombre para cada uno."""
    for quien in (DEMO, CARPETA_ENTRADA):
        assert con.execute("SELECT nombre_persona($u, NULL)", {"u": quien.usuario}).fetchone()[0] == quien.nombre
    assert con.execute("SELECT nombre_persona('pepe (CLI)', NULL), nombre_persona('x', NULL), "
                       "nombre_persona('demo', 'Cuenta Demo')").fetchone() == (
        "Línea de comandos (pepe)", "x", "Cuenta Demo")  # una cuenta «demo» se nombra por su cuenta


@pytest.mark.parametrize("pagina,quien", [
    ("informe", JEFATURA), ("conciliacion", JEFATURA),
    ("conciliacion", Usuario("fabiola", "Fabiola Facturación", "facturacion"))])
def test_la_jefatura_y_facturacion_no_leen_ordenes_de_consola(base, monkeypatch, pagina, quien):
    """Issue 24: el Informe de la Jefa de División y la Conciliación de Facturación no hablan de `python -m …`."""
    ruta, _ = base
    at = _abrir(monkeypatch, ruta, pagina, quien)
    textos = _textos(at) + [getattr(w, "help", None) or "" for w in (*at.selectbox, *at.button, *at.metric)]
    assert len(textos) > 5
    for texto in textos:
        assert not re.search(r"python|-m datos|datos tareas|SEGUIMIENTO_|\.duckdb", texto), texto
