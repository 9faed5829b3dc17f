"""Cada página dice de cuándo y de qué archivo son los datos, y avisa si la última importación es vieja."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from datos import administracion, conexion
from datos.importar import importar_archivo
from tests.ayudas import ADMIN, ATENCION, JEFATURA, SISTEMA, leido

RAIZ = Path(__file__).resolve().parents[1]


def abrir(usuario) -> AppTest:
    at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60)
    at.session_state["usuario"] = usuario
    return at.run()


def test_datos_al_y_aviso_de_importacion_vieja(ruta_db, base_migrada, muestra):
    con = conexion.conectar(ruta_db)
    assert importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=SISTEMA).importacion_id
    con.close()
    at = abrir(ATENCION)
    assert not at.exception
    assert any(c.value.startswith("Órdenes al ") and leido(c.value).endswith("· ordenes_osf_2026_s2.csv")  # por familia
               for c in at.sidebar.caption)
    assert not [w for w in at.warning if "última importación" in w.value]

    con = conexion.conectar(ruta_db)
    con.execute("UPDATE importaciones SET fecha = fecha - INTERVAL 3 DAY")
    con.close()
    at = abrir(JEFATURA)
    assert any("hace 3 días" in w.value and "ordenes_osf_2026_s2.csv" in leido(w.value) for w in at.warning)
    # el ajuste (por defecto 2 días) lo cambia el administrador
    con = conexion.conectar(ruta_db)
    administracion.cambiar_ajuste(con, ADMIN, "dias_frescura", 5)
    con.close()
    assert not [w for w in abrir(JEFATURA).warning if "última importación" in w.value]


def test_sin_importaciones_lo_dice(ruta_db):
    at = abrir(ATENCION)
    assert not at.exception
    assert any("Todavía no se importó" in c.value for c in at.sidebar.caption)
