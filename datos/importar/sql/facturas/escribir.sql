-- Dentro de la transacción de una importación de facturas: reemplaza las facturas y los cargos cambiados, agrega los
-- nuevos y anota el historial de estados de cada factura. Un cargo que la exportación no trae no se borra.
DELETE FROM facturas WHERE factura IN (SELECT factura FROM facturas_existentes WHERE NOT igual);

INSERT INTO facturas (factura, fecha_emision, estado, estado_origen, cliente, ci_nit, importacion_id)
SELECT factura, fecha_emision, estado, estado_origen, cliente, ci_nit, $importacion
FROM facturas_existentes WHERE NOT igual
UNION ALL
SELECT factura, fecha_emision, estado, estado_origen, cliente, ci_nit, $importacion
FROM lote_facturas ANTI JOIN facturas_existentes USING (factura);

DELETE FROM facturas_lineas WHERE linea IN (SELECT linea FROM lineas_existentes WHERE NOT igual);

INSERT INTO facturas_lineas (linea, factura, cuenta_cobro, solicitud, documento, concepto_codigo, concepto,
                             concepto_normal, signo, importe, importacion_id)
SELECT linea, factura, cuenta_cobro, solicitud, documento, concepto_codigo, concepto, concepto_normal, signo, importe,
       $importacion
FROM lineas_existentes WHERE NOT igual
UNION ALL
SELECT linea, factura, cuenta_cobro, solicitud, documento, concepto_codigo, concepto, concepto_normal, signo, importe,
       $importacion
FROM lote_lineas ANTI JOIN lineas_existentes USING (linea);

INSERT INTO historial_facturas (factura, importacion_id, estado_anterior, estado, estado_origen)
SELECT factura, $importacion, estado_anterior, estado, estado_origen FROM facturas_existentes WHERE cambia_estado
UNION ALL
SELECT factura, $importacion, NULL, estado, estado_origen
FROM lote_facturas ANTI JOIN facturas_existentes USING (factura);
