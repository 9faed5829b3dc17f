-- Actividades que cuentan como movimiento de poste en el indicador.
SELECT codigo, descripcion
FROM actividades_poste
ORDER BY codigo
