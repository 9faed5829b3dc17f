SELECT 'Factura ' || factura || ': ANULADA → VIGENTE (una anulada vuelve a vigente; revise si la exportación es más '
       || 'antigua).'
FROM facturas_existentes WHERE estado_anterior = 'ANULADA' AND estado = 'VIGENTE' ORDER BY factura;
