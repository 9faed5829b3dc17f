-- La versión vigente de cada registro de seguimiento: la que ningún otro registro corrige (seguimientos_versiones),
-- con sus columnas y fecha_coordinacion.
CREATE OR REPLACE VIEW seguimientos_vigentes AS
SELECT * EXCLUDE (corregido_por) FROM seguimientos_versiones WHERE corregido_por IS NULL;
