-- Lo que una bandeja muestra al abrir (lo de ahora) y lo pendiente más antiguo que deja a un clic, con los filtros
-- del Semáforo: la misma definición que Seguimiento (pendientes_seguimiento y $reciente_desde, el primero del mes
-- anterior). $categoria: 'registrado_sin_coordinar', 'anulado_sin_medida' o 'atendido_sin_verificar'.
-- ahora: las pendientes sin coordinación reciente; las anuladas sin medida y las atendidas sin verificar desde
-- $reciente_desde. antiguas: las anuladas y atendidas de antes (o sin fecha) que todavía esperan.
-- Lee: pendientes_seguimiento, ordenes_del_kpi (los filtros).
SELECT count(*) FILTER (WHERE categoria = 'registrado_sin_coordinar'
                              OR fecha_cierre >= CAST($reciente_desde AS DATE)) AS ahora,
       count(*) FILTER (WHERE categoria <> 'registrado_sin_coordinar'
                              AND (fecha_cierre IS NULL OR fecha_cierre < CAST($reciente_desde AS DATE))) AS antiguas
FROM pendientes_seguimiento(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta) p
SEMI JOIN ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades) k ON k.ot = p.ot AND k.elegida
WHERE p.categoria = $categoria
