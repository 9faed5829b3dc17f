-- Cuentas para la página de administración (sin el hash de la clave).
-- Lee: tabla usuarios.
SELECT usuario, nombre, rol, email, activo,
       bloqueado_hasta > timezone('America/La_Paz', current_timestamp) AS bloqueada,
       bloqueado_hasta, intentos_fallidos, creado_en
FROM usuarios
ORDER BY activo DESC, usuario
