-- Cambios administrativos e ingresos (tabla auditoria).
-- Lee: tabla auditoria, en_periodo.
SELECT fecha, usuario, accion, detalle
FROM auditoria
WHERE ($persona = '' OR strpos(lower(usuario), lower($persona)) > 0)
  AND en_periodo(fecha, $desde, $hasta)
ORDER BY fecha DESC, id DESC
