-- Histograma del tiempo de atención (días completos, registro → atención) de las atendidas del periodo;
-- lo que pasa de 60 días se junta en la última barra para que el gráfico se lea.
-- $actividades, $zonas, $unidades: los filtros que trae del Semáforo (los de kpi_mensual; NULL = todas).
-- Lee: ordenes_del_kpi (sólo las elegidas).
SELECT least(CAST(floor(date_diff('minute', fecha_registro, fecha_atencion) / 1440.0) AS INTEGER), 60) AS dias,
       count(*) AS ordenes
FROM ordenes_del_kpi($desde, $hasta, $actividades, $zonas, $unidades)
WHERE elegida AND estado = 'ATENDIDO' AND fecha_atencion IS NOT NULL
GROUP BY 1
ORDER BY 1
