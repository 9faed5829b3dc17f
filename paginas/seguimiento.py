import streamlit as st

st.title("seguimiento")
st.caption("En construcción.")
