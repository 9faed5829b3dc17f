-- Cuántos pendientes de ahora hay por categoría a $hoy (los que seguimiento_pendientes lista con $reciente_desde:
-- pendientes_de_ahora); siempre las tres.
-- Lee: pendientes_de_ahora (sobre pendientes_seguimiento).
SELECT categoria, count(*) FILTER (WHERE de_ahora) AS recientes
FROM (VALUES ('anulado_sin_medida'), ('registrado_sin_coordinar'), ('atendido_sin_verificar')) c(categoria)
LEFT JOIN pendientes_de_ahora(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta, $reciente_desde)
    USING (categoria)
GROUP BY categoria
