"""Una tabla de páginas (paginas/registro.py): el menú, los enlaces y la guardia de cada página salen de ella; y el
límite de app.py: un defecto en una página es un aviso en español, nunca una traza."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from datos.permisos import Usuario
from paginas import registro
from tests.ayudas import ADMIN, ATENCION, JEFATURA, RETENCION, insertar_orden

RAIZ = Path(__file__).resolve().parents[1]
TODOS = [ATENCION, RETENCION, JEFATURA, ADMIN]


def test_cada_pagina_existe_una_vez():
    assert len({p.clave for p in registro.PAGINAS}) == len({p.archivo for p in registro.PAGINAS}) == \
        len(registro.PAGINAS)
    for p in registro.PAGINAS:
        assert (RAIZ / p.archivo).is_file(), p.archivo
    # ninguna página fuera de la tabla (salvo los módulos que comparten las páginas)
    compartidos = {"comun.py", "bandejas.py", "registro.py", "__init__.py"}
    assert {f.name for f in (RAIZ / "paginas").glob("*.py")} - compartidos == \
        {Path(p.archivo).name for p in registro.PAGINAS}


@pytest.mark.parametrize("quien", TODOS, ids=lambda u: u.rol)
def test_el_menu_es_lo_que_cada_rol_puede_abrir(ruta_db, quien):
    at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60)
    at.session_state["usuario"] = quien
    at.run()
    assert not at.exception
    assert [t.value for t in at.title][:1] == ["Semáforo del KPI"]  # la página por defecto, para todos
    visibles = {p.clave for p in registro.visibles(quien)}
    assert {"semaforo", "informe"} <= visibles
    # la jefatura lee las bandejas; el administrador no; nadie más que él administra
    assert registro.puede_abrir(quien, "anulados") == (quien.rol != "administrador")
    assert registro.puede_abrir(quien, "administracion") == (quien.rol == "administrador")


@pytest.mark.parametrize("pagina", [p for p in registro.PAGINAS if p.permiso], ids=lambda p: p.clave)
def test_la_guardia_detiene_a_quien_no_puede_abrirla(ruta_db, pagina):
    sin_permiso = next(u for u in [*TODOS, Usuario("x", "Sin rol", "ninguno")]
                       if not registro.puede_abrir(u, pagina.clave))
    at = AppTest.from_file(str(RAIZ / pagina.archivo), default_timeout=60)
    at.session_state["usuario"] = sin_permiso
    at.run()
    assert not at.exception
    assert any("Su rol no puede" in e.value and f"«{pagina.titulo}» es sólo para" in e.value for e in at.error)
    assert not at.dataframe and not at.button


def test_un_defecto_en_una_pagina_es_un_aviso_sin_traza(ruta_db, monkeypatch, caplog):
    from consultas import kpi
    from datos import conexion

    con = conexion.conectar(ruta_db)
    insertar_orden(con, estado="ATENDIDO")
    con.close()

    def falla(*_, **__):
        raise RuntimeError("fallo interno de prueba")
    monkeypatch.setattr(kpi, "opciones", falla)
    at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60)
    at.session_state["usuario"] = ATENCION
    at.run()
    assert not at.exception  # nada de traza en la página
    assert any("Ocurrió un error inesperado en «Semáforo»" in e.value for e in at.error)
    assert "fallo interno de prueba" not in " ".join(e.value for e in at.error)
    assert any("fallo interno de prueba" in r.getMessage() or (r.exc_info and "fallo interno" in str(r.exc_info[1]))
               for r in caplog.records)  # la traza, al log


def test_la_suplente_ve_en_todas_las_paginas_que_esta_a_cargo(ruta_db):
    import datetime as dt

    from datos import conexion, reloj, seguimiento

    con = conexion.conectar(ruta_db)
    hoy = reloj.hoy()
    seguimiento.registrar_ausencia(con, ATENCION, hoy - dt.timedelta(days=1), hoy + dt.timedelta(days=2), "Licencia")
    con.close()
    for quien, ve in ((RETENCION, True), (ATENCION, False), (JEFATURA, False)):
        for clave in ("semaforo", "informe"):
            at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60)
            at.session_state["usuario"] = quien
            if clave == "informe":
                at.switch_page(registro.POR_CLAVE[clave].archivo)
            at.run()
            assert not at.exception
            avisos = [w.value for w in at.warning if "Usted está a cargo del seguimiento" in w.value]
            assert bool(avisos) == ve, (quien.rol, clave)
