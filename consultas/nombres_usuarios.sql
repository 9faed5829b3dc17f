-- Usuario → nombre completo (tabla usuarios): las bandejas muestran «Ana Atención», no «ana».
SELECT usuario, nombre FROM usuarios
