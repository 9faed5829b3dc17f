-- Todos los registros de seguimiento de una orden, también las versiones ya corregidas
-- (vigente = ningún otro registro la corrige; corregido_por = la versión que la reemplazó).
SELECT s.id, s.creado_en, s.tipo, s.texto, s.fecha_contacto, s.contacto, s.fecha_acordada, s.resultado,
       s.autor, coalesce(u.nombre, s.autor) AS autor_nombre, s.rol, s.suplente, s.corrige_a,
       c.id IS NULL AS vigente, c.id AS corregido_por
FROM seguimientos s
LEFT JOIN usuarios u ON u.usuario = s.autor
LEFT JOIN (SELECT corrige_a, min(id) AS id FROM seguimientos WHERE corrige_a IS NOT NULL GROUP BY corrige_a) c
       ON c.corrige_a = s.id
WHERE s.ot = $ot
ORDER BY s.creado_en, s.id
