"""Operación desatendida con el reloj en la mano (issue 23): `tareas.correr(ahora=…)` como lo corre el temporizador,
sobre Carnaval (01/03/2022, 03/03/2025, 01/03/2033), Viernes Santo, un feriado trasladado y uno propio, medianoche y
08:00, un día entero sin servidor de correo y un archivo rechazado. Cada correo llega a un aiosmtpd de verdad: una
vez, a su hora y con su texto."""
from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest
from datos import calendario, conexion, seguimiento
from operacion import tareas
from tests.ayudas import ADMIN, ATENCION, insertar_orden, smtp_local
from tests.test_correo import puerto_libre


@pytest.fixture
def buzon(monkeypatch, base_migrada):
    """aiosmtpd en 127.0.0.1, configurado por variables de entorno; Julia (jefatura) recibe el informe y las alertas,
    Ana (atención) las alertas y los avisos de rechazo (los roles de las migraciones 013 y 018)."""
    with smtp_local(monkeypatch, base_migrada) as buzon:
        yield buzon


def apagar(monkeypatch):
    """El servidor de correo «caído»: el puerto configurado ya no tiene a nadie escuchando (conexión rechazada)."""
    monkeypatch.setenv("SEGUIMIENTO_SMTP_PORT", str(puerto_libre()))


def encender(monkeypatch, buzon):
    monkeypatch.setenv("SEGUIMIENTO_SMTP_PORT", str(buzon.puerto))


def correr(ruta, tmp_path, ahora, **kw):
    return tareas.correr(ruta, ahora=ahora, entrada=tmp_path / "entrada", informes=tmp_path / "informes",
                         respaldos=tmp_path / "respaldos", quieto_s=0, **kw)


def ordenes(ruta, mes: dt.date, atendidas: int, registradas: int = 0) -> None:
    with conexion.abierta(ruta) as con:
        for i in range(atendidas):
            insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(mes.year, mes.month, 2 + i % 20, 9),
                           fecha_atencion=dt.datetime(mes.year, mes.month, 22, 9))
        for i in range(registradas):
            insertar_orden(con, registro=dt.datetime(mes.year, mes.month, 2 + i % 20, 10))


def textos(buzon) -> list[tuple[str, str, str]]:
    return [(m["To"], m["Subject"], m.get_body(("plain",)).get_content().replace("\r\n", "\n")) for m in buzon.mensajes()]


def pagina_administracion():
    from streamlit.testing.v1 import AppTest
    from tests.ayudas import RAIZ
    at = AppTest.from_file(str(RAIZ / "paginas" / "administracion.py"), default_timeout=60)
    at.session_state["usuario"] = ADMIN
    at.run()
    assert not at.exception
    return at


INFORMES = {"informes_mensuales"}


# ------------------------------------------------------------------ el calendario decide el día del informe

@pytest.mark.parametrize("carnaval, primer_habil", [
    (dt.date(2022, 3, 1), dt.date(2022, 3, 2)),   # Carnaval lunes 28/02 y martes 01/03
    (dt.date(2025, 3, 3), dt.date(2025, 3, 5)),   # sábado 1, domingo 2, Carnaval lunes 3 y martes 4
    (dt.date(2033, 3, 1), dt.date(2033, 3, 2)),   # Carnaval lunes 28/02 y martes 01/03
])
def test_el_informe_de_febrero_no_sale_en_carnaval_ni_de_noche(base_migrada, tmp_path, buzon, carnaval, primer_habil):
    febrero = dt.date(carnaval.year, 2, 1)
    ordenes(base_migrada, febrero, atendidas=1, registradas=1)
    en = (lambda dia, h, m=0: dt.datetime.combine(dia, dt.time(h, m)))
    for ahora in (en(carnaval, 0), en(carnaval, 8), en(carnaval, 15), en(primer_habil, 0), en(primer_habil, 7, 45)):
        assert correr(base_migrada, tmp_path, ahora, solo=INFORMES) == [], ahora
    assert buzon.recibidos == []
    # La exportación de la mañana llega antes de las 08:00: el informe es con los datos de esa corrida.
    ordenes(base_migrada, febrero, atendidas=2)
    (informe,) = correr(base_migrada, tmp_path, en(primer_habil, 8), solo=INFORMES)
    assert (informe.periodo, informe.resultado) == (f"{carnaval.year}-02", "hecho")
    ((para, asunto, cuerpo),) = textos(buzon)
    assert para == "julia@comteco.test" and asunto == f"Informe mensual de movimiento de poste, 02/{carnaval.year}"
    assert cuerpo.startswith(f"Adjunto el informe del mes 02/{carnaval.year} (75,00 % OBSERVADO).")
    assert correr(base_migrada, tmp_path, en(primer_habil, 8, 15), solo=INFORMES) == []
    assert len(buzon.recibidos) == 1


def test_un_feriado_trasladado_al_lunes_corre_el_informe_al_martes(base_migrada, tmp_path, buzon):
    # 01/05/2022 (Día del Trabajo) fue domingo: se descansa el lunes 02/05; el primer día hábil de mayo es el 03.
    ordenes(base_migrada, dt.date(2022, 4, 1), atendidas=4)
    assert calendario.Calendario().feriado(dt.date(2022, 5, 2)) == "Día del Trabajo (observado)"
    assert correr(base_migrada, tmp_path, dt.datetime(2022, 5, 2, 8, 0), solo=INFORMES) == []
    (informe,) = correr(base_migrada, tmp_path, dt.datetime(2022, 5, 3, 8, 0), solo=INFORMES)
    assert informe.periodo == "2022-04" and "100,00 % APROBADO" in informe.detalle
    ((_, asunto, _),) = textos(buzon)
    assert asunto.endswith("04/2022")


def test_la_alerta_no_sale_en_viernes_santo_ni_en_un_feriado_propio(base_migrada, tmp_path, buzon):
    with conexion.abierta(base_migrada) as con:
        insertar_orden(con, ot=7001, registro=dt.datetime(2025, 3, 3, 9))  # lleva semanas sin coordinación
        calendario.agregar_feriado(con, ADMIN, dt.date(2024, 9, 14), "Aniversario de Cochabamba", cada_anio=True)
    alerta = {"alerta_diaria"}
    assert correr(base_migrada, tmp_path, dt.datetime(2025, 4, 18, 8, 0), solo=alerta) == []  # Viernes Santo
    assert correr(base_migrada, tmp_path, dt.datetime(2025, 4, 19, 9, 0), solo=alerta) == []  # sábado
    (lunes,) = correr(base_migrada, tmp_path, dt.datetime(2025, 4, 21, 8, 0), solo=alerta)
    assert lunes.periodo == "2025-04-21" and lunes.resultado == "hecho"
    assert correr(base_migrada, tmp_path, dt.datetime(2025, 9, 15, 8, 0), solo=alerta)  # lunes 15/09: hábil
    assert correr(base_migrada, tmp_path, dt.datetime(2026, 9, 14, 8, 0), solo=alerta) == []  # Cochabamba, lunes
    assert [s for _, s, _ in textos(buzon)] == ["Alerta del seguimiento de OTs, 21/04/2025",
                                               "Alerta del seguimiento de OTs, 15/09/2025"]


# ------------------------------------------------------------------ la alerta cuenta lo que dice

def test_la_alerta_sale_a_las_ocho_y_cuenta_solo_las_atrasadas(base_migrada, tmp_path, buzon):
    hoy = dt.date(2026, 11, 10)  # martes
    with conexion.abierta(base_migrada) as con:
        insertar_orden(con, ot=8001, registro=dt.datetime(2026, 11, 10, 7, 0))   # de esta mañana: no
        insertar_orden(con, ot=8002, registro=dt.datetime(2026, 10, 31, 9, 0))   # 10 días sin coordinación: sí
        insertar_orden(con, ot=8003, registro=dt.datetime(2026, 10, 11, 9, 0))   # coordinada hace 3 días: no
        insertar_orden(con, ot=8004, registro=dt.datetime(2026, 10, 21, 9, 0))   # coordinada hace 9 días: sí
        insertar_orden(con, ot=8005, registro=dt.datetime(2026, 11, 4, 9, 0))    # 6 días: todavía no
        for ot, dias in ((8003, 3), (8004, 9)):
            seguimiento.agregar(con, ATENCION, ot, "coordinacion", "Se pidió la cuadrilla",
                                fecha_contacto=hoy - dt.timedelta(days=dias), hoy=hoy)
    alerta = {"alerta_diaria"}
    assert correr(base_migrada, tmp_path, dt.datetime(2026, 11, 10, 0, 0), solo=alerta) == []  # medianoche
    assert correr(base_migrada, tmp_path, dt.datetime(2026, 11, 10, 7, 59), solo=alerta) == []
    assert buzon.recibidos == []
    (hecha,) = correr(base_migrada, tmp_path, dt.datetime(2026, 11, 10, 8, 0), solo=alerta)
    assert hecha.resultado == "hecho"
    ((para, asunto, cuerpo),) = textos(buzon)
    assert para == "ana@comteco.test, julia@comteco.test" and asunto == "Alerta del seguimiento de OTs, 10/11/2026"
    assert ("• 2 órdenes REGISTRADO llevan más de 7 días sin coordinación con Gestión de Redes (página «Seguimiento "
            "/ suplencia»). La más antigua: OT 8002, hace 10 días.") in cuerpo
    lista = [linea.split(" — ")[0].strip() for linea in cuerpo.splitlines() if " — registrada el " in linea]
    assert lista == ["8002", "8004"]
    assert "  8004 — registrada el 21/10/2026, última coordinación el 01/11/2026 (hace 9 días)" in cuerpo
    assert "  8002 — registrada el 31/10/2026, sin coordinación (hace 10 días)" in cuerpo
    assert correr(base_migrada, tmp_path, dt.datetime(2026, 11, 10, 8, 15), solo=alerta) == []
    assert len(buzon.recibidos) == 1


# ------------------------------------------------------------------ un día sin servidor de correo

def test_un_dia_sin_correo_no_pierde_nada_ni_despierta_a_nadie(base_migrada, tmp_path, buzon, monkeypatch):
    noviembre = dt.date(2026, 11, 1)
    ordenes(base_migrada, noviembre, atendidas=3, registradas=1)  # 75,00 % OBSERVADO; la REGISTRADO, atrasada
    martes = dt.date(2026, 12, 1)  # primer día hábil de diciembre
    en = (lambda dia, h, m=0: dt.datetime.combine(dia, dt.time(h, m)))
    apagar(monkeypatch)
    vistas = []
    for ahora in (en(martes, 8), en(martes, 12), en(martes, 19, 45)):
        vistas += correr(base_migrada, tmp_path, ahora, solo={"informes_mensuales", "alerta_diaria"})
        assert tareas.codigo_de_salida(vistas) == 0  # se reintenta solo: nadie tiene que levantarse
    assert {(c.tarea, c.resultado) for c in vistas} == {("informes_mensuales", "fallido"), ("alerta_diaria", "fallido")}
    assert all("se reintenta" in c.detalle for c in vistas)
    # Entretanto cambian los datos del mes: el correo del informe, cuando salga, dirá lo que se archivó.
    ordenes(base_migrada, noviembre, atendidas=5)
    # 20:00: fuera del horario de oficina. La alerta de hoy ya no sale: queda «no enviada» con su motivo.
    assert correr(base_migrada, tmp_path, en(martes, 20), solo={"informes_mensuales", "alerta_diaria"}) == []
    with conexion.abierta(base_migrada) as con:
        estado, error = con.execute("SELECT estado, error FROM envios WHERE tipo = 'alerta'").fetchone()
    assert estado == "no_enviada" and "rechazó la conexión" in error
    encender(monkeypatch, buzon)
    assert correr(base_migrada, tmp_path, en(martes, 23), solo={"informes_mensuales", "alerta_diaria"}) == []
    assert correr(base_migrada, tmp_path, en(martes + dt.timedelta(days=1), 0)) is not None  # medianoche: respaldo
    assert buzon.recibidos == []
    miercoles = en(martes + dt.timedelta(days=1), 8)
    hechas = correr(base_migrada, tmp_path, miercoles, solo={"informes_mensuales", "alerta_diaria"})
    assert [(c.tarea, c.periodo, c.resultado) for c in hechas] == [
        ("informes_mensuales", "2026-11", "hecho"), ("alerta_diaria", "2026-12-02", "hecho")]
    (informe, alerta) = textos(buzon)
    assert informe[2].startswith("Adjunto el informe del mes 11/2026 (75,00 % OBSERVADO).")  # lo del 01/12
    assert "Alertas anteriores que no se pudieron enviar:\n• 01/12/2026: No salió en el horario de oficina" in alerta[2]
    with conexion.abierta(base_migrada) as con:
        assert con.execute("SELECT periodo, estado, mencionado_en FROM envios WHERE tipo = 'alerta' "
                           "ORDER BY periodo").fetchall() == [("2026-12-01", "no_enviada", "2026-12-02"),
                                                              ("2026-12-02", "enviado", None)]
    # Al día siguiente ya no se menciona otra vez; y nada sale dos veces.
    correr(base_migrada, tmp_path, en(martes + dt.timedelta(days=2), 8), solo={"informes_mensuales", "alerta_diaria"})
    assert len(buzon.recibidos) == 3 and "no se pudieron enviar" not in textos(buzon)[2][2]
    # Operación la muestra, con su motivo y la alerta que la contó.
    at = pagina_administracion()
    (perdidos,) = [d.value for d in at.dataframe if "mencionado_en" in d.value.columns]
    assert perdidos[["periodo", "tipo", "mencionado_en"]].values.tolist() == [["2026-12-01", "Alertas", "2026-12-02"]]
    assert "rechazó la conexión" in perdidos["error"].iloc[0]


# ------------------------------------------------------------------ un archivo rechazado

def test_un_archivo_rechazado_se_avisa_una_vez_en_horario_y_no_hace_fallar(base_migrada, tmp_path, buzon, en_proceso):
    from cli.programas import datos as datos_main
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    (entrada / "roto.csv").write_bytes("OT;ESTADO\n1;QUIEN SABE\n".encode())
    noche = dt.datetime(2026, 11, 9, 23, 0)  # lunes por la noche: la carpeta corre, el correo espera
    (carpeta,) = correr(base_migrada, tmp_path, noche, solo={"carpeta_entrada", "aviso_rechazos"})
    assert carpeta.resultado == "hecho" and "rechazados" in carpeta.detalle
    assert tareas.codigo_de_salida([carpeta]) == 0 and buzon.recibidos == []
    # Las corridas siguientes tampoco fallan (por la línea de órdenes, como el temporizador).
    corrida = en_proceso(datos_main, "tareas", "--entrada", entrada, "--informes", tmp_path / "informes",
                         "--respaldos", tmp_path / "respaldos", "--quieto", "0", "--solo", "carpeta_entrada")
    assert corrida.returncode == 0, corrida.stdout + corrida.stderr
    (aviso,) = correr(base_migrada, tmp_path, dt.datetime(2026, 11, 10, 8, 0), solo={"aviso_rechazos"})
    assert (aviso.periodo, aviso.resultado) == ("roto.csv", "hecho")
    (mensaje,) = buzon.mensajes()
    assert mensaje["To"] == "ana@comteco.test"  # quien importa órdenes; la jefatura no
    assert mensaje["Subject"] == "Archivo rechazado en la carpeta de entrada: roto.csv"
    cuerpo = mensaje.get_body(("plain",)).get_content()
    assert "se rechazó el 09/11/2026 23:00: no se importó nada de él" in cuerpo
    assert "Falta la columna obligatoria «Fecha de registro»" in cuerpo  # qué corregir, en el cuerpo y adjunto
    (adjunto,) = mensaje.iter_attachments()
    problemas = entrada / "rechazados" / "roto.csv.problemas.txt"
    assert adjunto.get_filename() == "roto.csv.problemas.txt" and adjunto.get_content() == problemas.read_text(
        encoding="utf-8")
    assert correr(base_migrada, tmp_path, dt.datetime(2026, 11, 10, 8, 15), solo={"aviso_rechazos"}) == []
    assert len(buzon.recibidos) == 1


# ------------------------------------------------------------------ lo grave y lo que se interrumpe

def test_solo_lo_que_necesita_a_una_persona_sale_con_1(base_migrada, tmp_path, en_proceso):
    from cli.programas import datos as datos_main
    assert tareas.es_grave(OSError(errno.ENOSPC, "No space left on device"))
    assert not tareas.es_grave(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"))
    lleno = tareas.Corrida("respaldo", "2026-11-10", "fallido", "disco lleno", grave=True)
    correo = tareas.Corrida("alerta_diaria", "2026-11-10", "fallido", "el correo falló")
    assert tareas.codigo_de_salida([correo]) == 0 and tareas.codigo_de_salida([correo, lleno]) == 1
    # Un respaldo a una carpeta donde no se puede escribir: una persona tiene que arreglarlo (código 1). Root escribe
    # en cualquier carpeta: para él, una de /sys (EPERM o EROFS).
    cerrada = tmp_path / "sin_permiso"
    cerrada.mkdir(mode=0o500)
    destino = Path("/sys/seguimiento_prueba") if os.geteuid() == 0 else cerrada / "respaldos"
    corrida = en_proceso(datos_main, "tareas", "--respaldos", destino, "--solo", "respaldo")
    assert corrida.returncode == 1 and "No se pudo crear la carpeta de respaldos" in corrida.stdout, corrida
    # Una base ilegible: código 1 y un mensaje, sin traza.
    rota = tmp_path / "rota.duckdb"
    rota.write_bytes(b"esto no es una base de datos" * 1000)
    corrida = en_proceso(datos_main, "tareas", "--db", rota)
    assert corrida.returncode == 1 and "las tareas no pudieron correr" in corrida.stderr
    assert "Traceback" not in corrida.stderr


def test_una_corrida_que_muere_queda_a_la_vista(base_migrada, tmp_path):
    with conexion.abierta(base_migrada) as con:
        tareas._empezar(con, dt.datetime(2026, 11, 10, 8, 15))  # lo que deja un kill -9: empezó y nunca terminó
    correr(base_migrada, tmp_path, dt.datetime(2026, 11, 10, 8, 30), solo={"carpeta_entrada"})
    with conexion.abierta(base_migrada) as con:
        filas = con.execute("SELECT inicio, fin IS NOT NULL, interrumpida FROM tareas_ejecuciones ORDER BY id").fetchall()
    assert filas == [(dt.datetime(2026, 11, 10, 8, 15), False, True), (dt.datetime(2026, 11, 10, 8, 30), True, False)]
    at = pagina_administracion()
    assert any("Una corrida se interrumpió a las 08:15 del 10/11/2026" in w.value for w in at.warning)
