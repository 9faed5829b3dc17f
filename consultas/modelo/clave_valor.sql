-- Clave de un valor codificado (causal, unidad operativa): el código si la orden lo trae (agrupa aunque la
-- descripción cambie de ortografía), si no el texto normalizado; NULL si no hay ninguno.
CREATE OR REPLACE MACRO clave_valor(codigo, texto) AS
    coalesce(CAST(codigo AS VARCHAR), nullif(normalizar_valor(texto), ''));
