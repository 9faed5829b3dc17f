-- Órdenes de poste registradas en un mes (las del KPI de ese mes), las pendientes primero.
-- Mismos filtros que kpi_mensual; sin datos personales del cliente.
SELECT o.ot, o.estado, o.actividad_codigo, o.fecha_registro, o.fecha_atencion, o.fecha_anulacion,
       o.causal, o.unidad_operativa, o.zona
FROM ordenes o
WHERE o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
  AND o.fecha_registro >= CAST($mes AS DATE)
  AND o.fecha_registro < CAST($mes AS DATE) + INTERVAL 1 MONTH
  AND (CAST($actividades AS INTEGER[]) IS NULL OR list_contains(CAST($actividades AS INTEGER[]), o.actividad_codigo))
  AND (CAST($zonas AS VARCHAR[]) IS NULL OR list_contains(CAST($zonas AS VARCHAR[]), o.zona))
  AND (CAST($unidades AS VARCHAR[]) IS NULL OR list_contains(CAST($unidades AS VARCHAR[]), o.unidad_operativa))
ORDER BY CASE o.estado WHEN 'REGISTRADO' THEN 0 WHEN 'ANULADO' THEN 1 ELSE 2 END, o.fecha_registro, o.ot
LIMIT $limite
