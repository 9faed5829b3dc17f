SELECT fila, factura, fecha_emision, solicitud, concepto, signo, importe, estado_origen, estado
FROM normalizado WHERE pos < 200 ORDER BY fila LIMIT 20;
