-- La tarifa de $mes: la que rige el primer día y, si cambia dentro del mes, cada cambio (desde, importe).
-- Lee: tarifas.
SELECT desde, importe FROM (
    SELECT desde, importe FROM tarifas WHERE desde <= CAST($mes AS DATE) ORDER BY desde DESC LIMIT 1
)
UNION ALL
SELECT desde, importe FROM tarifas
WHERE desde > CAST($mes AS DATE) AND desde < CAST($mes AS DATE) + INTERVAL 1 MONTH
ORDER BY desde
