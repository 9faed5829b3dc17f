"""Lo que comparten las páginas, un oficio por módulo: `unidad` (la base de cada corrida), `ingreso` (quién entró y
su sesión en el navegador), `avisos` (lo que se le dice al usuario: guardado, error, frescura, suplencia, demo) y
`estilo` (los textos de Streamlit en español y el veredicto del mes)."""
