-- Órdenes de poste registradas en un mes (las del KPI de ese mes), las pendientes primero.
-- Mismos filtros que kpi_mensual; sin datos personales del cliente. $mes: primer día del mes.
-- Lee: ordenes_del_kpi (sólo las elegidas).
SELECT ot, estado, actividad_codigo, fecha_registro, fecha_atencion, fecha_anulacion, causal, unidad_operativa, zona
FROM ordenes_del_kpi($mes, last_day(CAST($mes AS DATE)), $actividades, $zonas, $unidades)
WHERE elegida
ORDER BY CASE estado WHEN 'REGISTRADO' THEN 0 WHEN 'ANULADO' THEN 1 ELSE 2 END, fecha_registro, ot
LIMIT $limite
