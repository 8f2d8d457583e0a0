"""Chords: chord symbols and key-relative degrees, the chord LSTM and its decoder."""
