"""Informe mensual: datos, PDF (leído de vuelta con pypdf), Excel (recargado con openpyxl) y CLI."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from pypdf import PdfReader

from datos import formato
from consultas.kpi import kpi_mensual
from datos import conexion
from informes import mensual, pdf
from tests.ayudas import insertar_orden

OCTUBRE = dt.date(2026, 10, 1)
AHORA = dt.datetime(2026, 11, 10, 8, 30)
FORMULA = '=HYPERLINK("http://x")'


def _octubre_48_de_49(con) -> dict:
    """48 atendidas + 1 anulada en octubre → 97,95 % OBSERVADO; ruido en otros meses y actividades."""
    ots = {"atendidos": []}
    for i in range(48):
        registro = dt.datetime(2026, 10, 1 + i % 28, 9)
        ots["atendidos"].append(insertar_orden(
            con, estado="ATENDIDO", registro=registro, zona="Norte" if i < 40 else "Sur",
            fecha_atencion=registro + dt.timedelta(days=1 + i % 10)))
    ots["anulado"] = insertar_orden(con, estado="ANULADO", registro=dt.datetime(2026, 10, 7, 11),
                                    fecha_anulacion=dt.datetime(2026, 10, 9), causal=FORMULA, observacion=FORMULA,
                                    cliente="Juana Pérez", ci_nit="0123456", zona="Norte")
    insertar_orden(con, estado="REGISTRADO", registro=dt.datetime(2026, 10, 8), actividad=99999)  # no es de poste
    insertar_orden(con, estado="REGISTRADO", registro=dt.datetime(2026, 11, 2))  # otro mes
    for m in range(1, 10):
        insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, m, 15))
    return ots


def _contar(con, estado: str, mes: dt.date = OCTUBRE) -> int:
    """Conteo directo en la base, independiente de las consultas del informe."""
    return con.execute(
        "SELECT count(*) FROM ordenes WHERE estado = $e AND actividad_codigo IN (52137, 8074) "
        "AND date_trunc('month', fecha_registro) = $m", {"e": estado, "m": mes}).fetchone()[0]


def _texto_pdf(contenido: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(contenido)).pages)


def test_pdf_muestra_mes_porcentaje_y_veredicto_como_el_semaforo(con):
    _octubre_48_de_49(con)
    informe = mensual.construir(con, "2026-10", ahora=AHORA)
    texto = _texto_pdf(pdf.generar(informe))
    # Lo que muestra el Semáforo, de la misma definición del KPI…
    fila = kpi_mensual(con, OCTUBRE, OCTUBRE).iloc[0]
    assert formato.texto_porcentaje(int(fila.centesimas)) in texto
    # …y, para este caso conocido, literalmente:
    assert "97,95 %" in texto and "98,00 %" not in texto
    assert "OBSERVADO" in texto and "APROBADO\n" not in texto.split("Tendencia")[0]
    assert "octubre 2026" in texto
    assert "Generado: 10/11/2026 08:30" in texto
    assert "PRELIMINAR" not in texto
    paginas = len(PdfReader(io.BytesIO(pdf.generar(informe))).pages)
    assert f"Página 1 de {paginas}" in texto and f"Página {paginas} de {paginas}" in texto
    assert "Elaborado por" in texto and "Revisado por" in texto


def test_pdf_preliminar_si_quedan_registrados(con):
    _octubre_48_de_49(con)
    insertar_orden(con, estado="REGISTRADO", registro=dt.datetime(2026, 10, 20), fecha_limite=dt.datetime(2026, 11, 1))
    informe = mensual.construir(con, OCTUBRE, ahora=AHORA)
    assert informe.preliminar
    texto = _texto_pdf(pdf.generar(informe))
    assert "PRELIMINAR" in texto
    assert "96,00 %" in texto  # 48/50


def test_mes_aprobado_49_de_50(con):
    for i in range(49):
        insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, 1 + i % 28))
    insertar_orden(con, estado="ANULADO", registro=dt.datetime(2026, 10, 3))
    texto = _texto_pdf(pdf.generar(mensual.construir(con, OCTUBRE, ahora=AHORA)))
    assert "98,00 %" in texto and "APROBADO" in texto


def test_excel_filas_por_estado_iguales_a_la_base(con):
    _octubre_48_de_49(con)
    insertar_orden(con, estado="REGISTRADO", registro=dt.datetime(2026, 10, 20))
    libro = openpyxl.load_workbook(io.BytesIO(mensual.excel(mensual.construir(con, OCTUBRE, ahora=AHORA))))
    assert libro.sheetnames == ["Resumen", "ANULADO", "REGISTRADO", "ATENDIDO"]
    for estado in mensual.ESTADOS:
        hoja = libro[estado]
        assert hoja.max_row - 1 == _contar(con, estado), estado
        assert {c.value for c in hoja["E"][1:]} <= {estado}  # columna Estado
    resumen = {fila[0]: fila[1] for fila in libro["Resumen"].iter_rows(min_row=2, values_only=True)}
    assert resumen["Total"] == 50 and resumen["Resultado"] == "OBSERVADO"
    assert resumen["Mes"] == "octubre 2026"


def test_excel_fechas_reales_y_formulas_como_texto(con):
    ots = _octubre_48_de_49(con)
    informe = mensual.construir(con, OCTUBRE, ahora=AHORA)
    hoja = openpyxl.load_workbook(io.BytesIO(mensual.excel(informe, personales=True)))["ANULADO"]
    titulos = [c.value for c in hoja[1]]
    fila = [c for c in hoja[2]]
    celda = dict(zip(titulos, fila))
    assert celda["OT"].value == ots["anulado"]
    for columna in ("Causal", "Observación"):
        assert celda[columna].value == FORMULA and celda[columna].data_type == "s", columna
    assert celda["CI/NIT"].value == "0123456"
    assert isinstance(celda["Fecha de registro"].value, dt.datetime)
    assert celda["Fecha de anulación"].value == dt.datetime(2026, 10, 9)
    assert celda["Fecha de registro"].number_format.startswith("dd/mm/yyyy")


def test_excel_sin_datos_personales_por_defecto(con):
    _octubre_48_de_49(con)
    libro = openpyxl.load_workbook(io.BytesIO(mensual.excel(mensual.construir(con, OCTUBRE, ahora=AHORA))))
    for estado in mensual.ESTADOS:
        titulos = {c.value for c in libro[estado][1]}
        assert not titulos & {"Cliente", "CI/NIT", "Dirección", "Observación"}
    valores = {c for fila in libro["ANULADO"].iter_rows(values_only=True) for c in fila}
    assert "Juana Pérez" not in valores and "0123456" not in valores


def _seguimiento(con, ot, tipo, texto, autor="ana", rol="atencion", suplente=False, corrige_a=None,
                 creado=dt.datetime(2026, 10, 20, 10), **otros) -> int:
    fila = {"ot": ot, "tipo": tipo, "texto": texto, "autor": autor, "rol": rol, "suplente": suplente,
            "corrige_a": corrige_a, "creado_en": creado, **otros}
    return con.execute(f"INSERT INTO seguimientos ({', '.join(fila)}) VALUES ({', '.join('$' + k for k in fila)}) "
                       "RETURNING id", fila).fetchone()[0]


def test_seguimiento_vigente_suplencia_y_tiempos(con):
    ots = _octubre_48_de_49(con)
    pendiente = insertar_orden(con, estado="REGISTRADO", registro=dt.datetime(2026, 10, 20),
                               fecha_limite=dt.datetime(2026, 11, 1))
    primera = _seguimiento(con, ots["anulado"], "medida_correctiva", "Capacitar al asesor")
    _seguimiento(con, ots["anulado"], "medida_correctiva", "Capacitar al asesor de cajas", corrige_a=primera,
                 creado=dt.datetime(2026, 10, 21))
    _seguimiento(con, pendiente, "coordinacion", "Pedí prioridad", autor="rita", rol="retencion", suplente=True,
                 fecha_contacto=dt.date(2026, 10, 28), contacto="Ing. Rojas", creado=dt.datetime(2026, 10, 28))
    _seguimiento(con, ots["atendidos"][0], "verificacion", "Poste mal alineado", resultado="con_observacion")
    _seguimiento(con, ots["atendidos"][1], "verificacion", "Bien", resultado="conforme")
    con.execute("INSERT INTO usuarios (usuario, nombre, rol) VALUES ('ana', 'Ana Atención', 'atencion'), "
                "('rita', 'Rita Retención', 'retencion')")
    con.execute("INSERT INTO ausencias (desde, hasta, motivo, registrado_por) VALUES "
                "(DATE '2026-10-26', DATE '2026-10-30', 'Vacaciones', 'ana'), "
                "(DATE '2026-06-01', DATE '2026-06-05', 'Otra', 'ana')")
    informe = mensual.construir(con, OCTUBRE, ahora=AHORA)

    anulados = informe.tabla_anulados()
    assert anulados["Medida correctiva"].tolist() == ["Capacitar al asesor de cajas"]  # sólo la versión vigente
    registrados = informe.tabla_registrados()
    assert registrados["Antigüedad (días)"].tolist() == [21]  # 20/10 → 10/11
    assert registrados["Vencida"].tolist() == ["Sí"]
    assert registrados["Tramo"].tolist() == ["16–30"]
    assert registrados["Con quién"].tolist() == ["Ing. Rojas"]
    assert informe.verificacion() == {"Conforme": 1, "Con observación": 1, "Sin verificar": 46}
    # Días para atender: 1 + i % 10 para i = 0..47 → mediana y p90 de esos valores.
    dias = sorted(1 + i % 10 for i in range(48))
    tiempo = informe.tiempo_atencion()
    assert tiempo["mediana"] == pytest.approx((dias[23] + dias[24]) / 2)
    assert tiempo["p90"] == pytest.approx(dias[42] + (dias[43] - dias[42]) * 0.3)

    quien = informe.tabla_seguimiento()
    assert set(zip(quien["Persona"], quien["Rol"], quien["Como suplente"])) == {
        ("Ana Atención", "Resp. Atención de Clientes", "No"), ("Rita Retención", "Resp. Retención de Clientes", "Sí")}
    assert quien["Medidas"].sum() == 1  # la corregida no cuenta dos veces
    assert informe.tabla_ausencias()["Motivo"].tolist() == ["Vacaciones"]

    texto = _texto_pdf(pdf.generar(informe))
    assert "Capacitar al asesor de cajas" in texto and "Ing. Rojas" in texto and "Vacaciones" in texto
    assert "Poste mal alineado" in texto


def test_filtros_se_aplican_y_se_imprimen(con):
    _octubre_48_de_49(con)
    informe = mensual.construir(con, OCTUBRE, mensual.Filtros(zonas=("Sur",)), ahora=AHORA)
    assert informe.conteos()["Total"] == 8 and len(informe.ordenes) == 8
    # El mismo recorte que el KPI: el informe no recalcula el indicador por su cuenta.
    fila = kpi_mensual(con, OCTUBRE, OCTUBRE, zonas=["Sur"]).iloc[0]
    assert informe.conteos()["Total"] == fila.total
    texto = _texto_pdf(pdf.generar(informe))
    assert "Zonas: Sur" in texto and "100,00 %" in texto


def test_mes_sin_datos(con):
    _octubre_48_de_49(con)
    with pytest.raises(mensual.SinDatos):
        mensual.construir(con, "2025-03")
    with pytest.raises(ValueError):
        mensual.construir(con, "2026-13")


# — línea de comandos —

@pytest.fixture
def base_cerrada(ruta_db, base_migrada):
    """La CLI abre la base por su cuenta: tiene que estar cerrada aquí."""
    c = conexion.conectar(ruta_db)
    _octubre_48_de_49(c)
    c.close()
    return ruta_db


@pytest.fixture
def _cli(en_proceso):
    """`python -m informes ARGS…` en este proceso (test_conciliacion arranca uno de verdad)."""
    from cli.programas import informes as main
    return lambda *args: en_proceso(main, *args)


def test_cli_escribe_pdf_y_excel(base_cerrada, tmp_path, _cli):
    salida = tmp_path / "salida"
    r = _cli("mensual", "2026-10", "--db", base_cerrada, "--salida", salida)
    assert r.returncode == 0, r.stderr
    assert "97,95 %" in r.stdout
    assert "97,95 %" in _texto_pdf((salida / "informe_2026-10.pdf").read_bytes())
    libro = openpyxl.load_workbook(salida / "reporte_estados_2026-10.xlsx")
    assert libro["ATENDIDO"].max_row - 1 == 48


@pytest.mark.parametrize("mes, mensaje", [("2026-13", "AAAA-MM"), ("octubre", "AAAA-MM"),
                                          ("2025-03", "No hay órdenes")])
def test_cli_mes_invalido_o_sin_datos(base_cerrada, tmp_path, mes, mensaje, _cli):
    r = _cli("mensual", mes, "--db", base_cerrada, "--salida", tmp_path / "s")
    assert r.returncode == 1
    assert mensaje in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())


def test_cli_base_inexistente(tmp_path, _cli):
    r = _cli("mensual", "2026-10", "--db", tmp_path / "no_hay.duckdb", "--salida", tmp_path / "s")
    assert r.returncode == 1
    assert "no existe la base" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "no_hay.duckdb").exists()


def test_una_sola_tendencia_para_el_semaforo_y_el_informe():
    """La misma figura (colores por veredicto, meta, «Sin trámites» hueco) en las dos páginas; el PNG del PDF con los
    mismos colores."""
    import datetime as dt

    import pandas as pd

    from informes import graficos

    tabla = pd.DataFrame({"mes": [dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)],
                          "centesimas": [9900, 9795, None], "estado": ["APROBADO", "OBSERVADO", "SIN_TRAMITES"],
                          "atendidos": [99, 48, 0], "total": [100, 49, 0], "umbral": [98, 98, 98]})
    figura = graficos.tendencia_figura(tabla, dt.date(2026, 10, 1))
    puntos = {t.name: t for t in figura.data if t.mode == "markers"}
    assert {n: p.marker.color for n, p in puntos.items()} == {
        "APROBADO": graficos.COLORES["APROBADO"], "OBSERVADO": graficos.COLORES["OBSERVADO"],
        "Sin trámites": graficos.COLORES["SIN_TRAMITES"]}
    assert puntos["Sin trámites"].marker.symbol == "circle-open"
    meta = figura.layout.shapes[0]
    assert (meta.y0, meta.line.color) == (98, graficos.COLOR_META)
    assert graficos.tendencia_png(tabla, 98)[:8] == b"\x89PNG\r\n\x1a\n"


def test_pdf_dice_de_cuando_son_los_datos_de_cada_familia(con):
    """Issue 24: la facturación puede ser más nueva que las órdenes; el PDF dice la fecha de cada una, como la barra
    lateral, no sólo la de la última importación de cualquier familia."""
    from tests.ayudas import MUESTRAS, SISTEMA
    from tests.facturas_casos import cargo, importar_cargos
    from datos.importar import importar_archivo

    assert not importar_archivo(con, MUESTRAS / "ordenes_osf_2026_s2.csv", usuario=SISTEMA).problemas
    importar_cargos(con, [cargo(950)])
    con.execute("UPDATE importaciones SET fecha = TIMESTAMP '2026-11-03 09:15' WHERE coalesce(tipo, 'ordenes') = 'ordenes'")
    con.execute("UPDATE importaciones SET fecha = TIMESTAMP '2026-11-09 17:40' WHERE tipo = 'facturas'")
    informe = mensual.construir(con, mensual.meses_con_datos(con)[0], ahora=AHORA)
    texto = " ".join(_texto_pdf(pdf.generar(informe)).split())
    assert "Datos: Órdenes al 03/11/2026 · Facturación al 09/11/2026." in texto


def test_pdf_sin_importaciones_lo_dice(con):
    _octubre_48_de_49(con)  # órdenes escritas sin importación: ninguna familia tiene fecha
    texto = " ".join(_texto_pdf(pdf.generar(mensual.construir(con, OCTUBRE, ahora=AHORA))).split())
    assert "Datos: Sin importaciones registradas." in texto


def test_suplencia_del_informe_sólo_del_mes(con):
    """Issue 24: el informe de octubre no lista una ausencia de noviembre (registrada antes de que empiece); sí la que
    empezó en septiembre y siguió en octubre."""
    _octubre_48_de_49(con)
    con.execute("INSERT INTO ausencias (desde, hasta, motivo, registrado_por, creado_en) VALUES "
                "(DATE '2026-09-28', DATE '2026-10-02', 'Cruza el mes', 'ana', TIMESTAMP '2026-09-20 10:00'), "
                "(DATE '2026-10-26', DATE '2026-10-30', 'Vacaciones', 'ana', TIMESTAMP '2026-10-20 10:00'), "
                "(DATE '2026-11-02', DATE '2026-11-06', 'Capacitación de noviembre', 'ana', "
                "TIMESTAMP '2026-10-21 10:00')")
    informe = mensual.construir(con, OCTUBRE, ahora=AHORA)
    assert informe.tabla_ausencias()["Motivo"].tolist() == ["Cruza el mes", "Vacaciones"]
    texto = _texto_pdf(pdf.generar(informe))
    assert "Vacaciones" in texto and "Cruza el mes" in texto and "Capacitación" not in texto
