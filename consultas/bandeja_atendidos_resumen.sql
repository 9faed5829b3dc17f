-- Atendidas del periodo: cuántas, por estado de verificación, y el tiempo de atención en días
-- (registro → atención): mediana y percentil 90. Sin fecha de atención no entran en los tiempos.
-- causal_fallo: las legalizadas con una causal de fallo; cuentan como atendidas en el KPI, pero hay que verificarlas.
-- $actividades, $zonas, $unidades: los filtros que trae del Semáforo (los de kpi_mensual; NULL = todas).
-- Lee: ordenes_del_kpi (sólo las elegidas), seguimientos_actuales (la verificación), ordenes_con_causal_fallo.
WITH a AS (
    SELECT o.ot, date_diff('minute', o.fecha_registro, o.fecha_atencion) / 1440.0 AS dias, v.resultado,
           f.ot IS NOT NULL AS fallo
    FROM ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades) o
    LEFT JOIN seguimientos_actuales v ON v.ot = o.ot AND v.tipo = 'verificacion'
    LEFT JOIN ordenes_con_causal_fallo f ON f.ot = o.ot
    WHERE o.elegida AND o.estado = 'ATENDIDO'
)
SELECT count(*) AS total,
       count(*) FILTER (WHERE resultado IS NULL) AS sin_verificar,
       count(*) FILTER (WHERE resultado = 'conforme') AS conforme,
       count(*) FILTER (WHERE resultado = 'con_observacion') AS con_observacion,
       count(*) FILTER (WHERE fallo) AS causal_fallo,
       count(*) FILTER (WHERE fallo AND resultado IS NULL) AS causal_fallo_sin_verificar,
       count(dias) AS con_fecha_atencion,
       quantile_cont(dias, 0.5) AS mediana_dias,
       quantile_cont(dias, 0.9) AS p90_dias
FROM a
