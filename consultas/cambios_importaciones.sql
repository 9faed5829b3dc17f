-- Las importaciones de órdenes, la más reciente primero (para elegir una en «Desde la última importación»), con el
-- nombre de quien importó (la consola y la carpeta de entrada no son cuentas: quedan como vinieron).
-- Lee: tablas importaciones y usuarios.
SELECT i.id, i.fecha, i.archivo, coalesce(u.nombre, i.usuario) AS importado_por, i.filas_leidas, i.nuevas,
       i.actualizadas
FROM importaciones i
LEFT JOIN usuarios u ON u.usuario = i.usuario
WHERE coalesce(i.tipo, 'ordenes') = 'ordenes'
ORDER BY i.id DESC
LIMIT $limite
