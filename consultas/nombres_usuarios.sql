-- Usuario → nombre completo (tabla usuarios): las bandejas muestran «Ana Atención», no «ana».
-- Lee: tabla usuarios.
SELECT usuario, nombre FROM usuarios
