-- El resultado de la conciliación de $mes como JSON, el que guarda una firma (firmas_conciliacion.resultado):
-- {"mes", "tarifa" (la del primer día del mes), "conteos" y "importes" (las siete categorías), "explicadas",
--  "tramites": [{"clave", "categoria", "solicitud", "ot", "importe", "facturas", "explicada"}, … por clave]}.
-- "facturas" es la huella de las facturas del trámite: «N° SITUACIÓN neto; …».
-- Lee: conciliacion_del_mes, tarifas.
WITH c AS (SELECT * FROM conciliacion_del_mes($mes)),
k AS (SELECT * FROM (VALUES (1, 'duplicadas'), (2, 'importe_distinto'), (3, 'cobrada_con_orden_anulada'),
                            (4, 'conciliadas'), (5, 'anulada_con_orden_atendida'), (6, 'sin_factura'),
                            (7, 'factura_sin_tramite')) t(orden, categoria)),
por_categoria AS (
    SELECT k.orden, k.categoria, count(c.categoria) AS n, coalesce(sum(c.importe), 0) AS importe
    FROM k LEFT JOIN c USING (categoria) GROUP BY ALL
)
SELECT CAST(to_json({
    'mes': strftime(CAST($mes AS DATE), '%Y-%m'),
    'tarifa': (SELECT importe FROM tarifas WHERE desde <= CAST($mes AS DATE) ORDER BY desde DESC LIMIT 1),
    'conteos': (SELECT map_from_entries(list((categoria, n) ORDER BY orden)) FROM por_categoria),
    'importes': (SELECT map_from_entries(list((categoria, importe) ORDER BY orden)) FROM por_categoria),
    'explicadas': (SELECT count(*) FILTER (WHERE explicada) FROM c),
    'tramites': coalesce((SELECT list({'clave': clave, 'categoria': categoria, 'solicitud': solicitud, 'ot': ot,
                                       'importe': importe, 'facturas': huella_facturas, 'explicada': explicada}
                                      ORDER BY clave) FROM c), [])
}) AS VARCHAR) AS resultado,
(SELECT count(*) FROM c) AS tramites
