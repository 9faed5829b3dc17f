-- Los archivos que la carpeta de entrada apartó en rechazados/ en los 30 días antes del último, con su aviso por
-- correo (NULL: todavía no salió; se reintenta en horario de oficina). El más nuevo primero.
-- Lee: rechazos_entrada (migración 018).
SELECT rechazado_en, archivo, problemas, aviso
FROM rechazos_entrada
WHERE rechazado_en >= (SELECT max(rechazado_en) FROM rechazos_entrada) - INTERVAL 30 DAY
ORDER BY id DESC
