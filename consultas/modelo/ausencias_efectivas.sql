-- Cada ausencia como quedó: su último día (el del último «terminada», o el registrado) y si se anuló.
CREATE OR REPLACE VIEW ausencias_efectivas AS
SELECT a.id, a.desde, coalesce(t.hasta, a.hasta) AS hasta, a.hasta AS hasta_registrada, a.motivo,
       a.registrado_por, a.creado_en, n.ausencia_id IS NOT NULL AS anulada, t.hasta IS NOT NULL AS terminada_antes,
       coalesce(n.registrado_por, t.registrado_por) AS cambiada_por
FROM ausencias a
LEFT JOIN (SELECT ausencia_id, arg_max(hasta, id) AS hasta, arg_max(registrado_por, id) AS registrado_por
           FROM ausencias_cambios WHERE tipo = 'terminada' GROUP BY ausencia_id) t ON t.ausencia_id = a.id
LEFT JOIN (SELECT ausencia_id, arg_max(registrado_por, id) AS registrado_por
           FROM ausencias_cambios WHERE tipo = 'anulada' GROUP BY ausencia_id) n ON n.ausencia_id = a.id;
