-- Causales con código de las órdenes ATENDIDAS (para elegir cuáles marcar como «fallo»): la descripción más
-- frecuente, la clase que trajo la exportación (GE_CAUSAL.CLASS_CAUSAL_ID: 1 éxito, 2 fallo; NULL si no la
-- trajo), cuántas órdenes y si ya está marcada. Las más frecuentes primero.
-- Lee: tablas ordenes (todas las actividades, como ordenes_con_causal_fallo) y causales_fallo.
WITH escrituras AS (
    SELECT causal_codigo AS codigo, nullif(trim(causal), '') AS causal, max(causal_clase) AS clase, count(*) AS n
    FROM ordenes
    WHERE estado = 'ATENDIDO' AND causal_codigo IS NOT NULL
    GROUP BY ALL
)
SELECT e.codigo, first(e.causal ORDER BY e.causal IS NULL, e.n DESC, e.causal) AS descripcion,
       max(e.clase) AS clase, CAST(sum(e.n) AS BIGINT) AS atendidas,
       e.codigo IN (SELECT codigo FROM causales_fallo) AS marcada
FROM escrituras e
GROUP BY e.codigo
ORDER BY atendidas DESC, e.codigo
