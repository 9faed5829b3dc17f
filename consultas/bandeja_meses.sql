-- Meses (primer día) con órdenes de movimiento de poste, el más reciente primero: opciones del periodo.
-- Lee: ordenes_poste.
SELECT DISTINCT CAST(date_trunc('month', fecha_registro) AS DATE) AS mes
FROM ordenes_poste
ORDER BY mes DESC
