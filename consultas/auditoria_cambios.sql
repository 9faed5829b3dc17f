-- Cambios administrativos e ingresos (tabla auditoria).
SELECT fecha, usuario, accion, detalle
FROM auditoria
WHERE ($persona = '' OR strpos(lower(usuario), lower($persona)) > 0)
  AND fecha >= CAST($desde AS DATE)
  AND fecha < CAST($hasta AS DATE) + INTERVAL 1 DAY
ORDER BY fecha DESC, id DESC
