-- La clave con que se busca un estado en mapeo_estados: el código si el valor lo trae (el código decide),
-- si no la descripción normalizada. La usan la importación y la página de administración.
CREATE OR REPLACE MACRO clave_estado(x) AS
    coalesce(CAST(codigo_de(x) AS VARCHAR), normalizar_valor(descripcion_de(x)));
