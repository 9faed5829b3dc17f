"""Lo que se viene a ver en cada grilla está a la izquierda (issue 14, punto 6; a 1366 px la grilla mide ~900 px: la
captura en Chromium está en tests/e2e/test_pulido.py); el texto ancho va en la ficha de la orden y en la descarga."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from consultas import consultar
from datos import reloj, seguimiento
from paginas.bandejas.modelo import COLUMNAS_ANULADOS, para_descargar
from tests.ayudas import ATENCION, RETENCION, lista_entera
from tests.test_paginas_bandejas import base  # noqa: F401 — la misma base: una orden de cada estado, de este mes

HOY = reloj.hoy()
LARGO = "Se llamó a la solicitante, que pidió esperar a la próxima gestión. " * 4  # más ancho que su columna


def abrir(pagina: str, usuario=ATENCION) -> AppTest:
    at = AppTest.from_file(f"../paginas/{pagina}.py", default_timeout=60)
    at.session_state["usuario"] = usuario
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return lista_entera(at, pagina)  # la lista entera, no sólo lo de ahora


def anchos(grilla) -> dict[str, int]:
    return {c: v.get("width") for c, v in json.loads(grilla.proto.columns).items()}


def lista_anulados(con):
    return consultar(con, "bandeja_anulados", desde=None, hasta=None, personales=True, limite=None,
                     desplazamiento=0, sin_medida=False, causal=None, actividades=None, zonas=None, unidades=None,
                     reciente_desde=None, hoy=reloj.hoy(), dias=7,
                     reemplazadas=False)


@pytest.mark.parametrize("pagina, primeras, texto_al_borde", [
    ("anulados", ["OT", "Anulación", "Causal", "Medida correctiva", "Medida de", "Medida el"], None),
    # «Vencida» se cortaba a 1366 px (issue 24, punto 5): entra entera y el texto libre va al borde
    ("registrados", ["OT", "Registro", "Edad (días)", "Última coordinación", "Coordinó", "Fecha acordada", "Vencida"],
     "Qué se coordinó"),
])
def test_lo_que_se_viene_a_ver_va_primero_y_entra_en_la_grilla(base, pagina, primeras, texto_al_borde):  # noqa: F811
    grilla = abrir(pagina).dataframe[0]
    columnas = list(grilla.value.columns)
    assert columnas[:len(primeras)] == primeras
    assert "Dirección" not in columnas  # texto ancho: en la ficha de la orden
    ancho = anchos(grilla)
    ocupado = sum(ancho[c] for c in primeras)
    assert ocupado <= 900  # la grilla a 1366 px, junto al menú
    if texto_al_borde:  # después, un texto que se corta al borde: su título (unos 120 px) se lee entero
        assert columnas[len(primeras)] == texto_al_borde and ocupado + 120 <= 900


def test_seguimiento_autor_rol_y_suplencia_antes_del_texto(base):  # noqa: F811
    con, ots = base
    seguimiento.agregar(con, RETENCION, ots["REGISTRADO"], "coordinacion", LARGO, fecha_contacto=HOY, hoy=HOY)
    at = abrir("seguimiento")
    recientes = next(d for d in at.dataframe if "En suplencia" in d.value.columns)
    assert list(recientes.value.columns)[:7] == ["Fecha y hora", "OT", "Tipo", "Autor", "Rol", "En suplencia", "Texto"]
    assert sum(anchos(recientes)[c] for c in list(recientes.value.columns)[:7]) <= 920  # el texto, cortado al final


def test_la_descarga_lleva_la_direccion_y_la_ficha_el_texto_entero(base):  # noqa: F811
    con, ots = base
    con.execute("UPDATE ordenes SET direccion = 'Av. Ayacucho N° 1697' WHERE ot = $ot", {"ot": ots["ANULADO"]})
    seguimiento.agregar(con, ATENCION, ots["ANULADO"], "medida_correctiva", LARGO, hoy=HOY)
    descarga = para_descargar(lista_anulados(con), COLUMNAS_ANULADOS, True)
    assert "Dirección" in descarga.columns and "Con medida correctiva" in descarga.columns
    at = abrir("anulados")
    at.selectbox(key="anulados_orden").select(ots["ANULADO"]).run()
    assert LARGO.strip() in [t.value.strip() for t in at.text]  # entero, con st.text (nunca como Markdown)
    assert any(t.value.startswith("N° ") and "Medida correctiva" in t.value for t in at.text)

