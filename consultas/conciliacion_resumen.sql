-- Cuántos trámites (o facturas sin trámite) hay en cada categoría de la conciliación de $mes, el importe en juego y
-- cuántas excepciones están explicadas. Siempre las siete categorías, en el orden de DISENO §8 (0 si no hay).
-- Lee: conciliacion_del_mes.
WITH c AS (SELECT categoria, importe, explicada FROM conciliacion_del_mes($mes))
SELECT k.categoria, count(c.categoria) AS tramites, coalesce(sum(c.importe), 0) AS importe,
       count(c.categoria) FILTER (WHERE c.explicada) AS explicadas
FROM (VALUES (1, 'duplicadas'), (2, 'importe_distinto'), (3, 'cobrada_con_orden_anulada'), (4, 'conciliadas'),
             (5, 'anulada_con_orden_atendida'), (6, 'sin_factura'), (7, 'factura_sin_tramite')) k(orden, categoria)
LEFT JOIN c USING (categoria)
GROUP BY k.orden, k.categoria
ORDER BY k.orden
