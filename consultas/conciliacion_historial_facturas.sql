-- El historial de estados de las facturas $facturas (VARCHAR[]): cada importación que vio un estado nuevo.
-- Lee: historial_facturas, importaciones.
SELECT h.factura, h.fecha, h.estado_anterior, h.estado, h.estado_origen, i.archivo, i.usuario AS importado_por
FROM historial_facturas h
LEFT JOIN importaciones i ON i.id = h.importacion_id
WHERE list_contains(CAST($facturas AS VARCHAR[]), h.factura)
ORDER BY h.factura, h.importacion_id
