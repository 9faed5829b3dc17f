import streamlit as st

st.title("informe")
st.caption("En construcción.")
