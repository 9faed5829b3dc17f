-- Meses (primer día) con órdenes de movimiento de poste, el más reciente primero: opciones del periodo.
SELECT DISTINCT CAST(date_trunc('month', fecha_registro) AS DATE) AS mes
FROM ordenes
WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste)
ORDER BY mes DESC
