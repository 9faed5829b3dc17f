-- Todos los registros de seguimiento de una orden, también las versiones ya corregidas
-- (vigente = ningún otro registro la corrige; corregido_por = la versión que la reemplazó).
-- Lee: seguimientos_versiones, tabla usuarios.
SELECT s.id, s.creado_en, s.tipo, s.texto, s.fecha_contacto, s.contacto, s.fecha_acordada, s.resultado,
       s.autor, nombre_persona(s.autor, u.nombre) AS autor_nombre, s.rol, s.suplente, s.corrige_a,
       s.corregido_por IS NULL AS vigente, s.corregido_por
FROM seguimientos_versiones s
LEFT JOIN usuarios u ON u.usuario = s.autor
WHERE s.ot = $ot
ORDER BY s.creado_en, s.id
