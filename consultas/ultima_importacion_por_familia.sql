-- La importación más reciente de cada familia (órdenes, facturas): de cuándo son los datos de cada una. La de
-- facturación puede ser más nueva que la de órdenes, y la del KPI es la de órdenes.
-- Lee: tabla importaciones.
SELECT coalesce(tipo, 'ordenes') AS tipo, fecha, archivo
FROM importaciones
QUALIFY row_number() OVER (PARTITION BY coalesce(tipo, 'ordenes') ORDER BY id DESC) = 1
ORDER BY tipo = 'facturas', tipo
