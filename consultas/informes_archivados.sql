-- Los informes que la tarea mensual archivó (python -m datos tareas), el más nuevo primero.
-- Lee: informes_archivados (migración 012).
SELECT mes, tipo, archivo, creado
FROM informes_archivados
ORDER BY mes DESC, tipo
