import streamlit as st

st.title("administracion")
st.caption("En construcción.")
