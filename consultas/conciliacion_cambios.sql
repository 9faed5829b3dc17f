-- Qué cambió en la conciliación de $mes desde su última firma «Elaborado por»: cada trámite cuya categoría, importe
-- en juego o facturas no son los del resultado guardado, y los que aparecieron o desaparecieron. Vacío si el mes no
-- está firmado o si nada cambió. Las explicaciones no cuentan como cambio (se agregan después de conciliar).
-- Lee: firmas_conciliacion, conciliacion_del_mes.
WITH firma AS (
    SELECT resultado FROM firmas_conciliacion
    WHERE mes = CAST($mes AS DATE) AND tipo = 'elaborado' ORDER BY id DESC LIMIT 1
),
antes AS (
    SELECT unnest(CAST(resultado -> 'tramites' AS STRUCT(clave VARCHAR, categoria VARCHAR, solicitud VARCHAR,
                                                         ot BIGINT, importe DECIMAL(18, 2), facturas VARCHAR,
                                                         explicada BOOLEAN)[]), recursive := true)
    FROM firma
),
ahora AS (
    SELECT clave, categoria, solicitud, ot, importe, huella_facturas AS facturas FROM conciliacion_del_mes($mes)
    WHERE EXISTS (SELECT 1 FROM firma)
)
SELECT coalesce(h.clave, a.clave) AS clave, coalesce(h.solicitud, a.solicitud) AS solicitud, coalesce(h.ot, a.ot) AS ot,
       a.categoria AS categoria_firmada, h.categoria AS categoria_actual,
       a.importe AS importe_firmado, h.importe AS importe_actual,
       a.facturas AS facturas_firmadas, h.facturas AS facturas_actuales
FROM antes a
FULL JOIN ahora h ON h.clave = a.clave
WHERE (a.categoria, a.importe, a.facturas) IS DISTINCT FROM (h.categoria, h.importe, h.facturas)
ORDER BY coalesce(h.clave, a.clave)
