-- Los estados que tuvo una orden, importación por importación (la más antigua primero).
-- Lee: tablas historial_estados e importaciones.
SELECT h.fecha, h.estado_anterior, h.estado, h.estado_origen, i.archivo, i.usuario AS importado_por
FROM historial_estados h
LEFT JOIN importaciones i ON i.id = h.importacion_id
WHERE h.ot = $ot
ORDER BY h.fecha, h.importacion_id
