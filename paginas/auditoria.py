import streamlit as st

st.title("auditoria")
st.caption("En construcción.")
