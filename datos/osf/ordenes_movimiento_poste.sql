-- =====================================================================================================
-- Órdenes de «Movimiento de poste» desde OSF (Smartflex), para importar en el tablero de seguimiento.
--
-- Se ejecuta en SQL Developer o TOAD, conectado a la base de OSF con un usuario de sólo lectura.
-- Al ejecutarla pide tres valores (variables de enlace):
--   :actividades  códigos de actividad separados por comas. Vacío = las de movimiento de poste: 52137,8074
--                 (las de «Administración → Actividades» del tablero: si suma una aquí, súmela también ahí)
--   :desde        primer día, DD/MM/AAAA (fecha de registro de la orden, CREATED_DATE)
--   :hasta        último día, DD/MM/AAAA (se incluye el día entero)
-- Ejecútela como sentencia (Ctrl+Intro o F9) para tener la grilla de resultados, expórtela desde la
-- grilla (clic derecho → Exportar) a CSV o Excel e impórtela en la página «Importar» o con
--   python -m datos importar ARCHIVO
--
-- No cambie los nombres de columna (alias): son los de OSF y el tablero los reconoce así. Las fechas
-- salen como texto DD/MM/AAAA HH24:MI:SS para que lleguen con el año de cuatro cifras (el formato de
-- fecha de Oracle en español es DD/MM/RR). Los valores con código salen como «código - descripción».
--
-- Si su usuario no tiene sinónimos para las tablas de OSF, anteponga el esquema (p. ej. OPEN.OR_ORDER).
-- =====================================================================================================
WITH ordenes AS (
    SELECT o.ORDER_ID, o.TASK_TYPE_ID, o.ORDER_STATUS_ID, o.CREATED_DATE, o.ASSIGNED_DATE,
           o.EXEC_ESTIMATE_DATE, o.MAX_DATE_TO_LEGALIZE, o.EXECUTION_FINAL_DATE, o.LEGALIZATION_DATE,
           o.CAUSAL_ID, o.OPERATING_UNIT_ID,
           a.ACTIVITY_ID, a.PACKAGE_ID, a.SUBSCRIBER_ID, a.COMMENT_,
           -- Una orden con dos actividades de la lista saldría dos veces, y el tablero rechaza un archivo
           -- con la misma orden repetida con datos distintos: se deja una fila por orden.
           ROW_NUMBER() OVER (PARTITION BY o.ORDER_ID ORDER BY a.ACTIVITY_ID) AS n
    FROM OR_ORDER o
        JOIN OR_ORDER_ACTIVITY a ON a.ORDER_ID = o.ORDER_ID
    WHERE INSTR(',' || REPLACE(NVL(:actividades, '52137,8074'), ' ') || ',', ',' || a.ACTIVITY_ID || ',') > 0
      AND o.CREATED_DATE >= TO_DATE(:desde, 'DD/MM/YYYY')
      AND o.CREATED_DATE <  TO_DATE(:hasta, 'DD/MM/YYYY') + 1
)
SELECT
    x.ORDER_ID                                                          AS ORDER_ID,
    x.PACKAGE_ID                                                        AS PACKAGE_ID,
    x.ACTIVITY_ID || ' - ' || i.DESCRIPTION                             AS ACTIVITY_ID,
    x.TASK_TYPE_ID                                                      AS TASK_TYPE_ID,
    -- Supuesto: la descripción del estado está en OR_ORDER_STATUS.DESCRIPTION (así la usan las consultas
    -- OSF conocidas). Si en su versión se llama distinto, cambie sólo esta línea.
    x.ORDER_STATUS_ID || ' - ' || st.DESCRIPTION                        AS ORDER_STATUS_ID,
    TO_CHAR(x.CREATED_DATE,         'DD/MM/YYYY HH24:MI:SS')            AS CREATED_DATE,
    TO_CHAR(x.ASSIGNED_DATE,        'DD/MM/YYYY HH24:MI:SS')            AS ASSIGNED_DATE,
    TO_CHAR(x.EXEC_ESTIMATE_DATE,   'DD/MM/YYYY HH24:MI:SS')            AS EXEC_ESTIMATE_DATE,
    TO_CHAR(x.MAX_DATE_TO_LEGALIZE, 'DD/MM/YYYY HH24:MI:SS')            AS MAX_DATE_TO_LEGALIZE,
    TO_CHAR(x.EXECUTION_FINAL_DATE, 'DD/MM/YYYY HH24:MI:SS')            AS EXECUTION_FINAL_DATE,
    TO_CHAR(x.LEGALIZATION_DATE,    'DD/MM/YYYY HH24:MI:SS')            AS LEGALIZATION_DATE,
    -- Sin causal o sin unidad la celda queda vacía (no « - »).
    CASE WHEN x.CAUSAL_ID IS NOT NULL THEN x.CAUSAL_ID || ' - ' || c.DESCRIPTION END
                                                                        AS CAUSAL_ID,
    -- 1 éxito, 2 fallo: una orden legalizada (8) con causal de fallo se cerró sin hacer el trabajo.
    c.CLASS_CAUSAL_ID                                                   AS CLASE_CAUSAL,
    CASE WHEN x.OPERATING_UNIT_ID IS NOT NULL THEN x.OPERATING_UNIT_ID || ' - ' || u.NAME END
                                                                        AS OPERATING_UNIT_ID,
    x.SUBSCRIBER_ID                                                     AS SUBSCRIBER_ID,
    x.COMMENT_                                                          AS COMMENT_
FROM ordenes x
    -- Catálogos con LEFT JOIN: una descripción que falte no hace perder la orden.
    LEFT JOIN GE_ITEMS i           ON i.ITEMS_ID = x.ACTIVITY_ID
    LEFT JOIN OR_ORDER_STATUS st   ON st.ORDER_STATUS_ID = x.ORDER_STATUS_ID
    LEFT JOIN GE_CAUSAL c          ON c.CAUSAL_ID = x.CAUSAL_ID
    LEFT JOIN OR_OPERATING_UNIT u  ON u.OPERATING_UNIT_ID = x.OPERATING_UNIT_ID
WHERE x.n = 1
ORDER BY x.CREATED_DATE, x.ORDER_ID;
