-- La importación más reciente (tabla importaciones, no órdenes): de cuándo y de qué archivo son los datos que se ven,
-- y quién la hizo (una persona, la consola o la carpeta de entrada).
-- Lee: tabla importaciones.
SELECT fecha, archivo, usuario FROM importaciones ORDER BY id DESC LIMIT 1
