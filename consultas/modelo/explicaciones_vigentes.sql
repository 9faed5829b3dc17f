-- La versión vigente de cada explicación de la conciliación: la que ninguna otra corrige.
CREATE OR REPLACE VIEW explicaciones_vigentes AS
SELECT e.* FROM explicaciones e
WHERE NOT EXISTS (SELECT 1 FROM explicaciones c WHERE c.corrige_a = e.id);
