-- Pendientes del periodo por tramo de edad a $hoy (0–7, 8–15, 16–30, > 30 días), con cuántas están vencidas.
-- $actividades, $zonas, $unidades: los filtros que trae del Semáforo (los de kpi_mensual; NULL = todas).
-- Lee: ordenes_del_kpi (sólo las elegidas).
WITH p AS (
    SELECT o.ot, o.fecha_limite,
           date_diff('day', CAST(o.fecha_registro AS DATE), CAST($hoy AS DATE)) AS edad_dias,
           tramo_edad(edad_dias) AS tramo
    FROM ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades) o
    WHERE o.elegida AND o.estado = 'REGISTRADO'
), tramos(orden, tramo) AS (VALUES (1, '0–7'), (2, '8–15'), (3, '16–30'), (4, '> 30'))
SELECT tramo,
       count(p.ot) AS ordenes,
       count(p.ot) FILTER (WHERE CAST(p.fecha_limite AS DATE) < CAST($hoy AS DATE)) AS vencidas
FROM tramos t
LEFT JOIN p USING (tramo)
GROUP BY t.orden, tramo
ORDER BY t.orden
