-- Cuántas anuladas tiene el periodo (con los mismos filtros que bandeja_anulados) y cuántas sin medida.
-- $causal: NULL (todas) o la clave de bandeja_anulados_causales (código, o texto normalizado;
-- se normaliza aquí, como en bandeja_anulados).
-- $causal como código y como las descripciones tal como vienen en las órdenes sin código: normalizar_valor corre
-- sobre las descripciones distintas y no sobre cada orden (100.000 anuladas: 20 ms y no 200 ms).
WITH elegida AS (
    SELECT TRY_CAST($causal AS BIGINT) AS codigo, normalizar_valor($causal) = '(sin causal)' AS sin_causal,
           -- list_filter sobre la lista ya agregada: un WHERE se empujaría debajo del DISTINCT, a cada orden.
           list_filter((SELECT list(DISTINCT causal) FROM ordenes
                        WHERE $causal IS NOT NULL AND estado = 'ANULADO' AND causal_codigo IS NULL),
                       lambda t: coalesce(nullif(normalizar_valor(t), ''), '(sin causal)')
                                 = normalizar_valor($causal)) AS textos
)
SELECT count(*) AS total,
       count(*) FILTER (WHERE o.ot NOT IN (
           SELECT ot FROM seguimientos_vigentes WHERE tipo = 'medida_correctiva')) AS sin_medida
FROM ordenes o, elegida c
WHERE o.estado = 'ANULADO'
  AND o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
  AND ($desde IS NULL OR o.fecha_registro >= CAST($desde AS DATE))
  AND ($hasta IS NULL OR o.fecha_registro < CAST($hasta AS DATE) + INTERVAL 1 DAY)
  AND ($causal IS NULL OR o.causal_codigo = c.codigo
       OR (o.causal_codigo IS NULL AND (list_contains(c.textos, o.causal) OR (o.causal IS NULL AND c.sin_causal))))
