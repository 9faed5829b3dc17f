-- Los últimos registros de seguimiento de cualquier persona (todas las versiones), el más reciente primero:
-- quién, con qué rol, si era suplente y cuándo.
-- Lee: tablas seguimientos (todas las versiones) y usuarios.
SELECT s.creado_en, s.ot, s.tipo, s.resultado, s.texto, nombre_persona(s.autor, u.nombre) AS autor, s.rol, s.suplente,
       s.corrige_a, s.id
FROM seguimientos s
LEFT JOIN usuarios u ON u.usuario = s.autor
ORDER BY s.creado_en DESC, s.id DESC
LIMIT $limite OFFSET $desplazamiento
