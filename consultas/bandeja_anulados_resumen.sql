-- Cuántas anuladas tiene el periodo (con los mismos filtros que bandeja_anulados) y cuántas sin medida.
-- $causal: NULL (todas) o la clave de bandeja_anulados_causales.
-- Lee: anuladas_del_periodo (periodo y causal), seguimientos_vigentes (si tiene medida).
SELECT count(*) AS total,
       count(*) FILTER (WHERE o.ot NOT IN (
           SELECT ot FROM seguimientos_vigentes WHERE tipo = 'medida_correctiva')) AS sin_medida
FROM anuladas_del_periodo($desde, $hasta, $causal) o
