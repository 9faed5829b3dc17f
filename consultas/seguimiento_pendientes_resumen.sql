-- Cuántos pendientes hay por categoría a $hoy (misma definición que seguimiento_pendientes); siempre las tres.
-- Lee: pendientes_seguimiento (sobre ordenes_del_periodo).
WITH categorias(orden, categoria) AS (
    VALUES (1, 'anulado_sin_medida'), (2, 'registrado_sin_coordinar'), (3, 'atendido_sin_verificar')
), p AS (
    SELECT categoria, count(*) AS ordenes
    FROM pendientes_seguimiento(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta)
    GROUP BY categoria
)
SELECT categoria, coalesce(p.ordenes, 0) AS ordenes
FROM categorias LEFT JOIN p USING (categoria)
ORDER BY orden
