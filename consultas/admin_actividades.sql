-- Actividades que cuentan como movimiento de poste en el indicador.
-- Lee: tabla actividades_poste (la configuración misma; ordenes_poste la usa).
SELECT codigo, descripcion
FROM actividades_poste
ORDER BY codigo
