-- Ajustes numéricos (umbral del indicador, días sin coordinación).
-- Lee: tabla ajustes.
SELECT clave, valor
FROM ajustes
ORDER BY clave
