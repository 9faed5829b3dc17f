-- Ausencias registradas de la Resp. de Atención (la Resp. de Retención queda a cargo), como quedaron (terminadas
-- antes o anuladas), con si cubren $hoy.
-- Lee: vista ausencias_efectivas (consultas/modelo/) y tabla usuarios.
SELECT a.id, a.desde, a.hasta, a.motivo, nombre_persona(a.registrado_por, u.nombre) AS registrado_por, a.creado_en,
       NOT a.anulada AND CAST($hoy AS DATE) BETWEEN a.desde AND a.hasta AS vigente,
       CASE WHEN a.anulada THEN 'Anulada' WHEN a.terminada_antes THEN 'Terminó antes (era hasta el '
            || strftime(a.hasta_registrada, '%d/%m/%Y') || ')' END AS cambio,
       a.anulada
FROM ausencias_efectivas a
LEFT JOIN usuarios u ON u.usuario = a.registrado_por
ORDER BY a.desde DESC, a.id DESC
LIMIT $limite
