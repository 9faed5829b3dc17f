import streamlit as st

st.title("semaforo")
st.caption("En construcción.")
