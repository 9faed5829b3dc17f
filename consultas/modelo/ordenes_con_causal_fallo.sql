-- Órdenes ATENDIDAS legalizadas con una causal de fallo (OSF cierra la orden sin el trabajo hecho):
-- por la clase que trae la exportación o por la lista del administrador. El indicador no cambia por esto.
CREATE OR REPLACE VIEW ordenes_con_causal_fallo AS
SELECT ot FROM ordenes
WHERE estado = 'ATENDIDO'
  AND (causal_clase = 2 OR causal_codigo IN (SELECT codigo FROM causales_fallo));
