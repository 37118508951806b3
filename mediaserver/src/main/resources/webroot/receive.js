// Meridian demo page: how much of each remote video the page wants, for the events socket's receive-video message
// (conference-api's openapi.json), loaded before app.js. Of a simulcast track the node sends the highest layer no
// taller than asked, so a small tile costs this page's downlink no more than it shows.
'use strict';

window.MeridianReceive = (function () {
  // A tile being resized (window dragged, grid re-laid out) settles before the node hears of it: each message may
  // make the node switch layers, and a switch waits for a key frame.
  const SETTLE_MS = 400;

  // The track id of the a=msid line of m-section `mid` in `sdp`: the name the node knows the remote track by (a
  // receiving browser's MediaStreamTrack.id need not be it). Null when the section has none.
  function msidTrackId(sdp, mid) {
    const section = sdp.split(/\r?\nm=/).map((text) => text.split(/\r?\n/))
      .find((lines) => lines.includes('a=mid:' + mid));
    const msid = section && section.find((line) => line.startsWith('a=msid:'));
    return msid ? msid.substring('a=msid:'.length).split(' ')[1] || null : null;
  }

  // Calls onHeight(h) with the height `video` is shown at, in device pixels, each time it settles at a new value;
  // a hidden element (height 0) says nothing. Returns what stops watching.
  function watchHeight(video, onHeight) {
    let timer = null;
    let last = 0;
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const height = Math.round(video.getBoundingClientRect().height * window.devicePixelRatio);
        if (height > 0 && height !== last) {
          last = height;
          onHeight(height);
        }
      }, SETTLE_MS);
    });
    observer.observe(video);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }

  // The receive-video message for one remote video track; wishes holds maxHeight, maxSpatialLayer, paused (each
  // optional, absent: no limit / not paused).
  function message(participantId, trackId, wishes) {
    const out = { type: 'receive-video', participantId, trackId };
    ['maxHeight', 'maxSpatialLayer', 'maxTemporalLayer', 'paused'].forEach((key) => {
      if (wishes && wishes[key] != null) out[key] = wishes[key];
    });
    return out;
  }

  return { msidTrackId, watchHeight, message };
})();
