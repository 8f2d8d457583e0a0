"""Music: the song model, voicing, audio and exports."""
