-- Las importaciones de órdenes, la más reciente primero (para elegir una en «Desde la última importación»), con el
-- nombre de quien importó (la carpeta de entrada o la línea de órdenes, por lo que son: nombre_persona).
-- Lee: tablas importaciones y usuarios; nombre_persona.
SELECT i.id, i.fecha, i.archivo, nombre_persona(i.usuario, u.nombre) AS importado_por, i.filas_leidas, i.nuevas,
       i.actualizadas
FROM importaciones i
LEFT JOIN usuarios u ON u.usuario = i.usuario
WHERE coalesce(i.tipo, 'ordenes') = 'ordenes'
ORDER BY i.id DESC
LIMIT $limite
