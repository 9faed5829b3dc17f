-- Cuentas para la página de administración (sin el hash de la clave).
SELECT usuario, nombre, rol, email, activo,
       bloqueado_hasta > current_localtimestamp() AS bloqueada,
       bloqueado_hasta, intentos_fallidos, creado_en
FROM usuarios
ORDER BY activo DESC, usuario
