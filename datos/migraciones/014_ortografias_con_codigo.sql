-- Issue 14, punto 5 (el caso mezclado): una ortografía sin código se une al código cuya descripción es la misma
-- (normalizada). «CLIENTE DESISTIÓ DEL TRÁMITE» con CAUSAL_ID 100 y «Cliente desistió del trámite» sin código son
-- una sola causal, la clave '100'; lo mismo las unidades operativas. Si el texto es la descripción de dos códigos
-- no se sabe de cuál es: queda aparte, con su clave de texto (clave_valor).

-- Cada ortografía distinta de `escrituras` (lista de {codigo, texto}) con su texto normalizado y `unido`: su código,
-- o si no trae, el único código con ese texto normalizado (NULL si ninguno o más de uno). Corre sobre la lista ya
-- agregada, unas decenas de ortografías: normalizar_valor no toca cada orden (1 M de órdenes).
CREATE MACRO codigos_unidos(escrituras) AS TABLE
WITH e AS (SELECT unnest(escrituras, recursive := true)),  -- columnas codigo, texto
n AS (SELECT codigo, texto, nullif(normalizar_valor(texto), '') AS norma FROM e),
unico AS (
    SELECT norma, min(codigo) AS unido FROM n
    WHERE codigo IS NOT NULL AND norma IS NOT NULL
    GROUP BY norma HAVING count(DISTINCT codigo) = 1
)
SELECT n.codigo, n.texto, n.norma, coalesce(n.codigo, u.unido) AS unido
FROM n LEFT JOIN unico u ON n.codigo IS NULL AND u.norma = n.norma;

-- Las ortografías de causal de todas las anuladas de poste, con su código unido (codigos_unidos). De todas y no
-- sólo del periodo: la clave de una causal no cambia con el periodo ni con los filtros, y el Pareto
-- (bandeja_anulados_causales) y anuladas_del_periodo la calculan igual. `leer` = false no lee nada.
CREATE MACRO causales_unidas(leer) AS TABLE
-- GROUP BY y no list(DISTINCT {…}): agrupar dos columnas cuesta menos que comparar structs.
SELECT * FROM codigos_unidos((SELECT list({'codigo': codigo, 'texto': texto})
                              FROM (SELECT causal_codigo AS codigo, causal AS texto FROM ordenes_poste
                                    WHERE leer AND estado = 'ANULADO' GROUP BY ALL)));

-- La de la migración 008, con las descripciones sin código que se unen al código elegido.
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

-- La de la migración 008, con los nombres sin código que se unen a un código elegido.
CREATE OR REPLACE MACRO unidades_elegidas(unidades) AS TABLE
SELECT list_transform(CAST(unidades AS VARCHAR[]), lambda u: TRY_CAST(u AS BIGINT)) AS codigos,
       (SELECT list(texto)
        FROM codigos_unidos((SELECT list({'codigo': codigo, 'texto': texto})
                             FROM (SELECT unidad_codigo AS codigo, unidad_operativa AS texto FROM ordenes_poste
                                   WHERE CAST(unidades AS VARCHAR[]) IS NOT NULL GROUP BY ALL)))
        WHERE list_contains(list_transform(CAST(unidades AS VARCHAR[]), lambda u: normalizar_valor(u)), norma)
           OR (codigo IS NULL
               AND list_contains(list_transform(CAST(unidades AS VARCHAR[]), lambda u: TRY_CAST(u AS BIGINT)), unido))
       ) AS nombres;
