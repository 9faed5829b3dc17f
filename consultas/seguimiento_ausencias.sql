-- Ausencias registradas de la Resp. de Atención (la Resp. de Retención queda a cargo), con si cubren $hoy.
SELECT a.desde, a.hasta, a.motivo, coalesce(u.nombre, a.registrado_por) AS registrado_por, a.creado_en,
       CAST($hoy AS DATE) BETWEEN a.desde AND a.hasta AS vigente
FROM ausencias a
LEFT JOIN usuarios u ON u.usuario = a.registrado_por
ORDER BY a.desde DESC, a.id DESC
LIMIT $limite
