"""Las bandejas: `modelo` (columnas, periodo, filtros; de la consulta a la tabla y al archivo, sin Streamlit),
`vista` (las piezas de pantalla) y `ficha` (una orden con su historia y sus formularios)."""
