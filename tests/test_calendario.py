"""El calendario de trabajo (datos/calendario.py): feriados de Bolivia del paquete holidays —fijos, móviles y
trasladados— más los que agrega el administrador (auditados, por la página y por la línea de órdenes), y la hora de
las tareas del día. Y la migración 018 sobre una base de antes."""
from __future__ import annotations

import datetime as dt

import pytest

from datos import calendario, conexion
from datos.errores import DatoInvalido
from datos.permisos import PermisoDenegado
from tests.ayudas import ADMIN, ATENCION, RAIZ, base_de_antes

D = dt.date


@pytest.mark.parametrize("mes, primero", [
    (D(2022, 3, 1), D(2022, 3, 2)),    # Carnaval martes 01/03/2022
    (D(2025, 3, 1), D(2025, 3, 5)),    # fin de semana y Carnaval lunes 3 y martes 4
    (D(2033, 3, 1), D(2033, 3, 2)),    # Carnaval martes 01/03/2033
    (D(2022, 5, 1), D(2022, 5, 3)),    # domingo 1 de mayo: se descansa el lunes 2
    (D(2033, 5, 1), D(2033, 5, 3)),    # lo mismo en 2033
    (D(2022, 12, 1), D(2022, 12, 1)),  # jueves sin feriado
])
def test_primer_dia_habil_con_moviles_y_trasladados(mes, primero):
    assert calendario.Calendario().primer_dia_habil(mes) == primero


def test_viernes_santo_y_corpus_no_son_habiles():
    c = calendario.Calendario()
    assert c.feriado(D(2025, 4, 18)) == "Viernes Santo" and not c.es_habil(D(2025, 4, 18))
    assert c.feriado(D(2025, 6, 19)) == "Corpus Christi"
    assert c.es_habil(D(2025, 4, 17)) and not c.es_habil(D(2025, 4, 19))  # jueves sí; sábado no


def test_feriados_propios_de_un_dia_y_de_cada_anio(con):
    calendario.agregar_feriado(con, ADMIN, D(2024, 9, 14), " Aniversario de Cochabamba ", cada_anio=True)
    calendario.agregar_feriado(con, ADMIN, D(2026, 12, 1), "Aniversario de la empresa")
    c = calendario.Calendario.de(con)
    assert c.feriado(D(2026, 9, 14)) == "Aniversario de Cochabamba" and c.feriado(D(2023, 9, 14)) is None
    assert c.primer_dia_habil(D(2026, 12, 1)) == D(2026, 12, 2) and c.es_habil(D(2027, 12, 1))
    propios = [(f.fecha, f.nombre) for f in c.feriados_del_anio(2026) if f.origen == "propio"]
    assert propios == [(D(2026, 9, 14), "Aniversario de Cochabamba"), (D(2026, 12, 1), "Aniversario de la empresa")]
    with pytest.raises(DatoInvalido, match="ya es feriado \\(Carnaval\\)"):
        calendario.agregar_feriado(con, ADMIN, D(2025, 3, 3), "Otro")
    with pytest.raises(DatoInvalido, match="ya es feriado \\(Aniversario de Cochabamba\\)"):
        calendario.agregar_feriado(con, ADMIN, D(2027, 9, 14), "Otra vez")
    with pytest.raises(DatoInvalido, match="Escriba el nombre"):
        calendario.agregar_feriado(con, ADMIN, D(2027, 1, 4), "  ")
    with pytest.raises(PermisoDenegado):
        calendario.agregar_feriado(con, ATENCION, D(2027, 1, 4), "Mío")
    with pytest.raises(DatoInvalido, match="feriado nacional \\(Navidad\\)"):
        calendario.quitar_feriado(con, ADMIN, D(2026, 12, 25))
    # Uno que se repite se quita nombrando cualquiera de sus años.
    assert calendario.quitar_feriado(con, ADMIN, D(2026, 9, 14)) == "14/09 cada año desde 2024 – Aniversario de Cochabamba"
    assert calendario.Calendario.de(con).es_habil(D(2026, 9, 14))
    auditoria = con.execute("SELECT usuario, accion, detalle FROM auditoria WHERE accion LIKE 'feriado%' "
                            "ORDER BY id").fetchall()
    assert auditoria == [("admin", "feriado_agregado", "14/09 cada año desde 2024 – Aniversario de Cochabamba"),
                         ("admin", "feriado_agregado", "01/12/2026 – Aniversario de la empresa"),
                         ("admin", "feriado_quitado", "14/09 cada año desde 2024 – Aniversario de Cochabamba")]


def test_hora_de_las_tareas_del_dia(con):
    assert calendario.hora_tareas(con) == dt.time(8, 0)
    assert not calendario.en_horario(con, dt.datetime(2026, 11, 10, 7, 59))
    assert calendario.en_horario(con, dt.datetime(2026, 11, 10, 8, 0))
    assert not calendario.en_horario(con, dt.datetime(2026, 11, 10, 20, 0))  # de noche, nunca
    assert not calendario.en_horario(con, dt.datetime(2026, 11, 2, 9, 0))  # Día de Todos los Difuntos
    calendario.cambiar_hora_tareas(con, ADMIN, "9:30")
    assert calendario.hora_tareas(con) == dt.time(9, 30) and not calendario.en_horario(con, dt.datetime(2026, 11, 10, 9))
    for mala, mensaje in (("25:00", "no es una hora"), ("ocho", "no es una hora"), ("03:00", "entre las 06:00")):
        with pytest.raises(DatoInvalido, match=mensaje):
            calendario.cambiar_hora_tareas(con, ADMIN, mala)
    assert con.execute("SELECT detalle FROM auditoria WHERE accion = 'ajuste_cambiado'").fetchall() == [
        ("hora de las tareas del día: 08:00 → 09:30",)]


def test_cli_feriados(base_migrada, en_proceso):
    from cli.programas import datos as main
    r = en_proceso(main, "feriados", "agregar", "14/09/2024", "Aniversario de Cochabamba", "--cada-anio")
    assert r.returncode == 0 and "Feriado agregado: 14/09 cada año desde 2024 – Aniversario de Cochabamba." in r.stdout
    r = en_proceso(main, "feriados", "listar", "--anio", "2025")
    assert "03/03/2025  lunes      nacional  Carnaval" in r.stdout
    assert "14/09/2025  domingo    agregado  Aniversario de Cochabamba" in r.stdout
    r = en_proceso(main, "feriados", "agregar", "31/02/2025", "x")
    assert r.returncode == 1 and "«31/02/2025» no es una fecha" in r.stderr
    r = en_proceso(main, "feriados", "quitar", "06/08/2025")
    assert r.returncode == 1 and "feriado nacional (Día de la Independencia de Bolivia)" in r.stderr
    r = en_proceso(main, "feriados", "quitar", "14/09/2025")
    assert r.returncode == 0 and "Feriado quitado: 14/09 cada año desde 2024" in r.stdout
    with conexion.abierta(base_migrada) as con:
        assert con.execute("SELECT count(*) FROM feriados").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM auditoria WHERE accion LIKE 'feriado%'").fetchone() == (2,)


def test_administracion_agrega_un_feriado_y_cambia_la_hora(base_migrada):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(RAIZ / "paginas" / "administracion.py"), default_timeout=60)
    at.session_state["usuario"] = ADMIN
    at.run()
    assert not at.exception
    at.date_input(key="feriado_agregar_fecha").set_value(D(2026, 9, 14))
    at.text_input(key="feriado_agregar_nombre").set_value("Aniversario de Cochabamba")
    at.checkbox(key="feriado_agregar_cada_anio").check()
    at.button(key="FormSubmitter:feriado_agregar-Agregar feriado").click()
    at.run()
    assert not at.exception and "Feriado «Aniversario de Cochabamba» agregado." in [s.value for s in at.success]
    (hora,) = [t for t in at.time_input if t.label.startswith("Hora de las tareas del día")]
    hora.set_value(dt.time(9, 0))
    at.button(key="FormSubmitter:hora_tareas-Guardar hora").click()
    at.run()
    assert not at.exception
    with conexion.abierta(base_migrada) as con:
        assert con.execute("SELECT fecha, nombre, cada_anio, agregado_por FROM feriados").fetchall() == [
            (D(2026, 9, 14), "Aniversario de Cochabamba", True, "admin")]
        assert calendario.hora_tareas(con) == dt.time(9, 0)


def test_la_migracion_018_conserva_lo_de_antes(tmp_path):
    """Una base hecha por el código de antes hasta la 014 (con envíos, corridas e informes) recibe la 018 sin perder
    nada."""
    ruta = tmp_path / "vieja.duckdb"
    vieja = base_de_antes(ruta, hasta=14)
    vieja.execute("INSERT INTO envios (tipo, periodo, asunto, estado, intentos, primer_intento, ultimo_intento) "
                  "VALUES ('alerta', '2026-10-20', 'Alerta', 'fallido', 3, '2026-10-20 08:00', '2026-10-20 09:00')")
    vieja.execute("INSERT INTO tareas_corridas (tarea, periodo, inicio, duracion_s, resultado, detalle) "
                  "VALUES ('respaldo', '2026-10-20', '2026-10-20 08:00', 1, 'hecho', 'ok')")
    vieja.execute("INSERT INTO informes_archivados VALUES ('2026-10-01', 'informe_pdf', '/x.pdf', '2026-11-03')")
    vieja.close()
    with conexion.abierta(ruta) as con:
        assert con.execute("SELECT periodo, estado, intentos, mencionado_en FROM envios").fetchall() == [
            ("2026-10-20", "fallido", 3, None)]
        assert con.execute("SELECT tarea, detalle FROM tareas_corridas").fetchall() == [("respaldo", "ok")]
        assert con.execute("SELECT archivo, resumen FROM informes_archivados").fetchall() == [("/x.pdf", None)]
        assert ("rechazo", "atencion") in con.execute("SELECT tipo, rol FROM destinatarios").fetchall()
        con.execute("INSERT INTO tareas_corridas (tarea, periodo, inicio, duracion_s, resultado, detalle) "
                    "VALUES ('aviso_rechazos', 'roto.csv', '2026-10-21 08:00', 1, 'hecho', 'ok')")
        assert con.execute("SELECT max(id) FROM tareas_corridas").fetchone() == (2,)  # la secuencia sigue
