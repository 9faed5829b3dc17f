-- Pareto de causales de anulación del periodo: de la más frecuente a la menos, con el % acumulado.
WITH c AS (
    SELECT coalesce(nullif(trim(causal), ''), '(sin causal)') AS causal, count(*) AS ordenes
    FROM ordenes
    WHERE estado = 'ANULADO'
      AND actividad_codigo IN (SELECT codigo FROM actividades_poste)
      AND ($desde IS NULL OR fecha_registro >= CAST($desde AS DATE))
      AND ($hasta IS NULL OR fecha_registro < CAST($hasta AS DATE) + INTERVAL 1 DAY)
    GROUP BY 1
)
SELECT causal, ordenes,
       100.0 * sum(ordenes) OVER (ORDER BY ordenes DESC, causal ROWS UNBOUNDED PRECEDING)
             / sum(ordenes) OVER () AS porcentaje_acumulado
FROM c
ORDER BY ordenes DESC, causal
