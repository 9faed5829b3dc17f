-- Las anuladas de poste del periodo con la causal `causal_elegida` (una clave_causal o la descripción en cualquier
-- ortografía; NULL = todas). Se compara con el código y con las descripciones tal como vienen en las anuladas sin
-- código, también las que se unen al código elegido (causales_unidas): normalizar_valor corre sobre las descripciones
-- distintas y no sobre cada orden (100.000 anuladas: 20 ms y no 200 ms).
CREATE OR REPLACE MACRO anuladas_del_periodo(desde, hasta, causal_elegida) AS TABLE
WITH elegida AS (
    SELECT TRY_CAST(causal_elegida AS BIGINT) AS codigo,
           normalizar_valor(causal_elegida) = '(sin causal)' AS sin_causal,
           -- Las descripciones sin código de la causal elegida: las de su código unido, o las de su texto.
           (SELECT list(texto) FROM causales_unidas(causal_elegida IS NOT NULL)
            WHERE codigo IS NULL AND (unido = TRY_CAST(causal_elegida AS BIGINT)
                                      OR clave_causal(NULL, texto) = normalizar_valor(causal_elegida))) AS textos
)
SELECT o.*
FROM ordenes_del_periodo(desde, hasta) o, elegida c
WHERE o.estado = 'ANULADO'
  AND (causal_elegida IS NULL OR o.causal_codigo = c.codigo
       OR (o.causal_codigo IS NULL AND (list_contains(c.textos, o.causal) OR (o.causal IS NULL AND c.sin_causal))));
