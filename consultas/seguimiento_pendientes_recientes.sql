-- Cuántos pendientes de ahora hay por categoría a $hoy (los que seguimiento_pendientes lista con $reciente_desde:
-- las pendientes sin coordinación, todas; las anuladas y atendidas, desde ese día); siempre las tres.
-- Lee: pendientes_seguimiento (sobre ordenes_del_periodo).
SELECT categoria, count(*) FILTER (WHERE categoria = 'registrado_sin_coordinar'
                                         OR fecha_cierre >= CAST($reciente_desde AS DATE)) AS recientes
FROM (VALUES ('anulado_sin_medida'), ('registrado_sin_coordinar'), ('atendido_sin_verificar')) c(categoria)
LEFT JOIN pendientes_seguimiento(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta) USING (categoria)
GROUP BY categoria
