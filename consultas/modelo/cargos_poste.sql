-- Los cargos de movimiento de poste, con los datos de su factura (para consultar a mano; la conciliación filtra
-- antes de unir).
CREATE OR REPLACE VIEW cargos_poste AS
SELECT l.linea, l.factura, l.cuenta_cobro, l.solicitud, l.documento, l.concepto_codigo, l.concepto, l.signo, l.importe,
       f.fecha_emision, f.estado, f.estado_origen, f.cliente, f.ci_nit
FROM facturas_lineas l
JOIN facturas f USING (factura)
WHERE concepto_de_poste(l.concepto_codigo, l.concepto_normal);
