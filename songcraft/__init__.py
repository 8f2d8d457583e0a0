"""Songcraft: a songwriting assistant for lyrics, chords and melody.

The library never imports streamlit; the app in app.py and pages/ sits on top of it.
"""

__version__ = "0.1.0"
