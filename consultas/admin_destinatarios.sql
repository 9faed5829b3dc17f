-- Roles elegidos para cada tipo de correo (Administración → Correo y respaldos).
-- Lee: tabla destinatarios.
SELECT tipo, rol
FROM destinatarios
ORDER BY tipo, rol
