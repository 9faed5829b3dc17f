import streamlit as st

st.title("importar")
st.caption("En construcción.")
