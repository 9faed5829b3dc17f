-- Órdenes ATENDIDAS del KPI de un mes (mismos filtros que kpi_mensual) legalizadas con una causal de fallo.
-- No cambia el KPI: el Semáforo sólo lo avisa. $mes: primer día del mes.
-- Lee: ordenes_del_kpi (sólo las elegidas), ordenes_con_causal_fallo (consultas/modelo/).
SELECT count(*) AS legalizadas_con_causal_fallo
FROM ordenes_del_kpi($mes, last_day(CAST($mes AS DATE)), $actividades, $zonas, $unidades)
WHERE elegida
  AND estado = 'ATENDIDO'
  AND ot IN (SELECT ot FROM ordenes_con_causal_fallo)
