-- Un importe escrito «1.000,00», «1000.00», «1,000.00», «Bs. 1000» o «(1.000,00)» → DECIMAL(18,2) con su signo;
-- NULL si no se lee o si tiene más de dos decimales (no se redondea: la conciliación es exacta). Un punto o una coma
-- seguidos de exactamente tres cifras separan miles («1.000» = mil, como se escribe en Bolivia).
CREATE OR REPLACE MACRO importe_de(x) AS (
    CASE WHEN regexp_full_match(regexp_replace(x, '(?i)bs\.?|bob|\s', '', 'g'), '\(.*\)|-.*') THEN -1 ELSE 1 END *
    TRY_CAST(CASE
        WHEN regexp_full_match(regexp_replace(x, '(?i)bs\.?|bob|\s|^[-(]|[)]$', '', 'g'), '\d+')
            THEN regexp_replace(x, '(?i)bs\.?|bob|\s|^[-(]|[)]$', '', 'g')
        WHEN regexp_full_match(regexp_replace(x, '(?i)bs\.?|bob|\s|^[-(]|[)]$', '', 'g'), '\d+[.,]\d{1,2}')
            THEN replace(regexp_replace(x, '(?i)bs\.?|bob|\s|^[-(]|[)]$', '', 'g'), ',', '.')
        WHEN regexp_full_match(regexp_replace(x, '(?i)bs\.?|bob|\s|^[-(]|[)]$', '', 'g'), '\d{1,3}(\.\d{3})+(,\d{1,2})?')
            THEN replace(replace(regexp_replace(x, '(?i)bs\.?|bob|\s|^[-(]|[)]$', '', 'g'), '.', ''), ',', '.')
        WHEN regexp_full_match(regexp_replace(x, '(?i)bs\.?|bob|\s|^[-(]|[)]$', '', 'g'), '\d{1,3}(,\d{3})+(\.\d{1,2})?')
            THEN replace(regexp_replace(x, '(?i)bs\.?|bob|\s|^[-(]|[)]$', '', 'g'), ',', '')
    END AS DECIMAL(18, 2))
);
