"""Media engine: exact frames by presentation timestamp, caching, prefetch, sync, sound.

No Qt here. The pieces (import from the submodules):

* :mod:`.source` - ``VideoSource(path)``: validated, indexed video; ``.info() -> VideoInfo``,
  ``.timebase`` (frame <-> ms, exact on VFR), ``.index`` (PTS and keyframes).
* :mod:`.fingerprint` - ``fingerprint(path)``, ``same_video(path, fp)`` (relinking).
* :mod:`.errors` - ``MediaError`` and its kinds (``MissingMediaError`` -> offer relink).
* :mod:`.decoder` - ``Decoder``: exact frames for one thread; ``DecodedFrame``.
* :mod:`.frame_server` - ``FrameServer``: background decoding, LRU byte cache, prefetch.
* :mod:`.clock` - ``PlaybackClock``: which frame is due now (speed, loop, steps).
* :mod:`.multicam` - ``MultiCamSession``: cameras with offsets on one session clock.
* :mod:`.sync` - offsets from marked moments or by sound cross-correlation.
* :mod:`.audio` - ``AudioReader``: PCM on the video timeline.
* :mod:`.synthetic` - ``write_test_video``/``read_frame_number``: numbered test videos.
"""
