"""Lo que comparten los bancos de prueba: una base con muchas órdenes armada con generate_series y la
mediana de varias corridas. Cada banco elige el reparto (fracción de poste, estados) de su caso."""
from __future__ import annotations

import datetime as dt
import statistics
import time

# Orden i (ot = i): de poste con probabilidad $poste (mitad 52137, mitad 8074; si no, otra actividad);
# ANULADO con probabilidad $anulados, REGISTRADO con $registrados (más $extra si se registró después de
# $reciente: pendientes que se acumulan en los últimos meses), si no ATENDIDO entre 1 y $horas horas
# después. Registro repartido al azar en $dias días desde $desde. Una observación de cada 50 es «=1+1».
ORDENES = """
INSERT INTO ordenes (ot, solicitud, actividad_codigo, actividad, estado, estado_origen, fecha_registro,
                     fecha_atencion, fecha_anulacion, causal, fecha_limite, unidad_operativa, tecnico,
                     cliente, ci_nit, direccion, zona, observacion, importacion_id)
SELECT i, CAST(500000000 + i AS VARCHAR),
       CASE WHEN r_act < $poste THEN (CASE WHEN i % 2 = 0 THEN 52137 ELSE 8074 END) ELSE 1000 + i % 97 END,
       'Movimiento de poste', estado, 'bench', registro,
       CASE WHEN estado = 'ATENDIDO' THEN registro + to_seconds(3600 + hash(i, 'aten') % ($horas * 3600)) END,
       CASE WHEN estado = 'ANULADO' THEN registro + INTERVAL 2 DAY END,
       CASE WHEN estado = 'ANULADO' THEN 'Causal ' || (hash(i, 'causal') % 12) END,
       CASE WHEN i % 3 = 0 THEN registro + INTERVAL 15 DAY END,
       'Cuadrilla ' || (i % 7 + 1), 'Técnico ' || (i % 31), 'Cliente ' || i, CAST(1000000 + i AS VARCHAR),
       'Calle ' || (i % 500), 'Zona ' || chr(CAST(65 + i % 9 AS INTEGER)),
       CASE WHEN i % 50 = 0 THEN '=1+1' END, 1
FROM (SELECT i, r_act, registro,
             CASE WHEN r_est < $anulados THEN 'ANULADO'
                  WHEN r_est < $anulados + $registrados + CASE WHEN registro > $reciente THEN $extra ELSE 0 END
                      THEN 'REGISTRADO'
                  ELSE 'ATENDIDO' END AS estado
      FROM (SELECT i,
                   (hash(i, 'act') % 1000000) / 1000000.0 AS r_act,
                   (hash(i, 'est') % 1000000) / 1000000.0 AS r_est,
                   CAST($desde AS TIMESTAMP) + to_seconds(CAST(hash(i, 'reg') % ($dias * 86400) AS BIGINT)) AS registro
            FROM generate_series(1, $n) AS g(i)))
"""


def generar_ordenes(con, n: int, *, poste: float = 1.0, anulados: float = 0.10, registrados: float = 0.10,
                    extra_recientes: float = 0.0, reciente: dt.date = dt.date(2026, 8, 1),
                    desde: dt.date = dt.date(2024, 11, 20), dias: int = 730, horas_atencion: int = 240) -> None:
    con.execute(ORDENES, {"n": n, "poste": poste, "anulados": anulados, "registrados": registrados,
                          "extra": extra_recientes, "reciente": reciente, "desde": desde, "dias": dias,
                          "horas": horas_atencion})


def mediana_ms(funcion, repeticiones: int) -> tuple[float, float]:
    """Mediana y peor tiempo de reloj en milisegundos."""
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        funcion()
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return statistics.median(tiempos), max(tiempos)
