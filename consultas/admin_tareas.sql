-- Salud de la operación desatendida: por tarea, su última corrida y, si la última no salió bien, desde cuándo falla.
-- Lee: tareas_corridas (migración 012).
WITH ultima AS (
    SELECT tarea, arg_max(inicio, id) AS inicio, arg_max(periodo, id) AS periodo, arg_max(resultado, id) AS resultado,
           arg_max(detalle, id) AS detalle, arg_max(duracion_s, id) AS duracion_s,
           max(inicio) FILTER (WHERE resultado <> 'fallido') AS ultima_buena
    FROM tareas_corridas
    GROUP BY tarea
)
SELECT t.tarea, u.inicio, u.periodo, u.resultado, u.detalle, u.duracion_s, u.ultima_buena
FROM (VALUES (1, 'carpeta_entrada'), (2, 'informes_mensuales'), (3, 'alerta_diaria'), (4, 'aviso_rechazos'),
             (5, 'respaldo')) t(orden, tarea)
LEFT JOIN ultima u USING (tarea)
ORDER BY t.orden
