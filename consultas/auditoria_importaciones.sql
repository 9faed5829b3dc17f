-- Importaciones, filtradas por persona (parte del usuario, sin distinguir mayúsculas; '' = todas)
-- y por fecha (desde/hasta inclusive).
-- La persona, por parte de su usuario o de su nombre.
-- Lee: tabla usuarios, tabla importaciones, en_periodo.
SELECT fecha, usuario, archivo, familia, resultado, filas_leidas, nuevas, actualizadas,
       sin_cambio, duplicados, otras_actividades, hash
FROM importaciones
WHERE ($persona = '' OR strpos(lower(usuario), lower($persona)) > 0
       OR usuario IN (SELECT usuario FROM usuarios WHERE strpos(lower(nombre), lower($persona)) > 0))
  AND en_periodo(fecha, $desde, $hasta)
ORDER BY fecha DESC, id DESC
