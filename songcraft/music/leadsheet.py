"""The lead sheet as a music21 score: chord symbols over the melody with its lyrics.

Sections are written once, each under a rehearsal mark ("Chorus (x2)" when it repeats). A
line with a melody gets its notes in one voice, one syllable each (hyphens where a word goes
on); a chord that changes under a held note sits over it at its own beat. A line without one
gets rhythmic slashes, one per beat (per dotted quarter in 6/8), with the line's
words under them and each chord's word under the slash where the chord changes.
"""

from __future__ import annotations

from music21 import clef, expressions, key, metadata, meter, note, pitch, stream, tempo
from music21.duration import Duration

from songcraft.music.m21chords import m21_name, to_m21
from songcraft.music.song import Line, Song, parse_key

_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def m21_key(song: Song) -> key.Key:
    """The song's key as music21 wants it (`E-` for Eb)."""
    tonic, mode = song.key.split()
    parse_key(song.key)
    return key.Key(m21_name(tonic) if mode == "major" else m21_name(tonic).lower(), mode)


def lead_sheet(song: Song) -> stream.Score:
    """A one-staff score of the song (validated first), measures and ties made."""
    song.validate()
    per_bar, unit = song.meter
    quarters = 4.0 / unit  # quarter lengths per beat of the meter
    song_key = m21_key(song)
    part = stream.Part(id="lead")
    part.insert(0, clef.TrebleClef())  # music21 would guess a bass clef for slashes
    part.insert(0, song_key)
    part.insert(0, meter.TimeSignature(song.time_signature))
    part.insert(0, tempo.MetronomeMark(number=song.tempo, referent=Duration(quarters)))
    offset = 0.0
    for section in song.sections:
        repeat = f" (x{section.repeats})" if section.repeats > 1 else ""
        part.insert(offset, expressions.RehearsalMark(section.title + repeat))
        for line in section.lines:
            _chords_into(part, line, offset, quarters)
            beats = line.beats(per_bar)
            if line.melody:
                _melody_into(part, line, offset, quarters, beats, song_key)
            else:
                slash = _slash_beats(song.meter), _slash_pitch(song_key)
                _slashes_into(part, line, offset, quarters, beats, slash)
            offset += beats * quarters
    score = stream.Score(id="song")
    score.metadata = metadata.Metadata(title=song.title, composer=song.writer or None)
    score.insert(0, part)
    # Measures first: on a flat part makeNotation takes a chord symbol that changes under a
    # held note for a second line of notes and writes a voice of rests for it. With measures
    # made, the note is tied across the barline and the chord keeps its offset.
    part.makeMeasures(inPlace=True)
    part.makeNotation(inPlace=True)
    part.splitAtDurations(recurse=True)  # 5 beats or 1.25 beats: tied notes MusicXML can write
    return score


def _slash_beats(meter_pair: tuple[int, int]) -> float:
    """Beats per slash: every beat, or every three eighths in compound time."""
    per_bar, unit = meter_pair
    return 3.0 if unit == 8 and per_bar % 3 == 0 and per_bar > 3 else 1.0


def _slash_pitch(song_key: key.Key) -> str:
    """The middle line's note in the key (B or Bb), so slashes never carry an accidental."""
    accidental = song_key.accidentalByStep("B")
    return "B" + (accidental.modifier if accidental else "") + "4"


def _chords_into(part: stream.Part, line: Line, offset: float, quarters: float) -> None:
    at = offset
    for chord in line.chords:
        part.insert(at, to_m21(chord.symbol))
        at += chord.beats * quarters


def _spelled(midi: int, song_key: key.Key) -> pitch.Pitch:
    """A MIDI note spelled with flats in flat keys, sharps otherwise."""
    if song_key.sharps < 0:
        return pitch.Pitch(_NAMES[midi % 12].replace("b", "-") + str(midi // 12 - 1))
    return pitch.Pitch(midi=midi)


def _melody_into(
    part: stream.Part, line: Line, offset: float, quarters: float, beats: float, song_key: key.Key
) -> None:
    at, in_word, used = offset, False, 0.0
    for sung in line.melody:
        if sung.pitch is None:
            element = note.Rest(quarterLength=sung.beats * quarters)
        else:
            element = note.Note(_spelled(sung.pitch, song_key), quarterLength=sung.beats * quarters)
            if sung.syllable:
                syllabic = (
                    ("middle" if in_word else "begin")
                    if not sung.word_end
                    else ("end" if in_word else "single")
                )
                element.lyrics.append(note.Lyric(text=sung.syllable, syllabic=syllabic))
                in_word = not sung.word_end
        part.insert(at, element)
        at += sung.beats * quarters
        used += sung.beats
    if beats - used > 1e-9:  # chords outlast the tune: rest under them
        part.insert(at, note.Rest(quarterLength=(beats - used) * quarters))


def _slashes_into(
    part: stream.Part,
    line: Line,
    offset: float,
    quarters: float,
    beats: float,
    slash: tuple[float, str],
) -> None:
    step, slash_pitch = slash
    starts = []
    at = 0.0
    while at < beats - 1e-9:
        starts.append(at)
        at += step
    lyrics = _words_on_slashes(line, starts)
    for index, start in enumerate(starts):
        length = min(step, beats - start) * quarters
        slash = note.Note(slash_pitch, quarterLength=length)
        slash.notehead = "slash"
        slash.stemDirection = "noStem"
        if lyrics[index]:
            slash.lyrics.append(note.Lyric(text=lyrics[index], syllabic="single"))
        part.insert(offset + start * quarters, slash)


def _words_on_slashes(line: Line, starts: list[float]) -> list[str]:
    """The line's words grouped under slashes: each chord's word under its chord, the others
    spread evenly between those anchors."""
    words = line.words()
    if not words:
        return [""] * len(starts)
    anchors = {0: 0.0, len(words): float(len(starts))}  # word index -> slash position
    at = 0.0
    for chord in line.chords:
        if chord.word is not None and chord.word < len(words):
            slash = next((i for i, s in enumerate(starts) if s >= at - 1e-9), len(starts) - 1)
            anchors[chord.word] = float(slash)
        at += chord.beats
    points = sorted(anchors.items())
    groups = [[] for _ in starts]
    for (w0, s0), (w1, s1) in zip(points, points[1:], strict=False):
        for w in range(w0, w1):
            slot = int(s0 + (s1 - s0) * (w - w0) / (w1 - w0))
            groups[min(max(slot, int(s0)), len(starts) - 1)].append(words[w])
    return [" ".join(group) for group in groups]
