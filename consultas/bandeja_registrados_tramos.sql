-- Pendientes del periodo por tramo de edad a $hoy (0–7, 8–15, 16–30, > 30 días), con cuántas están vencidas.
-- $actividades, $zonas, $unidades: los filtros que trae del Semáforo (los de kpi_mensual; NULL = todas).
-- Sin $reemplazadas, las reemplazadas (ordenes_reemplazadas) no cuentan en `ordenes` ni `vencidas`; `reemplazadas`
-- dice cuántas hay en el tramo.
-- Lee: ordenes_del_kpi (sólo las elegidas), ordenes_reemplazadas.
WITH p AS (
    SELECT o.ot, o.fecha_limite,
           date_diff('day', CAST(o.fecha_registro AS DATE), CAST($hoy AS DATE)) AS edad_dias,
           tramo_edad(edad_dias) AS tramo, o.ot IN (SELECT ot FROM ordenes_reemplazadas) AS reemplazada
    FROM ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades) o
    WHERE o.elegida AND o.estado = 'REGISTRADO'
), tramos(orden, tramo) AS (VALUES (1, '0–7'), (2, '8–15'), (3, '16–30'), (4, '> 30'))
SELECT tramo,
       count(p.ot) FILTER (WHERE $reemplazadas OR NOT p.reemplazada) AS ordenes,
       count(p.ot) FILTER (WHERE ($reemplazadas OR NOT p.reemplazada)
                           AND CAST(p.fecha_limite AS DATE) < CAST($hoy AS DATE)) AS vencidas,
       count(p.ot) FILTER (WHERE p.reemplazada) AS reemplazadas
FROM tramos t
LEFT JOIN p USING (tramo)
GROUP BY t.orden, tramo
ORDER BY t.orden
