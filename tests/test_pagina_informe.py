"""Página «Informe mensual» (AppTest): veredicto como el Semáforo, secciones y botones de descarga."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from datos import conexion
from tests.ayudas import ATENCION, JEFATURA, insertar_orden, leido

PAGINA = str(Path(__file__).resolve().parents[1] / "paginas" / "informe.py")


@pytest.fixture
def base(ruta_db, base_migrada):
    con = conexion.conectar(ruta_db)
    for i in range(48):  # octubre: 48 de 49 → 97,95 % OBSERVADO
        insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 1 + i % 28),
                       fecha_atencion=dt.datetime(2026, 10, 2 + i % 28), zona="Norte" if i % 2 else "Sur")
    insertar_orden(con, estado="ANULADO", registro=dt.datetime(2026, 10, 3), causal="Cliente desistió", zona="Sur")
    for i in range(10):  # septiembre: 10 de 10 → 100,00 % APROBADO
        insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 9, 1 + i))
    con.close()
    return ruta_db


def _pagina(usuario=JEFATURA, **estado) -> AppTest:
    at = AppTest.from_file(PAGINA, default_timeout=60)
    at.session_state["usuario"] = usuario
    for clave, valor in estado.items():
        at.session_state[clave] = valor
    return at.run()


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_muestra_el_ultimo_mes_con_veredicto_y_descargas(base):
    at = _pagina()
    assert not at.exception
    assert at.selectbox[0].value == dt.date(2026, 10, 1)
    kpi = at.metric[0]
    assert kpi.label == "KPI de octubre 2026" and kpi.value == "97,95 %"
    # El mismo bloque de veredicto que el Semáforo: luz y fondo de color.
    assert "## 🔴 :red-background[:red[OBSERVADO]]" in _markdown(at)
    etiquetas = [b.label for b in at.get("download_button")]
    assert etiquetas == ["Descargar informe (PDF)", "Descargar «Reporte de Estados de OTs» (Excel)"]
    assert any("Filtros: Actividades: todas" in leido(c.value) for c in at.caption)
    assert len(at.dataframe) >= 2  # anulados y atendidos


def test_toma_el_mes_elegido_en_el_semaforo(base):
    at = _pagina(mes_seleccionado=dt.date(2026, 9, 1))
    assert not at.exception
    assert at.metric[0].value == "100,00 %"
    assert "## 🟢 :green-background[:green[APROBADO]]" in _markdown(at)


def test_filtro_de_zona_cambia_el_informe_y_se_imprime(base):
    at = _pagina(usuario=ATENCION)
    at.multiselect(key="informe_zonas").set_value(["Norte"]).run()
    assert not at.exception
    assert at.metric[0].value == "100,00 %"  # 24 de 24 en Norte
    assert any("Zonas: Norte" in leido(c.value) for c in at.caption)


def test_sin_datos(ruta_db):
    conexion.conectar(ruta_db).close()
    at = _pagina()
    assert not at.exception
    assert "Todavía no hay órdenes" in at.info[0].value
    assert not at.get("download_button")


def test_decimales_con_coma(base):
    at = _pagina()
    atendidos = next(d.value for d in at.dataframe if "Días para atender" in d.value.columns)
    assert set(atendidos["Días para atender"]) == {"1,0"}  # atendidas un día después de registradas
