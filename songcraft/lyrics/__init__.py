"""Lyrics: tokenizers, the lyric LSTMs, decoding, rhyme and syllables."""
