-- Lo que cuenta la alerta diaria: REGISTRADO cuya última coordinación —o su registro, si no tiene ninguna— es
-- anterior a $hoy − $dias días (lleva más de $dias días sin coordinación). La más antigua primero.
-- Lee: pendientes_seguimiento (sobre ordenes_del_periodo).
WITH p AS (
    SELECT ot, fecha_registro, ultima_coordinacion,
           coalesce(ultima_coordinacion, CAST(fecha_registro AS DATE)) AS desde
    FROM pendientes_seguimiento(CAST($hoy AS DATE), CAST($dias AS INTEGER), NULL, NULL)
    WHERE categoria = 'registrado_sin_coordinar'
)
SELECT ot, CAST(fecha_registro AS DATE) AS fecha_registro, ultima_coordinacion,
       date_diff('day', desde, CAST($hoy AS DATE)) AS dias
FROM p
WHERE desde < CAST($hoy AS DATE) - CAST($dias AS INTEGER)
ORDER BY desde, ot
