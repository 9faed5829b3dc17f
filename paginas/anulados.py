import streamlit as st

st.title("anulados")
st.caption("En construcción.")
