"""Tareas programadas (python -m datos tareas) sobre bases reales: carpeta de entrada, informes del mes cerrado,
alerta diaria y respaldo; vencidas, no vencidas, recuperadas tras una ausencia y nunca dos veces."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from consultas.kpi import kpi_mensual
from datos import conexion
from operacion import tareas
from cli.programas import datos as datos_main
from tests.ayudas import MUESTRAS, leido

RAIZ = Path(__file__).resolve().parents[1]
ESPERADO_ANTES, ESPERADO_DESPUES = json.loads((MUESTRAS / "kpi_esperado.json").read_text(encoding="utf-8")).values()


@pytest.fixture
def entrada(tmp_path) -> Path:
    carpeta = tmp_path / "entrada"
    carpeta.mkdir()
    return carpeta


def dejar(entrada: Path, nombre: str, contenido: bytes | None = None) -> Path:
    destino = entrada / nombre
    if contenido is None:
        shutil.copy(MUESTRAS / nombre, destino)
    else:
        destino.write_bytes(contenido)
    return destino


def kpi(ruta) -> dict:
    with conexion.abierta(ruta) as con:
        return {f"{m:%Y-%m}": (t, a) for m, t, a in kpi_mensual(con)[["mes", "total", "atendidos"]].itertuples(index=False)}


def esperado(bloque) -> dict:
    return {m: (f["total"], f["atendidos"]) for m, f in bloque.items()}


def corridas(ruta) -> list[tuple]:
    with conexion.abierta(ruta) as con:
        return con.execute("SELECT tarea, periodo, resultado, detalle FROM tareas_corridas ORDER BY id").fetchall()


def correr(ruta, entrada, ahora, **kw):
    return tareas.correr(ruta, ahora=ahora, entrada=entrada, informes=entrada.parent / "informes",
                         respaldos=entrada.parent / "respaldos", quieto_s=0, **kw)


LUNES = dt.datetime(2026, 11, 2, 8, 0)  # 2/11 es feriado (Difuntos): el primer día hábil de noviembre es el 3


# ------------------------------------------------------------------ carpeta de entrada

def test_la_carpeta_importa_lo_bueno_y_aparta_lo_rechazado(ruta_db, entrada):
    for nombre in ("ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx", "ordenes_osf_2026_s2.csv"):
        dejar(entrada, nombre)
    dejar(entrada, "roto.csv", "OT;ESTADO\n1;QUIEN SABE\n".encode())
    (entrada / ".oculto.csv").write_text("x")  # los ocultos y temporales no se tocan
    (entrada / "llegando.csv.part").write_text("x")
    conexion.conectar(ruta_db).close()
    hechas = correr(ruta_db, entrada, LUNES, solo={"carpeta_entrada"})
    # issue 23: un rechazo ya no es una falla de la tarea (código 0); queda anotado para Operación y el aviso.
    assert [c.resultado for c in hechas] == ["hecho"]
    assert "roto.csv" in hechas[0].detalle and "ordenes_osf_2026_s2.csv" in hechas[0].detalle
    assert sorted(p.name for p in (entrada / "procesados").iterdir()) == [
        "ordenes_osf_2026_s2.csv", "ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx"]
    assert sorted(p.name for p in (entrada / "rechazados").iterdir()) == ["roto.csv", "roto.csv.problemas.txt"]
    problemas = (entrada / "rechazados" / "roto.csv.problemas.txt").read_text(encoding="utf-8")
    assert "roto.csv" in problemas and "No se importó nada" in problemas
    assert sorted(p.name for p in entrada.iterdir()) == [".oculto.csv", "llegando.csv.part", "procesados", "rechazados"]
    assert kpi(ruta_db) == esperado(ESPERADO_ANTES)
    with conexion.abierta(ruta_db) as con:
        quienes = {u for (u,) in con.execute("SELECT DISTINCT usuario FROM importaciones").fetchall()}
    assert quienes == {"carpeta de entrada"}


def test_el_mismo_archivo_dos_veces_no_cambia_nada(ruta_db, entrada):
    conexion.conectar(ruta_db).close()
    dejar(entrada, "ordenes_osf_2026_s2.csv")
    correr(ruta_db, entrada, LUNES, solo={"carpeta_entrada"})
    primero = kpi(ruta_db)
    dejar(entrada, "ordenes_osf_2026_s2.csv")
    (segunda,) = correr(ruta_db, entrada, LUNES + dt.timedelta(minutes=15), solo={"carpeta_entrada"})
    assert segunda.resultado == "hecho"
    assert kpi(ruta_db) == primero
    assert len(list((entrada / "procesados").iterdir())) == 2  # los dos guardados, el segundo con la hora
    (vacia,) = correr(ruta_db, entrada, LUNES + dt.timedelta(minutes=30), solo={"carpeta_entrada"})
    assert vacia.resultado == "sin_novedad"


def test_un_archivo_que_todavia_se_esta_copiando_espera(ruta_db, entrada):
    conexion.conectar(ruta_db).close()
    dejar(entrada, "ordenes_osf_2026_s2.csv")  # recién escrito: cambió hace menos de 10 s
    assert tareas.archivos_listos(entrada) == []
    assert tareas.archivos_listos(entrada, quieto_s=0) == [entrada / "ordenes_osf_2026_s2.csv"]


def test_sin_carpeta_de_entrada_no_falla(ruta_db, tmp_path):
    conexion.conectar(ruta_db).close()
    (c,) = tareas.correr(ruta_db, ahora=LUNES, entrada=tmp_path / "no_existe", solo={"carpeta_entrada"})
    assert c.resultado == "sin_novedad" and "No existe la carpeta de entrada" in c.detalle


# ------------------------------------------------------------------ cuándo toca cada cosa

@pytest.mark.parametrize("mes, primero", [
    (dt.date(2026, 11, 1), dt.date(2026, 11, 3)),   # domingo 1, lunes 2 feriado
    (dt.date(2026, 12, 1), dt.date(2026, 12, 1)),   # martes
    (dt.date(2027, 1, 1), dt.date(2027, 1, 4)),     # viernes 1 feriado, fin de semana
    (dt.date(2026, 8, 1), dt.date(2026, 8, 3)),     # sábado
])
def test_primer_dia_habil(mes, primero):
    assert tareas.primer_dia_habil(mes) == primero


def test_informes_vencidos_no_vencidos_recuperados(con):
    # Antes del primer día hábil de noviembre, octubre todavía no toca (sólo septiembre, el último que ya tocaba).
    assert tareas.meses_por_informar(con, dt.date(2026, 11, 2)) == [dt.date(2026, 9, 1)]
    assert tareas.meses_por_informar(con, dt.date(2026, 11, 3)) == [dt.date(2026, 10, 1)]
    with conexion.transaccion(con):
        con.execute("INSERT INTO tareas_corridas (tarea, periodo, inicio, duracion_s, resultado, detalle) VALUES "
                    "('informes_mensuales', '2026-07', '2026-08-03', 1, 'hecho', ''), "
                    "('informes_mensuales', '2026-08', '2026-09-01', 1, 'fallido', 'SMTP')")
    # La máquina estuvo apagada desde agosto: se recuperan agosto (falló) y septiembre y octubre (nadie los corrió).
    assert tareas.meses_por_informar(con, dt.date(2026, 11, 10)) == [
        dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]


# ------------------------------------------------------------------ informes, alerta y respaldo

@pytest.fixture
def base_importada(ruta_db, entrada):
    conexion.conectar(ruta_db).close()
    for nombre in ("ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx", "ordenes_osf_2026_s2.csv"):
        dejar(entrada, nombre)
    correr(ruta_db, entrada, LUNES, solo={"carpeta_entrada"})
    return ruta_db


def test_informe_del_mes_cerrado_archivado_una_sola_vez(base_importada, entrada, monkeypatch):
    for variable in ("SEGUIMIENTO_SMTP_HOST",):
        monkeypatch.delenv(variable, raising=False)
    martes = dt.datetime(2026, 11, 3, 8, 0)  # issue 23: desde la hora de las tareas del día (antes 07:30)
    hechas = correr(base_importada, entrada, martes, solo={"informes_mensuales"})
    assert [(c.periodo, c.resultado) for c in hechas] == [("2026-10", "hecho")]
    octubre = ESPERADO_ANTES["2026-10"]
    assert octubre["estado"] in hechas[0].detalle
    carpeta = entrada.parent / "informes" / "2026-10"
    assert sorted(p.name for p in carpeta.iterdir()) == ["informe_2026-10.pdf", "reporte_estados_2026-10.xlsx"]
    assert (carpeta / "informe_2026-10.pdf").read_bytes().startswith(b"%PDF")
    with conexion.abierta(base_importada) as con:
        archivados = con.execute("SELECT tipo, archivo FROM informes_archivados ORDER BY tipo").fetchall()
    assert archivados == [("informe_pdf", str(carpeta / "informe_2026-10.pdf")),
                          ("reporte_estados", str(carpeta / "reporte_estados_2026-10.xlsx"))]
    # La corrida siguiente, el mismo día o el mes siguiente antes de su primer día hábil: nada que hacer.
    assert correr(base_importada, entrada, martes + dt.timedelta(minutes=15), solo={"informes_mensuales"}) == []
    assert correr(base_importada, entrada, dt.datetime(2026, 11, 30, 23, 0), solo={"informes_mensuales"}) == []


def test_alerta_diaria_una_vez_por_dia(base_importada, entrada):
    # Octubre de 2026 está OBSERVADO en las muestras; la alerta se revisa con «hoy» en octubre.
    assert ESPERADO_ANTES["2026-10"]["estado"] == "OBSERVADO"
    hoy = dt.datetime(2026, 10, 20, 8, 0)
    (alerta,) = correr(base_importada, entrada, hoy, solo={"alerta_diaria"})
    assert alerta.periodo == "2026-10-20" and "OBSERVADO" in alerta.detalle
    assert correr(base_importada, entrada, hoy + dt.timedelta(hours=2), solo={"alerta_diaria"}) == []
    (otra,) = correr(base_importada, entrada, hoy + dt.timedelta(days=1), solo={"alerta_diaria"})
    assert otra.periodo == "2026-10-21"


def test_las_corridas_quedan_anotadas(base_importada, entrada):
    correr(base_importada, entrada, dt.datetime(2026, 10, 20, 8, 0), solo={"alerta_diaria", "carpeta_entrada"})
    anotadas = corridas(base_importada)
    assert [(t, p, r) for t, p, r, _ in anotadas] == [
        ("carpeta_entrada", "2026-11-02 08:00", "hecho"),
        ("carpeta_entrada", "2026-10-20 08:00", "sin_novedad"),
        ("alerta_diaria", "2026-10-20", "hecho")]


def test_otra_corrida_en_curso_no_hace_nada(ruta_db, entrada):
    import filelock
    conexion.conectar(ruta_db).close()
    with filelock.FileLock(f"{ruta_db}.tareas"):
        assert correr(ruta_db, entrada, LUNES) is None


# ------------------------------------------------------------------ la línea de órdenes y un kill -9

def test_cli_tareas_sin_base_no_la_crea(tmp_path, capsys):
    with pytest.raises(SystemExit) as salida:
        datos_main(["tareas", "--db", str(tmp_path / "no.duckdb")])
    assert salida.value.code == 1 and not (tmp_path / "no.duckdb").exists()
    assert "no existe la base de datos" in capsys.readouterr().err


def _grande(destino: Path, filas: int) -> Path:
    """Una exportación de órdenes grande (para que la importación dure lo bastante como para matarla a mitad)."""
    texto = (MUESTRAS / "ordenes_osf_2026_s2.csv").read_text(encoding="utf-8-sig").splitlines()
    encabezado, cuerpo = texto[0], texto[1:]
    with open(destino, "w", encoding="utf-8") as f:
        f.write(encabezado + "\n")
        separador = ";" if encabezado.count(";") > encabezado.count(",") else ","
        for i in range(filas):
            campos = cuerpo[i % len(cuerpo)].split(separador)
            campos[0] = str(80_000_000 + i)
            f.write(separador.join(campos) + "\n")
    return destino


def test_kill_9_de_tareas_a_mitad_de_importar_no_pierde_nada(ruta_db, entrada):
    conexion.conectar(ruta_db).close()
    grande = _grande(entrada / "grande.csv", 300_000)
    orden = [sys.executable, "-m", "datos", "tareas", "--db", str(ruta_db), "--entrada", str(entrada), "--quieto", "0",
             "--solo", "carpeta_entrada"]
    proceso = subprocess.Popen(orden, cwd=RAIZ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    trabajo = ruta_db.parent / ".importando"
    limite = time.monotonic() + 120
    while not (trabajo.is_dir() and any(trabajo.iterdir())):  # la importación ya empezó a leer
        assert proceso.poll() is None, proceso.stdout.read().decode()
        assert time.monotonic() < limite
        time.sleep(0.05)
    os.kill(proceso.pid, signal.SIGKILL)
    proceso.wait()
    assert grande.exists()  # sigue en la carpeta: no se movió ni se perdió
    with conexion.abierta(ruta_db) as con:
        assert con.execute("SELECT count(*) FROM ordenes").fetchone() == (0,)  # nada a medias
    # La corrida siguiente limpia lo que dejó la matada y la importa entera.
    terminada = subprocess.run(orden, cwd=RAIZ, capture_output=True, text=True, timeout=300)
    assert terminada.returncode == 0, terminada.stdout + terminada.stderr
    assert not grande.exists() and (entrada / "procesados" / "grande.csv").exists()
    assert list(trabajo.iterdir()) == []
    with conexion.abierta(ruta_db) as con:
        assert con.execute("SELECT count(*) FROM ordenes").fetchone() == (300_000,)
        # issue 23: la corrida matada queda a la vista (empezó y no terminó); la siguiente terminó.
        assert con.execute("SELECT interrumpida, fin IS NULL FROM tareas_ejecuciones ORDER BY id").fetchall() == [
            (True, True), (False, False)]


# ------------------------------------------------------------------ con un servidor de correo de verdad

@pytest.fixture
def correo_local(monkeypatch, base_importada):
    """aiosmtpd en 127.0.0.1, configurado por variables de entorno como en producción; Julia (jefatura) recibe el
    informe; las alertas, ellas dos (los roles de la migración 013)."""
    from tests.ayudas import smtp_local
    with smtp_local(monkeypatch, base_importada) as buzon:
        yield buzon


def test_el_informe_y_la_alerta_salen_por_correo_una_vez_y_lo_fallido_se_reintenta(base_importada, entrada,
                                                                                   correo_local):
    buzon = correo_local
    buzon.rechazo = "451 Buzón lleno, intente más tarde"
    martes = dt.datetime(2026, 11, 3, 8, 0)  # issue 23: desde la hora de las tareas del día (antes 07:30)
    (informe,) = correr(base_importada, entrada, martes, solo={"informes_mensuales"})
    assert informe.resultado == "fallido" and "se reintenta" in informe.detalle
    assert buzon.recibidos == []
    # Archivado aunque el correo falló; la corrida siguiente reintenta sólo el correo, con el mismo PDF.
    archivo = entrada.parent / "informes" / "2026-10" / "informe_2026-10.pdf"
    antes = archivo.stat().st_mtime_ns
    buzon.rechazo = None
    (reintento,) = correr(base_importada, entrada, martes + dt.timedelta(minutes=15), solo={"informes_mensuales"})
    assert reintento.resultado == "hecho" and "ya archivado" in reintento.detalle
    assert archivo.stat().st_mtime_ns == antes
    (mensaje,) = buzon.mensajes()
    assert mensaje["To"] == "julia@comteco.test" and "10/2026" in mensaje["Subject"]
    adjuntos = [p.get_filename() for p in mensaje.iter_attachments()]
    assert adjuntos == ["informe_2026-10.pdf"]
    assert correr(base_importada, entrada, martes + dt.timedelta(minutes=30), solo={"informes_mensuales"}) == []
    # La alerta del día (octubre OBSERVADO): a quienes tienen correo de los roles de alertas (atención, retención y
    # jefatura por omisión), una vez.
    (alerta,) = correr(base_importada, entrada, dt.datetime(2026, 10, 20, 8, 0), solo={"alerta_diaria"})
    assert alerta.resultado == "hecho"
    assert [m["To"] for m in buzon.mensajes()] == ["julia@comteco.test", "ana@comteco.test, julia@comteco.test"]
    assert "OBSERVADO" in buzon.mensajes()[1].get_content()
    assert correr(base_importada, entrada, dt.datetime(2026, 10, 20, 9, 0), solo={"alerta_diaria"}) == []
    assert len(buzon.recibidos) == 2


# ------------------------------------------------------------------ lo que se ve en las páginas

def _pagina(nombre: str, usuario):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(RAIZ / "paginas" / nombre), default_timeout=60)
    at.session_state["usuario"] = usuario
    return at.run()


def test_administracion_muestra_la_salud_de_las_tareas(ruta_db, entrada):
    from tests.ayudas import ADMIN
    conexion.conectar(ruta_db).close()
    dejar(entrada, "roto.csv", "OT;ESTADO\n1;QUIEN SABE\n".encode())
    correr(ruta_db, entrada, dt.datetime(2026, 10, 20, 8, 0), solo={"carpeta_entrada", "alerta_diaria"})
    at = _pagina("administracion.py", ADMIN)
    assert not at.exception
    texto = "\n".join(leido(m.value) for m in at.markdown)
    # issue 23: un archivo rechazado ya no pone en rojo la tarea; se cuenta aparte (antes: 🔴 y «nunca salió bien»).
    assert "🟢 **Importar la carpeta de entrada** — " in texto and "(2026-10-20 08:00): rechazados" in texto
    assert "roto.csv" in texto and "🟠 **1 archivo rechazado en la carpeta de entrada**" in texto
    assert "🟢 **Alerta diaria** — " in texto and "(2026-10-20): KPI del mes aprobado" in texto
    assert "⚪ **Respaldo diario**: todavía no corrió." in texto
    assert not any("no corren desde" in w.value for w in at.warning)  # corrieron recién
    assert [s.value for s in at.success if "corrieron en la última hora" in s.value]
    (rechazados,) = [d for d in at.dataframe if "aviso" in d.value.columns]  # antes: la tabla de corridas fallidas
    assert list(rechazados.value["archivo"]) == ["roto.csv"]
    # Si la última corrida fue hace más de una hora, las tareas no están corriendo: se avisa.
    with conexion.abierta(ruta_db) as con:
        con.execute("UPDATE tareas_corridas SET inicio = inicio - INTERVAL 3 HOUR")
    at = _pagina("administracion.py", ADMIN)
    assert any("Las tareas no corren desde el" in w.value and "hace 3 h" in w.value for w in at.warning)
    assert not [s.value for s in at.success if "corrieron en la última hora" in s.value]


def test_informe_lista_los_archivados(base_importada, entrada):
    from tests.ayudas import JEFATURA
    correr(base_importada, entrada, dt.datetime(2026, 11, 3, 8, 0), solo={"informes_mensuales"})  # issue 23: antes 07:30
    (entrada.parent / "informes" / "2026-10" / "reporte_estados_2026-10.xlsx").unlink()
    at = _pagina("informe.py", JEFATURA)
    assert not at.exception
    assert "Informes archivados" in [s.value for s in at.subheader]
    assert any(m.value.startswith("**octubre 2026**") for m in at.markdown)
    botones = [b.label for b in at.get("download_button")]
    assert "Informe (PDF)" in botones and "Reporte de Estados de OTs (Excel)" not in botones
    assert any("Reporte de Estados de OTs (Excel): ya no está" in c.value for c in at.caption)
