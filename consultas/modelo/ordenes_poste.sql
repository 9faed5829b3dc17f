-- Órdenes de movimiento de poste: las de las actividades configuradas; las demás se guardan pero nunca cuentan.
CREATE OR REPLACE VIEW ordenes_poste AS
SELECT * FROM ordenes
WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste);
