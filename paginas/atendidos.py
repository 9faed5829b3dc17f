import streamlit as st

st.title("atendidos")
st.caption("En construcción.")
