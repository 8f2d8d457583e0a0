"""Chords: chord symbols and key-relative degrees, the chord LSTM and its decoder.

The app's API lives in `songcraft.chords.generate`: `load_chord_model`,
`ProgressionRequest`, `generate_progressions` and the `Progression` they return.
Typed chords are read by `symbols.parse_chord`; keys by `keys.parse_key`.
"""
