-- Las actividades de una OT en una línea: «52137 – Servicio…, 8074 – LBC…». Primero la de `ordenes` (la de poste, si
-- alguna lo es), después las otras de `varias` (la lista de actividades_varias; NULL si tiene una sola).
CREATE OR REPLACE MACRO texto_actividades(codigo, descripcion, varias) AS
    concat_ws(', ', concat_ws(' – ', codigo, descripcion),
              nullif(array_to_string(list_transform(list_filter(varias, lambda a: a.codigo IS DISTINCT FROM codigo),
                                                    lambda a: concat_ws(' – ', a.codigo, a.descripcion)), ', '), ''));
