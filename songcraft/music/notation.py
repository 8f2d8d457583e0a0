"""MusicXML and MIDI exports, through music21.

MusicXML is the lead sheet (leadsheet.py) for MuseScore and friends. MIDI is for a DAW: the
song played through with repeats, on three tracks: the voiced chords (music21 would write
chord symbols with no duration, so each chord is realised as a real chord that lasts its
beats), the bass, and the melody when there is one; tempo and meter set.
"""

from __future__ import annotations

from music21 import chord, instrument, meter, midi, note, pitch, stream, tempo
from music21.duration import Duration
from music21.musicxml.m21ToXml import GeneralObjectExporter

from songcraft.errors import SongcraftError
from songcraft.music.leadsheet import lead_sheet
from songcraft.music.song import Song
from songcraft.music.voicing import voice_symbols

CHORD_VELOCITY, BASS_VELOCITY, MELODY_VELOCITY = 64, 80, 96  # the tune stands out


def to_musicxml(song: Song) -> bytes:
    """The lead sheet as MusicXML (UTF-8 bytes) that MuseScore opens."""
    exporter = GeneralObjectExporter(lead_sheet(song))
    exporter.makeNotation = False  # lead_sheet made it already; a second pass doubles the time
    xml = exporter.parse()
    # The kind's text already spells the whole suffix ("7b9"): the degrees are there for
    # programs that read the chord, not to be printed a second time as "(b9)".
    return xml.replace(b"<degree>", b'<degree print-object="no">')


def _track(name: str, player: instrument.Instrument, song: Song) -> stream.Part:
    part = stream.Part(id=name.lower())
    part.partName = name
    part.insert(0, player)
    part.insert(0, meter.TimeSignature(song.time_signature))
    part.insert(0, tempo.MetronomeMark(number=song.tempo, referent=Duration(4.0 / song.meter[1])))
    return part


def midi_score(song: Song) -> stream.Score:
    """The song played through (repeats unrolled) as chord, bass and melody parts."""
    song.validate()
    quarters = 4.0 / song.meter[1]
    chords_part = _track("Chords", instrument.Piano(), song)
    bass_part = _track("Bass", instrument.AcousticBass(), song)
    events = list(song.chord_events())
    for (_, start, beats), voicing in zip(
        events, voice_symbols([e[0] for e in events]), strict=True
    ):
        if voicing is None:
            continue
        length = beats * quarters
        # Pitch objects, not numbers: for numbers music21 searches every enharmonic spelling
        played = chord.Chord([pitch.Pitch(midi=p) for p in voicing.upper], quarterLength=length)
        played.volume.velocity = CHORD_VELOCITY
        chords_part.insert(start * quarters, played)
        bass = note.Note(voicing.bass, quarterLength=length)
        bass.volume.velocity = BASS_VELOCITY
        bass_part.insert(start * quarters, bass)
    score = stream.Score()
    score.insert(0, chords_part)
    score.insert(0, bass_part)
    if song.has_melody():
        score.insert(0, _melody_part(song, quarters))
    return score


def _melody_part(song: Song, quarters: float) -> stream.Part:
    part = _track("Melody", instrument.Flute(), song)
    for _, line, start in song.played_lines():
        for sung in line.melody:
            if sung.pitch is not None:
                played = note.Note(sung.pitch, quarterLength=sung.beats * quarters)
                played.volume.velocity = MELODY_VELOCITY
                if sung.syllable:
                    played.lyric = sung.syllable
                part.insert(start * quarters, played)
            start += sung.beats
    return part


def to_midi(song: Song) -> bytes:
    """A standard MIDI file: chords, bass and melody tracks, tempo and meter set."""
    score = midi_score(song)
    if not any(p.notes for p in score.parts):
        raise SongcraftError("the song has no chords or melody to write as MIDI yet")
    return midi.translate.streamToMidiFile(score).writestr()
