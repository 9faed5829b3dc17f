-- Cuántas anuladas tiene el periodo (con los mismos filtros que bandeja_anulados) y cuántas sin medida; sin
-- $reemplazadas, sin las reemplazadas (ordenes_reemplazadas), que se cuentan aparte (`reemplazadas`).
-- $causal: NULL (todas) o la clave de bandeja_anulados_causales.
-- $actividades, $zonas, $unidades: los filtros que trae del Semáforo (los de kpi_mensual; NULL = todas).
-- Lee: anuladas_del_periodo (periodo y causal), ordenes_del_kpi (los filtros), seguimientos_vigentes (si tiene
-- medida).
WITH a AS (
    SELECT o.ot, o.ot IN (SELECT ot FROM ordenes_reemplazadas) AS reemplazada
    FROM anuladas_del_periodo($desde, $hasta, $causal) o
-- Los filtros del Semáforo. El estado también aquí: el join arma su tabla sólo con anuladas (1 M de órdenes: −55 ms).
SEMI JOIN ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades) k
    ON k.ot = o.ot AND k.elegida AND k.estado = 'ANULADO'
)
SELECT count(*) FILTER (WHERE $reemplazadas OR NOT reemplazada) AS total,
       count(*) FILTER (WHERE ($reemplazadas OR NOT reemplazada) AND ot NOT IN (
           SELECT ot FROM seguimientos_vigentes WHERE tipo = 'medida_correctiva')) AS sin_medida,
       count(*) FILTER (WHERE reemplazada) AS reemplazadas
FROM a
