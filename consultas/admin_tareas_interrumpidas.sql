-- Las corridas de `python -m datos tareas` que empezaron y no terminaron (kill -9, corte de luz) en la última semana
-- de corridas (contada desde la última, no desde el reloj: así se ve igual con el reloj de las pruebas). Una sin fin
-- que es la última sólo cuenta si lleva más de una hora: si no, puede estar corriendo.
-- Lee: tareas_ejecuciones (migración 018).
WITH ultima AS (SELECT max(inicio) AS inicio FROM tareas_ejecuciones)
SELECT e.inicio
FROM tareas_ejecuciones e, ultima u
WHERE e.fin IS NULL
  AND (e.interrumpida OR e.inicio < CAST($ahora AS TIMESTAMP) - INTERVAL 1 HOUR)
  AND e.inicio >= u.inicio - INTERVAL 7 DAY
ORDER BY e.inicio DESC
