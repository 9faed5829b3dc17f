-- Histograma del tiempo de atención (días completos, registro → atención) de las atendidas del periodo;
-- lo que pasa de 60 días se junta en la última barra para que el gráfico se lea.
SELECT least(CAST(floor(date_diff('minute', fecha_registro, fecha_atencion) / 1440.0) AS INTEGER), 60) AS dias,
       count(*) AS ordenes
FROM ordenes
WHERE estado = 'ATENDIDO' AND fecha_atencion IS NOT NULL
  AND actividad_codigo IN (SELECT codigo FROM actividades_poste)
  AND ($desde IS NULL OR fecha_registro >= CAST($desde AS DATE))
  AND ($hasta IS NULL OR fecha_registro < CAST($hasta AS DATE) + INTERVAL 1 DAY)
GROUP BY 1
ORDER BY 1
