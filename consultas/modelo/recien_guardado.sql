-- Un registro guardado hace menos de dos minutos (hora de Bolivia, como el `creado_en` de cada tabla). Si llega otro
-- idéntico del mismo autor, es el mismo envío repetido —un doble clic que Streamlit procesa en dos corridas, un clic
-- durante la corrida, una recarga que lo reenvía— y se devuelve el que ya estaba en vez de guardarlo dos veces.
CREATE OR REPLACE MACRO recien_guardado(creado_en) AS
    creado_en >= timezone('America/La_Paz', current_timestamp) - INTERVAL 2 MINUTE;
