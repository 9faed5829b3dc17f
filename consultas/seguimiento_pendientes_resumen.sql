-- Cuántos pendientes hay por categoría a $hoy (misma definición que seguimiento_pendientes); siempre las tres.
WITH categorias(orden, categoria) AS (
    VALUES (1, 'anulado_sin_medida'), (2, 'registrado_sin_coordinar'), (3, 'atendido_sin_verificar')
), p AS (
    SELECT categoria, count(*) AS ordenes
    FROM pendientes_seguimiento(CAST($hoy AS DATE), CAST($dias AS INTEGER))
    WHERE ($desde IS NULL OR fecha_registro >= CAST($desde AS DATE))
      AND ($hasta IS NULL OR fecha_registro < CAST($hasta AS DATE) + INTERVAL 1 DAY)
    GROUP BY categoria
)
SELECT categoria, coalesce(p.ordenes, 0) AS ordenes
FROM categorias LEFT JOIN p USING (categoria)
ORDER BY orden
