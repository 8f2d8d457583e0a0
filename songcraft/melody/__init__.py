"""Melody: the melody model and setting lyrics to a tune."""
