-- Cuántas anuladas tiene el periodo (con los mismos filtros que bandeja_anulados) y cuántas sin medida.
SELECT count(*) AS total,
       count(*) FILTER (WHERE o.ot NOT IN (
           SELECT ot FROM seguimientos_vigentes WHERE tipo = 'medida_correctiva')) AS sin_medida
FROM ordenes o
WHERE o.estado = 'ANULADO'
  AND o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
  AND ($desde IS NULL OR o.fecha_registro >= CAST($desde AS DATE))
  AND ($hasta IS NULL OR o.fecha_registro < CAST($hasta AS DATE) + INTERVAL 1 DAY)
  AND ($causal IS NULL OR coalesce(nullif(trim(o.causal), ''), '(sin causal)') = $causal)
