-- Lo que una bandeja muestra al abrir (lo de ahora) y lo pendiente más antiguo que deja a un clic, con los filtros
-- del Semáforo: la misma definición que Seguimiento (pendientes_de_ahora, con $reciente_desde el primero del mes
-- anterior). $categoria: 'registrado_sin_coordinar', 'anulado_sin_medida' o 'atendido_sin_verificar'.
-- Lee: pendientes_de_ahora, ordenes_del_kpi (los filtros).
SELECT count(*) FILTER (WHERE de_ahora) AS ahora, count(*) FILTER (WHERE NOT de_ahora) AS antiguas
FROM pendientes_de_ahora(CAST($hoy AS DATE), CAST($dias AS INTEGER), $desde, $hasta, $reciente_desde) p
SEMI JOIN ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades) k ON k.ot = p.ot AND k.elegida
WHERE p.categoria = $categoria
