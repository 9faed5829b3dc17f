-- ¿Es de movimiento de poste un cargo con este concepto (código y descripción normalizada)? Sin concepto, sí (la
-- exportación ya venía filtrada). La usan la importación (para contar los de otros conceptos), cargos_poste y la
-- conciliación.
CREATE OR REPLACE MACRO concepto_de_poste(codigo, normal) AS
    (codigo IS NULL AND normal IS NULL)
    OR coalesce(CAST(codigo AS VARCHAR) IN (SELECT clave FROM conceptos_poste), false)
    OR coalesce(normal IN (SELECT clave FROM conceptos_poste), false);
