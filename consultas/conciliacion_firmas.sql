-- Las firmas de la conciliación de $mes, en el orden en que se hicieron (sin el resultado guardado).
-- Lee: firmas_conciliacion.
SELECT id, tipo, elaborado_id, usuario, nombre, rol, creado_en
FROM firmas_conciliacion
WHERE mes = CAST($mes AS DATE)
ORDER BY id
