-- Importaciones, filtradas por persona (parte del usuario, sin distinguir mayúsculas; '' = todas)
-- y por fecha (desde/hasta inclusive).
SELECT fecha, usuario, archivo, familia, resultado, filas_leidas, nuevas, actualizadas,
       sin_cambio, duplicados, otras_actividades, hash
FROM importaciones
WHERE ($persona = '' OR strpos(lower(usuario), lower($persona)) > 0)
  AND fecha >= CAST($desde AS DATE)
  AND fecha < CAST($hasta AS DATE) + INTERVAL 1 DAY
ORDER BY fecha DESC, id DESC
