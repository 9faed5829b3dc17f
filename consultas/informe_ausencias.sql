-- Informe mensual: ausencias de la Resp. de Atención (suplencia de Retención) que tocan el mes, de $desde (su primer
-- día) a $hasta_periodo (su último día).
-- Lee: vista ausencias_efectivas (consultas/modelo/: sin las anuladas, con su último día real) y tabla usuarios.
SELECT a.desde, a.hasta, a.motivo, nombre_persona(a.registrado_por, u.nombre) AS registrado_por
FROM ausencias_efectivas a
LEFT JOIN usuarios u ON u.usuario = a.registrado_por
WHERE NOT a.anulada AND a.desde <= $hasta_periodo AND a.hasta >= $desde
ORDER BY a.desde
