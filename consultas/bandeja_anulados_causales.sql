-- Pareto de causales de anulación del periodo: de la más frecuente a la menos, con el % acumulado.
-- Una barra por clave_causal: el código (CAUSAL_ID) si la orden lo trae, si no el texto normalizado
-- («CLIENTE DESISTIÓ» y «Cliente desistió» son la misma); sin ninguno, «(sin causal)». Un texto sin código que es
-- la descripción de un solo código va en la barra de ese código (causales_unidas, consultas/modelo/).
-- La etiqueta es la ortografía más usada en esas órdenes; el filtro de bandeja_anulados recibe la clave.
-- $actividades, $zonas, $unidades: los filtros que trae del Semáforo (los de kpi_mensual; NULL = todas).
-- Lee: ordenes_del_kpi (sólo las elegidas), causales_unidas, clave_causal.
WITH crudas AS (  -- se agrupa antes de normalizar: normalizar_valor corre sobre las ortografías, no sobre cada orden
    SELECT causal_codigo AS codigo, causal, count(*) AS n
    FROM ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades)
    WHERE elegida AND estado = 'ANULADO'
    GROUP BY ALL
),
escrituras AS (  -- cada ortografía de cada causal y cuántas órdenes la usan
    SELECT clave_causal(coalesce(r.codigo, u.unido), r.causal) AS clave, coalesce(r.codigo, u.unido) AS codigo, nullif(trim(r.causal), '') AS texto, sum(r.n) AS n
    FROM crudas r
    LEFT JOIN causales_unidas(true) u
           ON u.codigo IS NOT DISTINCT FROM r.codigo AND u.texto IS NOT DISTINCT FROM r.causal
    GROUP BY ALL
),
c AS (
    SELECT clave, any_value(codigo) AS codigo, CAST(sum(n) AS BIGINT) AS ordenes,
           -- Una orden con código y sin descripción no le quita la etiqueta a las que la traen.
           coalesce(first(texto ORDER BY texto IS NULL, n DESC, texto),
                    CASE WHEN clave = '(sin causal)' THEN clave ELSE 'Causal ' || clave END) AS causal
    FROM escrituras
    GROUP BY clave
)
-- Dos claves con el mismo nombre (dos códigos, o un código y un texto sin código) se confundirían, o serían una
-- sola barra si se escriben igual: la que tiene código lo lleva entre paréntesis.
SELECT clave,
       CASE WHEN codigo IS NOT NULL AND count(*) OVER (PARTITION BY normalizar_valor(causal)) > 1
            THEN causal || ' (' || codigo || ')' ELSE causal END AS causal,
       ordenes,
       100.0 * sum(ordenes) OVER (ORDER BY ordenes DESC, causal, clave ROWS UNBOUNDED PRECEDING)
             / sum(ordenes) OVER () AS porcentaje_acumulado
FROM c
ORDER BY ordenes DESC, causal, clave
