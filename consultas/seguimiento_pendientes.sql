-- Vista de traspaso / suplencia: lo que todavía necesita a alguien a $hoy (definición en la macro
-- pendientes_seguimiento, consultas/modelo/). Periodo por fecha de registro ($desde/$hasta NULL = todos);
-- $categoria NULL = las tres.
-- $reciente_desde (una fecha, o NULL = todo): sólo lo de ahora, es decir las pendientes sin coordinación (siguen
-- abiertas) y las anuladas o atendidas desde ese día (el primero del mes anterior: lo que alguien debe mirar ya).
-- Primero anuladas, luego pendientes, luego atendidas; la más antigua primero.
-- Lee: pendientes_seguimiento (sobre ordenes_del_periodo).
SELECT *
FROM pendientes_seguimiento(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta)
WHERE ($categoria IS NULL OR categoria = $categoria)
  AND ($reciente_desde IS NULL OR categoria = 'registrado_sin_coordinar'
       OR fecha_cierre >= CAST($reciente_desde AS DATE))
ORDER BY CASE categoria WHEN 'anulado_sin_medida' THEN 1 WHEN 'registrado_sin_coordinar' THEN 2 ELSE 3 END,
         fecha_registro, ot
LIMIT $limite OFFSET $desplazamiento
