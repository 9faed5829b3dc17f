-- El número de un CI o NIT para compararlo: la primera tira de dígitos («2743186 CB» y «2743186-1B» → 2743186).
CREATE OR REPLACE MACRO ci_numero(x) AS nullif(regexp_extract(x, '\d+'), '');
