import streamlit as st

st.title("registrados")
st.caption("En construcción.")
