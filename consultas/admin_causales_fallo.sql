-- Causales marcadas como «fallo» por el administrador, con la descripción que más se ve en las órdenes para ese
-- código (la exportación puede escribirla de varias maneras) y cuántas ATENDIDAS señala hoy.
-- Lee: tablas causales_fallo y ordenes (todas las actividades, como ordenes_con_causal_fallo).
WITH escrituras AS (
    SELECT causal_codigo AS codigo, causal, count(*) AS n
    FROM ordenes
    WHERE causal_codigo IN (SELECT codigo FROM causales_fallo) AND nullif(trim(causal), '') IS NOT NULL
    GROUP BY ALL
),
frecuente AS (
    SELECT codigo, first(causal ORDER BY n DESC, causal) AS descripcion_ordenes
    FROM escrituras
    GROUP BY codigo
),
atendidas AS (
    SELECT causal_codigo AS codigo, count(*) AS atendidas
    FROM ordenes
    WHERE estado = 'ATENDIDO' AND causal_codigo IN (SELECT codigo FROM causales_fallo)
    GROUP BY ALL
)
SELECT c.codigo, c.descripcion, f.descripcion_ordenes, coalesce(a.atendidas, 0) AS atendidas
FROM causales_fallo c
LEFT JOIN frecuente f USING (codigo)
LEFT JOIN atendidas a USING (codigo)
ORDER BY c.codigo
