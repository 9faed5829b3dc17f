-- Las últimas corridas fallidas de las tareas programadas, la más nueva primero.
-- Lee: tareas_corridas (migración 012).
SELECT inicio, tarea, periodo, detalle
FROM tareas_corridas
WHERE resultado = 'fallido'
ORDER BY id DESC
LIMIT 20
