-- Importaciones, filtradas por persona (parte del usuario, sin distinguir mayúsculas; '' = todas)
-- y por fecha (desde/hasta inclusive).
-- Lee: tabla importaciones, en_periodo.
SELECT fecha, usuario, archivo, familia, resultado, filas_leidas, nuevas, actualizadas,
       sin_cambio, duplicados, otras_actividades, hash
FROM importaciones
WHERE ($persona = '' OR strpos(lower(usuario), lower($persona)) > 0)
  AND en_periodo(fecha, $desde, $hasta)
ORDER BY fecha DESC, id DESC
