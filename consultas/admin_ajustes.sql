-- Ajustes numéricos (umbral del indicador, días sin coordinación).
SELECT clave, valor
FROM ajustes
ORDER BY clave
