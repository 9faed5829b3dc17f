"""Issue 27, punto 9: una corrida de tareas sin nada que hacer no carga pandas ni arma el calendario (holidays): cron
la lanza cada 15 minutos. Se mira qué módulos cargó el proceso, no cuánto tardó (eso está en bench/bench_tareas.py)."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from datos import conexion
from tests.ayudas import insertar_orden

RAIZ = Path(__file__).resolve().parents[1]
# Un miércoles hábil a media mañana: toca la alerta del día y el informe de septiembre.
AHORA = dt.datetime(2026, 10, 14, 10, 0)
PESADOS = ("pandas", "holidays")

# Lo mismo que `python -m datos tareas` (todas las órdenes de la línea de comandos cargadas), con la hora fija.
_CORRIDA = """
import datetime as dt, json, sys
from pathlib import Path
from cli import programas
from operacion import tareas
programas.analizador("datos")
carpeta = Path(sys.argv[1])
corridas = tareas.correr(carpeta / "seguimiento.duckdb", ahora=dt.datetime.fromisoformat(sys.argv[2]),
                         entrada=carpeta / "entrada", informes=carpeta / "informes", respaldos=carpeta / "respaldos")
print(json.dumps({"corridas": [c.tarea for c in corridas], "cargados": [m for m in sys.argv[3:] if m in sys.modules]}))
"""


def corrida_aparte(carpeta: Path, ahora: dt.datetime) -> dict:
    salida = subprocess.run([sys.executable, "-c", _CORRIDA, str(carpeta), ahora.isoformat(), *PESADOS], cwd=RAIZ,
                            capture_output=True, text=True, timeout=300, check=True)
    return json.loads(salida.stdout.splitlines()[-1])


def test_sin_nada_que_hacer_no_carga_pandas_ni_el_calendario(ruta_db, base_migrada):
    con = conexion.conectar(ruta_db)
    for dia in (2, 9, 20):
        insertar_orden(con, registro=dt.datetime(2026, 9, dia, 9, 0))
        insertar_orden(con, estado="ATENDIDO", registro=dt.datetime(2026, 10, dia // 2, 9, 0),
                       fecha_atencion=dt.datetime(2026, 10, dia // 2 + 1, 9, 0))
    con.close()
    (ruta_db.parent / "entrada").mkdir()

    # La primera corrida de la mañana hace todo: informe de septiembre, alerta, respaldo (y sí carga lo pesado).
    primera = corrida_aparte(ruta_db.parent, AHORA)
    assert {"informes_mensuales", "alerta_diaria", "respaldo"} <= set(primera["corridas"])
    assert set(primera["cargados"]) == set(PESADOS)
    con = conexion.conectar(ruta_db)
    assert con.execute("SELECT count(*) FROM tareas_corridas WHERE resultado = 'fallido'").fetchone() == (0,)
    con.close()

    # Quince minutos después no queda nada: sólo se mira la carpeta de entrada, sin pandas ni holidays.
    despues = corrida_aparte(ruta_db.parent, AHORA + dt.timedelta(minutes=15))
    assert despues == {"corridas": ["carpeta_entrada"], "cargados": []}


def test_de_noche_la_alerta_pendiente_no_arma_el_calendario(ruta_db, base_migrada):
    """La alerta del día espera al horario de oficina: a las 3 de la mañana se decide con la hora, sin feriados."""
    (ruta_db.parent / "entrada").mkdir()
    noche = AHORA.replace(hour=3)
    con = conexion.conectar(ruta_db)
    with conexion.transaccion(con):  # el informe de septiembre ya está: sólo la alerta sigue pendiente
        con.execute("INSERT INTO tareas_corridas (tarea, periodo, inicio, duracion_s, resultado, detalle) "
                    "VALUES ('informes_mensuales', '2026-09', $i, 0, 'hecho', 'prueba'), "
                    "('respaldo', '2026-10-14', $i, 0, 'hecho', 'prueba')", {"i": noche})
    con.close()
    assert corrida_aparte(ruta_db.parent, noche) == {"corridas": ["carpeta_entrada"], "cargados": []}


_IMPORTAR = """
import json, sys
from pathlib import Path
from datos import conexion
from datos.importar import importar_archivo
from tests.ayudas import SISTEMA
con = conexion.conectar(Path(sys.argv[1]))
res = importar_archivo(con, Path(sys.argv[2]), usuario=SISTEMA)
print(json.dumps({"nuevas": res.nuevas, "problemas": len(res.problemas), "pandas": "pandas" in sys.modules}))
"""


def test_importar_un_libro_no_carga_pandas(ruta_db, base_migrada):
    """Un .xlsx se lee a Arrow y de ahí a DuckDB: numerar sus filas con pa.array(ndarray) cargaba pandas (0,85 s sin
    .pyc, un tercio de importar 200 k filas)."""
    salida = subprocess.run([sys.executable, "-c", _IMPORTAR, str(ruta_db),
                             str(RAIZ / "tests" / "muestras" / "ordenes_reporte_2026_s1.xlsx")], cwd=RAIZ,
                            capture_output=True, text=True, timeout=300, check=True)
    resultado = json.loads(salida.stdout.splitlines()[-1])
    assert resultado["nuevas"] > 0 and resultado["problemas"] == 0, resultado
    assert not resultado["pandas"]
