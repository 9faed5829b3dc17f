"""Issue 24, «nada crudo»: ninguna página (salvo Administración, donde se administran las cuentas) muestra el usuario
de una persona donde va su nombre, ni un código de la auditoría o del seguimiento («mapeo_agregado»,
«medida_correctiva», «atencion») donde va la palabra. Cada página se recorre con AppTest sobre una base con
historia: una importación de Rita, seguimiento y una ausencia de Ana, cambios del administrador."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from datos import administracion, conexion, importar, seguimiento, usuarios
from datos.dominio import ETIQUETA_ACCION, ETIQUETA_RESULTADO, ETIQUETA_TIPO
from datos.permisos import ROLES
from tests.ayudas import ADMIN, ATENCION, JEFATURA, RAIZ, RETENCION

LOGINS = [c[0] for c in usuarios.CUENTAS_DEMO]
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
        res = importar.importar_archivo(con, RAIZ / "tests" / "muestras" / "ordenes_reporte_2025.csv",
                                        usuario=RETENCION)
        assert not res.problemas
        ots = dict(con.execute("SELECT estado, max(ot) FROM ordenes_poste GROUP BY estado").fetchall())
        hoy = con.execute("SELECT max(CAST(fecha_registro AS DATE)) FROM ordenes").fetchone()[0]
        seguimiento.agregar(con, ATENCION, ots["ANULADO"], "medida_correctiva", "Se llamó al cliente", hoy=hoy)
        seguimiento.agregar(con, ATENCION, ots["ATENDIDO"], "verificacion", "Falta retirar el poste",
                            resultado="con_observacion", hoy=hoy)
        seguimiento.registrar_ausencia(con, ATENCION, hoy, hoy, "Vacaciones")
        administracion.cambiar_umbral(con, ADMIN, 97)
        administracion.guardar_mapeo(con, ADMIN, "POSTE EN COLA E2E", "REGISTRADO")
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


@pytest.mark.parametrize("pagina,quien,orden", [
    ("semaforo", JEFATURA, None), ("informe", JEFATURA, None), ("anulados", JEFATURA, "ANULADO"),
    ("atendidos", JEFATURA, "ATENDIDO"), ("registrados", JEFATURA, "REGISTRADO"),
    ("seguimiento", RETENCION, None), ("auditoria", JEFATURA, None), ("conciliacion", JEFATURA, None),
    ("importar", RETENCION, None)])
def test_ninguna_pagina_muestra_un_usuario_ni_un_codigo(base, monkeypatch, pagina, quien, orden):
    ruta, ots = base
    monkeypatch.setenv("SEGUIMIENTO_DB", str(ruta))
    monkeypatch.delenv("SEGUIMIENTO_DEMO", raising=False)
    at = AppTest.from_file(str(RAIZ / "paginas" / f"{pagina}.py"), default_timeout=60)
    at.session_state["usuario"] = quien
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if orden:  # la ficha de una orden: sus estados («Importado por») y sus registros («Autor»)
        at.selectbox(key=f"{pagina}_orden").select(ots[orden]).run()
        assert not at.exception, [e.message for e in at.exception]
    textos = _textos(at)
    assert textos
    for texto in textos:
        for login in LOGINS:
            assert not re.search(rf"(?<![\w.@-]){login}(?![\w.@-])", texto), f"«{login}» en «{texto}»"
        for codigo in CODIGOS:
            assert not re.search(rf"(?<![\w.]){codigo}(?![\w.])", texto), f"«{codigo}» en «{texto}»"
    if pagina == "auditoria":  # el control: ahí están las personas y las acciones, en palabras
        juntos = " ".join(textos)
        assert "Rita Retención" in juntos and "Ana Atención" in juntos and "Equivalencia de estado agregada" in juntos
