-- Cambios administrativos e ingresos (tabla auditoria).
-- La persona, por parte de su usuario o de su nombre.
-- Lee: tabla usuarios, tabla auditoria, en_periodo.
SELECT fecha, usuario, accion, detalle
FROM auditoria
WHERE ($persona = '' OR strpos(lower(usuario), lower($persona)) > 0
       OR usuario IN (SELECT usuario FROM usuarios WHERE strpos(lower(nombre), lower($persona)) > 0))
  AND en_periodo(fecha, $desde, $hasta)
ORDER BY fecha DESC, id DESC
