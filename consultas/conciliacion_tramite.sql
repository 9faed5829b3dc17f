-- Un trámite (o factura sin trámite) de la conciliación de $mes por su clave ('S:…', 'O:…', 'F:…'), con todo lo de
-- conciliacion.sql; vacío si no está en el mes.
-- Lee: conciliacion_del_mes.
SELECT clave, categoria, solicitud, ot, ots, estado_orden, registro,
       CASE WHEN $personales THEN cliente END AS cliente, CASE WHEN $personales THEN ci_nit END AS ci_nit,
       list_transform(facturas, lambda f: {'factura': f.factura, 'fecha_emision': f.fecha_emision, 'debito': f.debito,
                                           'credito': f.credito, 'neto': f.neto, 'situacion': f.situacion,
                                           'cliente': CASE WHEN $personales THEN f.cliente END,
                                           'ci_nit': CASE WHEN $personales THEN f.ci_nit END}) AS facturas,
       validas, neto, tarifa, importe, ci_distinto, otro_mes, explicada, explicacion_id
FROM conciliacion_del_mes($mes)
WHERE clave = $clave
