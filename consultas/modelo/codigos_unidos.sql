-- Cada ortografía distinta de `escrituras` (lista de {codigo, texto}) con su texto normalizado y `unido`: su código,
-- o si no trae, el único código con ese texto normalizado (NULL si ninguno o más de uno). Corre sobre la lista ya
-- agregada, unas decenas de ortografías: normalizar_valor no toca cada orden (1 M de órdenes).
CREATE OR REPLACE MACRO codigos_unidos(escrituras) AS TABLE
WITH e AS (SELECT unnest(escrituras, recursive := true)),  -- columnas codigo, texto
n AS (SELECT codigo, texto, nullif(normalizar_valor(texto), '') AS norma FROM e),
unico AS (
    SELECT norma, min(codigo) AS unido FROM n
    WHERE codigo IS NOT NULL AND norma IS NOT NULL
    GROUP BY norma HAVING count(DISTINCT codigo) = 1
)
SELECT n.codigo, n.texto, n.norma, coalesce(n.codigo, u.unido) AS unido
FROM n LEFT JOIN unico u ON n.codigo IS NULL AND u.norma = n.norma;
