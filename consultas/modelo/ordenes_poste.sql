-- Órdenes de movimiento de poste: las que tienen alguna actividad configurada, la de `ordenes` o cualquiera de las
-- otras de una OT con varias (ordenes_actividades, issue 22); las demás se guardan pero nunca cuentan. Mirar todas
-- hace que quitar y volver a poner una actividad en Administración mueva las cuentas sin volver a importar.
CREATE OR REPLACE VIEW ordenes_poste AS
SELECT * FROM ordenes
WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste)
   OR ot IN (SELECT ot FROM ordenes_actividades WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste));
