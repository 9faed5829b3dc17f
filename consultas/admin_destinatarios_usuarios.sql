-- Quiénes reciben cada tipo de correo: los usuarios activos de los roles elegidos (los que no tienen correo se
-- listan también, porque no reciben nada). Lee: tablas destinatarios y usuarios.
SELECT d.tipo, u.nombre, u.rol, nullif(trim(u.email), '') AS email
FROM destinatarios d
JOIN usuarios u ON u.rol = d.rol AND u.activo
ORDER BY d.tipo, email IS NULL, u.nombre
