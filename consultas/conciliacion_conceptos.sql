-- Los conceptos de cobro que cuentan como movimiento de poste (clave: código o descripción normalizada).
-- Lee: conceptos_poste.
SELECT clave, descripcion FROM conceptos_poste ORDER BY descripcion
