-- Clave de una causal de anulación: la que entrega bandeja_anulados_causales y recibe anuladas_del_periodo.
CREATE OR REPLACE MACRO clave_causal(codigo, texto) AS coalesce(clave_valor(codigo, texto), '(sin causal)');
