-- Usuario → nombre para mostrar: las cuentas («ana» → «Ana Atención») y quien no es una cuenta pero dejó su marca
-- en importaciones, auditoría o seguimiento («demo» → «Datos de demostración», la carpeta de entrada, la línea de
-- órdenes), nombrados por nombre_persona. Un usuario desconocido (un ingreso con un nombre inventado) no entra: se
-- muestra tal cual.
-- Lee: tablas usuarios, importaciones, auditoria, seguimientos; nombre_persona.
SELECT usuario, nombre_persona(usuario, nombre) AS nombre FROM usuarios
UNION ALL
SELECT usuario, nombre_persona(usuario, NULL)
FROM (SELECT usuario FROM importaciones UNION SELECT usuario FROM auditoria UNION SELECT autor FROM seguimientos)
WHERE usuario NOT IN (SELECT usuario FROM usuarios) AND nombre_persona(usuario, NULL) <> usuario
