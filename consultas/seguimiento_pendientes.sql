-- Vista de traspaso / suplencia: lo que todavía necesita a alguien a $hoy (definición en la macro
-- pendientes_seguimiento, consultas/modelo/). Periodo por fecha de registro ($desde/$hasta NULL = todos);
-- $categoria NULL = las tres.
-- $reciente_desde (una fecha, o NULL = todo): sólo lo de ahora (pendientes_de_ahora: las pendientes sin
-- coordinación y las anuladas o atendidas desde ese día, el primero del mes anterior).
-- Primero anuladas, luego pendientes, luego atendidas; la más antigua primero.
-- Lee: pendientes_de_ahora (sobre pendientes_seguimiento).
SELECT * EXCLUDE (de_ahora)
FROM pendientes_de_ahora(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta, $reciente_desde)
WHERE ($categoria IS NULL OR categoria = $categoria)
  AND ($reciente_desde IS NULL OR de_ahora)
ORDER BY CASE categoria WHEN 'anulado_sin_medida' THEN 1 WHEN 'registrado_sin_coordinar' THEN 2 ELSE 3 END,
         fecha_registro, ot
LIMIT $limite OFFSET $desplazamiento
