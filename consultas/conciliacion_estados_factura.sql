-- Las equivalencias de estados de factura (clave_estado del valor de la exportación → VIGENTE o ANULADA).
-- Lee: mapeo_estados_factura.
SELECT valor, estado FROM mapeo_estados_factura ORDER BY estado DESC, valor
