-- La importación más reciente (tabla importaciones, no órdenes): de cuándo y de qué archivo son los datos que se ven.
-- Lee: tabla importaciones.
SELECT fecha, archivo FROM importaciones ORDER BY id DESC LIMIT 1
