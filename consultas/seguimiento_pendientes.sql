-- Vista de traspaso / suplencia: lo que todavía necesita a alguien a $hoy (definición en la macro
-- pendientes_seguimiento, consultas/modelo/). Periodo por fecha de registro ($desde/$hasta NULL = todos);
-- $categoria NULL = las tres. Primero anuladas, luego pendientes, luego atendidas; la más antigua primero.
-- Lee: pendientes_seguimiento (sobre ordenes_del_periodo).
SELECT *
FROM pendientes_seguimiento(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta)
WHERE $categoria IS NULL OR categoria = $categoria
ORDER BY CASE categoria WHEN 'anulado_sin_medida' THEN 1 WHEN 'registrado_sin_coordinar' THEN 2 ELSE 3 END,
         fecha_registro, ot
LIMIT $limite OFFSET $desplazamiento
