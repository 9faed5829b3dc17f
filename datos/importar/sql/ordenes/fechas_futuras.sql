-- Fechas de registro, atención o anulación de un día posterior a hoy ($hoy, Bolivia): por columna, cuántas y las
-- primeras filas. Lo que pasa de mañana ya es un problema (problemas.sql); mañana se acepta (una exportación con la
-- hora de UTC ya está en «mañana» desde las 20:00 de La Paz) pero se advierte. Sólo corre en un archivo sin problemas.
WITH futuras AS (
    SELECT 'fecha_registro' AS campo, fila FROM numerado WHERE CAST(fecha_registro AS DATE) > $hoy
    UNION ALL
    SELECT 'fecha_atencion', fila FROM numerado WHERE CAST(fecha_atencion AS DATE) > $hoy
    UNION ALL
    SELECT 'fecha_anulacion', fila FROM numerado WHERE CAST(fecha_anulacion AS DATE) > $hoy
)
SELECT campo, count(*) AS veces, list(fila ORDER BY fila)[1:$primeras] AS filas
FROM futuras
GROUP BY campo
ORDER BY min(fila), campo;
