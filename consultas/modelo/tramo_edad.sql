-- Tramo de edad de una pendiente, en días.
CREATE OR REPLACE MACRO tramo_edad(dias) AS CASE
    WHEN dias <= 7 THEN '0–7' WHEN dias <= 15 THEN '8–15' WHEN dias <= 30 THEN '16–30' ELSE '> 30' END;
