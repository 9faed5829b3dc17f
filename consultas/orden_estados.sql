-- Los estados que tuvo una orden, importación por importación (la más antigua primero), con el nombre de quien
-- importó (nombre_persona: una cuenta, la carpeta de entrada, la demostración o la línea de órdenes).
-- Lee: tablas historial_estados, importaciones y usuarios; nombre_persona.
SELECT h.fecha, h.estado_anterior, h.estado, h.estado_origen, i.archivo,
       nombre_persona(i.usuario, u.nombre) AS importado_por
FROM historial_estados h
LEFT JOIN importaciones i ON i.id = h.importacion_id
LEFT JOIN usuarios u ON u.usuario = i.usuario
WHERE h.ot = $ot
ORDER BY h.fecha, h.importacion_id
