"""`python -m datos importar`: códigos de salida, mensajes, y un proceso matado a mitad de importación."""
from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from datos import conexion
from cli.programas import datos as main
from tests.ayudas import RAIZ, copiar_plantilla, correr_proceso


@pytest.fixture
def correr(en_proceso):
    """`python -m datos ARGS…` en este proceso; dos pruebas arrancan uno de verdad (el SIGKILL a mitad de
    importación y la base nueva que no debe quedar), con correr_proceso."""
    return lambda *args: en_proceso(main, *args)


def contar(ruta) -> tuple:
    con = conexion.conectar(ruta)
    try:
        return con.execute("SELECT (SELECT count(*) FROM ordenes), (SELECT count(*) FROM historial_estados), "
                           "(SELECT count(*) FROM importaciones)").fetchall()[0]
    finally:
        con.close()


def test_importa_y_reimporta(tmp_path, muestra, correr):
    db = tmp_path / "base" / "s.duckdb"
    ruta = muestra("ordenes_osf_2026_s2.csv")
    r = correr("importar", "--db", db, ruta)
    assert r.returncode == 0, r.stderr
    assert "órdenes nuevas: 463" in r.stdout
    r = correr("importar", "--db", db, ruta)
    assert r.returncode == 0 and "ya se importó" in r.stdout
    assert contar(db) == (463, 463, 1)


def test_archivo_rechazado_sale_con_1_y_lista_problemas(tmp_path, muestra, correr):
    db = tmp_path / "s.duckdb"
    malo = tmp_path / "malo.csv"
    malo.write_text("OT;Actividad;Estado;F. Registro\n1;52137;Atendido;01/10/2026\n2;52137;Quién sabe;01/10/2026\n",
                    encoding="utf-8")
    r = correr("importar", "--db", db, muestra("ordenes_osf_2026_s2.csv"), malo, tmp_path / "no_existe.csv")
    assert r.returncode == 1
    assert "RECHAZADO, no se escribió nada" in r.stdout and "línea 3" in r.stdout and "«Quién sabe»" in r.stdout
    assert "no se pudo abrir" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    assert contar(db) == (463, 463, 1)  # el bueno entró; el malo, nada


def test_base_abierta_por_otro_proceso_da_mensaje_claro(tmp_path, muestra, correr):
    db = tmp_path / "s.duckdb"
    otro = subprocess.Popen([sys.executable, "-c", "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); "
                             "print('listo', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert otro.stdout.readline().strip() == "listo"
        r = correr("importar", "--db", db, muestra("ordenes_osf_2026_s2.csv"))
        assert r.returncode != 0 and "abierta por otro proceso" in r.stderr and "Traceback" not in r.stderr
    finally:
        otro.kill()
        otro.wait()


def test_proceso_matado_a_mitad_deja_la_base_como_estaba(tmp_path, muestra, correr):
    db = tmp_path / "s.duckdb"
    assert correr("importar", "--db", db, muestra("ordenes_osf_2026_s2.csv")).returncode == 0
    antes = contar(db)

    grande = tmp_path / "grande.csv"
    with grande.open("w", encoding="utf-8") as f:
        f.write("ORDER_ID,ACTIVITY_ID,ORDER_STATUS_ID,CREATED_DATE,COMMENT_\n")
        for i in range(600_000):
            f.write(f"{7_000_000 + i},52137 - SERVICIO,8 - LEGALIZADA,{1 + i % 28:02d}/10/2026 10:00,texto {i}\n")

    proceso = subprocess.Popen([sys.executable, "-m", "datos", "importar", "--db", str(db), str(grande)], cwd=RAIZ,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for linea in proceso.stderr:
        if "Escribiendo" in linea:
            break
    assert proceso.poll() is None, "el proceso terminó antes de poder matarlo"
    os.kill(proceso.pid, signal.SIGKILL)
    proceso.wait()
    assert proceso.returncode == -signal.SIGKILL

    assert contar(db) == antes
    # su copia del archivo quedó en .importando/ (nadie la borró); la próxima importación la quita
    trabajo = db.parent / ".importando"
    assert [f.name.split("-")[0] for f in trabajo.iterdir()] == [str(proceso.pid)]
    # y la base sigue sana: la misma importación, completa, funciona
    r = correr("importar", "--db", db, grande)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not list(trabajo.iterdir())
    assert contar(db) == (antes[0] + 600_000, antes[1] + 600_000, antes[2] + 1)


# --- Una importación rechazada no deja una base nueva ----------------------------------------------

def _malo(tmp_path) -> Path:
    malo = tmp_path / "entrada" / "malo.csv"
    malo.parent.mkdir(exist_ok=True)
    malo.write_text("OT;Actividad;Estado;F. Registro\n1;52137;Quién sabe;01/10/2026\n", encoding="utf-8")
    return malo


def test_rechazado_en_base_nueva_no_deja_base_ni_carpetas(tmp_path):
    db = tmp_path / "nueva" / "sub" / "s.duckdb"
    # Un proceso de verdad: código 1 al salir y nada en disco cuando el proceso ya terminó.
    r = correr_proceso("datos", "importar", "--db", db, _malo(tmp_path), tmp_path / "no_existe.csv")
    assert r.returncode == 1 and "RECHAZADO" in r.stdout and "no se pudo abrir" in r.stdout
    assert f"no se creó la base «{db}»" in r.stdout and "Traceback" not in r.stderr
    # Ni la base, ni su .wal, ni .importando/, ni las carpetas que se crearon para ella.
    assert not (tmp_path / "nueva").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["entrada"]


def test_rechazado_en_base_existente_no_borra_nada(tmp_path, correr, plantilla_migrada):
    # existe aunque no tenga órdenes: no es de esta corrida
    db = copiar_plantilla(plantilla_migrada, tmp_path / "s.duckdb")
    r = correr("importar", "--db", db, _malo(tmp_path))
    assert r.returncode == 1 and "RECHAZADO" in r.stdout and "no se creó" not in r.stdout
    assert db.is_file() and (tmp_path / ".importando").is_dir()
    assert contar(db) == (0, 0, 0)


def test_rechazado_en_base_nueva_deja_la_carpeta_de_trabajo_que_ya_estaba(tmp_path, correr):
    trabajo = tmp_path / ".importando"  # de otra base de la misma carpeta
    trabajo.mkdir()
    db = tmp_path / "s.duckdb"
    r = correr("importar", "--db", db, _malo(tmp_path))
    assert r.returncode == 1 and "no se creó la base" in r.stdout
    assert not db.exists() and not db.with_name("s.duckdb.wal").exists()
    assert trabajo.is_dir()


# --- La consulta para exportar desde OSF ------------------------------------------------------------

CONSULTA_OSF = RAIZ / "datos" / "osf" / "ordenes_movimiento_poste.sql"
ALIAS_OSF = ["ORDER_ID", "PACKAGE_ID", "ACTIVITY_ID", "TASK_TYPE_ID", "ORDER_STATUS_ID", "CREATED_DATE",
             "ASSIGNED_DATE", "EXEC_ESTIMATE_DATE", "MAX_DATE_TO_LEGALIZE", "EXECUTION_FINAL_DATE",
             "LEGALIZATION_DATE", "CAUSAL_ID", "CLASE_CAUSAL", "OPERATING_UNIT_ID", "SUBSCRIBER_ID", "COMMENT_"]
FECHAS_OSF = ["CREATED_DATE", "ASSIGNED_DATE", "EXEC_ESTIMATE_DATE", "MAX_DATE_TO_LEGALIZE", "EXECUTION_FINAL_DATE",
              "LEGALIZATION_DATE"]
# El importador no tiene campo para la fecha de asignación (DISENO §3 no la pide): la columna sale en la exportación
# y se ignora al importar. Si el importador llega a reconocerla, esta prueba falla: quítela de aquí.
SIN_CAMPO = {"ASSIGNED_DATE"}


def _lista_del_select(sql: str) -> list[str]:
    """Las expresiones del SELECT principal (el de fuera de paréntesis: el del WITH va entre paréntesis)."""
    texto = re.sub(r"'[^']*'", "''", re.sub(r"--[^\n]*", "", sql))  # sin comentarios ni literales (' - ' lleva coma)
    nivel, inicio, items = 0, None, []
    for m in re.finditer(r"\(|\)|,|\bSELECT\b|\bFROM\b", texto, re.IGNORECASE):
        token = m.group().upper()
        if token in "()":
            nivel += 1 if token == "(" else -1
        elif nivel == 0 and token == "SELECT":
            inicio = m.end()
        elif nivel == 0 and inicio is not None and token in (",", "FROM"):
            items.append(texto[inicio:m.start()].strip())
            inicio = m.end()
            if token == "FROM":
                return items
    raise AssertionError("no se encontró el SELECT principal")


def alias_de_la_consulta() -> list[str]:
    alias = []
    for item in _lista_del_select(CONSULTA_OSF.read_text(encoding="utf-8")):
        m = re.search(r'\bAS\s+"?([A-Za-z_]\w*)"?$', item, re.IGNORECASE)
        assert m, f"la columna «{item}» no tiene alias"
        alias.append(m.group(1).upper())
    return alias


def test_consulta_osf_tiene_los_alias_que_reconoce_el_importador():
    from datos.importar.columnas import OBLIGATORIOS, reconocer

    alias = alias_de_la_consulta()
    assert alias == ALIAS_OSF
    mapeo = reconocer(alias)
    assert set(OBLIGATORIOS) <= mapeo.keys()
    assert [alias[mapeo[c]] for c in OBLIGATORIOS] == ["ORDER_ID", "ACTIVITY_ID", "ORDER_STATUS_ID", "CREATED_DATE"]
    sueltos = {a: reconocer([a]) for a in alias}
    assert {a for a, m in sueltos.items() if not m} == SIN_CAMPO
    assert sueltos["CLASE_CAUSAL"] == {"causal_clase": 0}
    assert sueltos["CAUSAL_ID"] == {"causal": 0} and sueltos["OPERATING_UNIT_ID"] == {"unidad_operativa": 0}


def test_consulta_osf_fechas_con_anio_de_cuatro_cifras_y_filtros():
    sql = CONSULTA_OSF.read_text(encoding="utf-8")
    for fecha in FECHAS_OSF:
        assert re.search(rf"TO_CHAR\(\s*x\.{fecha},\s*'DD/MM/YYYY HH24:MI:SS'\)\s+AS {fecha},", sql), fecha
    assert ":desde" in sql and ":hasta" in sql and ":actividades" in sql and "'52137,8074'" in sql
    for tabla in ("GE_ITEMS", "OR_ORDER_STATUS", "GE_CAUSAL", "OR_OPERATING_UNIT"):
        assert re.search(rf"LEFT JOIN {tabla}\b", sql), tabla


def test_exportacion_de_la_consulta_osf_se_importa(tmp_path, correr):
    """Lo que SQL Developer exporta de esta consulta (CSV, todo entre comillas) entra sin problemas."""
    import csv

    filas = [
        # ORDER_ID, PACKAGE_ID, ACTIVITY_ID, TASK_TYPE_ID, ORDER_STATUS_ID, CREATED_DATE, ASSIGNED_DATE,
        # EXEC_ESTIMATE_DATE, MAX_DATE_TO_LEGALIZE, EXECUTION_FINAL_DATE, LEGALIZATION_DATE, CAUSAL_ID, CLASE_CAUSAL,
        # OPERATING_UNIT_ID, SUBSCRIBER_ID, COMMENT_
        [7100001, 880001, "52137 - SERVICIO DE INGENIERIA TRASLADO POSTE USUARIO", 12150, "8 - CERRADA",
         "05/10/2026 09:15:00", "05/10/2026 10:00:00", "", "15/10/2026 23:59:59", "08/10/2026 16:00:00",
         "08/10/2026 17:30:00", "3401 - TRABAJO REALIZADO", 1, "3050 - CUADRILLA INSTALACIONES NORTE", 1015965,
         'Cliente indica "urgente"'],
        [7100002, 880002, "8074 - LBC – VENTA SERVICIO DE INGENIERÍA", 12150, "12 - ANULADA",
         "12/10/2026 11:00:00", "", "", "", "", "", "100 - CLIENTE DESISTIÓ DEL TRÁMITE", 2, "", 1015966, ""],
        [7100003, "", "52137 - SERVICIO DE INGENIERIA TRASLADO POSTE USUARIO", 12150, "6 - EN EJECUCIÓN",
         "20/10/2026 08:00:00", "21/10/2026 08:00:00", "25/10/2026 00:00:00", "", "", "", "", "",
         "3021 - GESTIÓN REDES REGULARIZACIÓN", "", "Poste obstruye ingreso"],
        [7100004, 880004, "52137 - SERVICIO DE INGENIERIA TRASLADO POSTE USUARIO", 12150, "8 - CERRADA",
         "28/10/2026 15:45:10", "", "", "", "", "30/10/2026 09:00:00", "3409 - NO SE PUDO EJECUTAR", 2,
         "3050 - CUADRILLA INSTALACIONES NORTE", 1015967, ""],
    ]
    archivo = tmp_path / "entrada" / "ordenes_movimiento_poste.csv"
    archivo.parent.mkdir()
    with archivo.open("w", encoding="utf-8", newline="") as f:
        escritor = csv.writer(f, quoting=csv.QUOTE_ALL)
        escritor.writerow(alias_de_la_consulta())
        escritor.writerows(filas)

    db = tmp_path / "s.duckdb"
    r = correr("importar", "--db", db, archivo)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Consulta OSF" in r.stdout and "órdenes nuevas: 4" in r.stdout
    con = conexion.conectar(db)
    try:
        leidas = con.execute("""
            SELECT ot, actividad_codigo, estado, fecha_registro, fecha_atencion, causal_codigo, causal_clase,
                   unidad_codigo, tipo_trabajo_codigo
            FROM ordenes ORDER BY ot""").fetchall()
        fallo = con.execute("SELECT ot FROM ordenes_con_causal_fallo ORDER BY ot").fetchall()
    finally:
        con.close()
    assert leidas == [
        (7100001, 52137, "ATENDIDO", dt.datetime(2026, 10, 5, 9, 15), dt.datetime(2026, 10, 8, 17, 30), 3401, 1,
         3050, 12150),
        (7100002, 8074, "ANULADO", dt.datetime(2026, 10, 12, 11, 0), None, 100, 2, None, 12150),
        (7100003, 52137, "REGISTRADO", dt.datetime(2026, 10, 20, 8, 0), None, None, None, 3021, 12150),
        (7100004, 52137, "ATENDIDO", dt.datetime(2026, 10, 28, 15, 45, 10), dt.datetime(2026, 10, 30, 9, 0), 3409,
         2, 3050, 12150),
    ]
    assert fallo == [(7100004,)]  # legalizada con causal de fallo (CLASE_CAUSAL = 2)
