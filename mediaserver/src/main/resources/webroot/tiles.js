// Meridian demo page: video tiles, names and camera errors, loaded before app.js (no call state here).
'use strict';

window.MeridianTiles = (function () {
  const ADJECTIVES = ['amber', 'brisk', 'calm', 'dawn', 'eager', 'fern', 'gentle', 'hazel', 'ivory', 'jolly',
    'keen', 'lucky', 'mellow', 'noble', 'olive', 'plucky', 'quiet', 'rosy', 'sunny', 'tidy', 'vivid', 'witty'];
  const NOUNS = ['otter', 'harbor', 'meadow', 'falcon', 'lantern', 'maple', 'river', 'comet', 'willow', 'pebble',
    'summit', 'garden', 'beacon', 'heron', 'orchard', 'canyon', 'breeze', 'island', 'panda', 'tulip'];


  function randomConferenceName() {
    const pick = (list) => list[Math.floor(Math.random() * list.length)];
    return pick(ADJECTIVES) + '-' + pick(NOUNS) + '-' + Math.floor(100 + Math.random() * 900);
  }

  function initials(name) {
    const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
    const letters = parts.slice(0, 2).map((p) => p[0].toUpperCase()).join('');
    return letters || '?';
  }

  function createTile(container, id, name, isLocal) {
    const tile = document.createElement('div');
    tile.className = 'tile' + (isLocal ? ' local' : '');
    tile.dataset.participantId = id;

    const avatar = document.createElement('div');
    avatar.className = 'avatar';
    avatar.textContent = initials(name);

    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    if (isLocal) video.muted = true;

    const label = document.createElement('div');
    label.className = 'name';
    const nameText = document.createElement('span');
    nameText.className = 'name-text';
    nameText.textContent = isLocal ? (name || 'You') + ' (you)' : (name || 'Guest');
    const micOff = document.createElement('span');
    micOff.className = 'mic-off';
    micOff.textContent = 'muted';
    micOff.hidden = true;
    label.append(nameText, micOff);

    tile.append(avatar, video, label);
    container.appendChild(tile);
    return { id, tile, video, avatar, nameText, micOff, stream: null };
  }

  function updateVideoVisibility(view) {
    const stream = view.stream;
    const hasVideo = !!stream && stream.getVideoTracks().some((t) => t.readyState === 'live' && t.enabled && !t.muted);
    view.tile.classList.toggle('no-video', !hasVideo);
  }

  function attachStream(view, stream, onAutoplayBlocked) {
    if (view.stream === stream) return;
    view.stream = stream;
    view.video.srcObject = stream;
    const refresh = () => updateVideoVisibility(view);
    stream.addEventListener('addtrack', (e) => { watchTrack(e.track, refresh); refresh(); });
    stream.addEventListener('removetrack', refresh);
    stream.getTracks().forEach((t) => watchTrack(t, refresh));
    refresh();
    playMedia(view, onAutoplayBlocked);
  }

  function watchTrack(track, refresh) {
    track.addEventListener('mute', refresh);
    track.addEventListener('unmute', refresh);
    track.addEventListener('ended', refresh);
  }

  // Remote audio only reaches the speakers (and the receiver's audio energy counters) through a playing element.
  function playMedia(view, onAutoplayBlocked) {
    const attempt = view.video.play();
    if (attempt && attempt.catch) {
      attempt.catch((err) => {
        if (err && err.name === 'NotAllowedError') {
          view.video.muted = true;
          view.needsUnmute = true;
          view.video.play().catch(() => {});
          onAutoplayBlocked(view);
        }
      });
    }
  }

  // Shows the head count and sizes the grid for n people.
  function layout(el, n) {
    el.peopleCount.textContent = n === 1 ? 'Only you so far' : n + ' people in the call';
    // A near-square grid (1, 2x2, 3x3, ...) whose rows all fit on screen above the controls.
    const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
    el.tiles.style.setProperty('--cols', String(cols));
    el.tiles.style.setProperty('--cols-narrow', String(Math.min(cols, 2)));
    el.tiles.style.setProperty('--rows', String(Math.ceil(n / cols)));
  }

  function mediaErrorText(err) {
    const name = err && err.name;
    if (name === 'NotAllowedError') return 'The browser was not allowed to use your camera and microphone. Allow them for this page and try again.';
    if (name === 'NotFoundError') return 'No camera or microphone was found. Plug one in and try again.';
    if (name === 'NotReadableError') return 'Your camera or microphone is in use by another program. Close it and try again.';
    return 'Could not start your camera and microphone: ' + (err && err.message ? err.message : String(err));
  }

  // The tile of a remote participant of session s, created on first use.
  function remoteView(el, s, log, participantId, displayName) {
    let view = s.remotes.get(participantId);
    if (!view) {
      view = createTile(el.tiles, participantId, displayName || s.names.get(participantId), false);
      s.remotes.set(participantId, view);
      log('tile added for ' + participantId);
      layout(el, s.remotes.size + 1);
    }
    const name = displayName || s.names.get(participantId);
    if (name) {
      view.nameText.textContent = name;
      view.avatar.textContent = initials(name);
    }
    return view;
  }

  function removeRemote(el, s, log, participantId) {
    const view = s.remotes.get(participantId);
    if (!view) return;
    view.video.srcObject = null;
    view.tile.remove();
    s.remotes.delete(participantId);
    log('tile removed for ' + participantId);
    layout(el, s.remotes.size + 1);
  }

  // Applies the mute / camera-off choices to the local tracks, the buttons and the local tile.
  function applyToggles(el, s, toggles) {
    if (!s || !s.localStream) return;
    s.localStream.getAudioTracks().forEach((t) => { t.enabled = !toggles.micOff; });
    s.localStream.getVideoTracks().forEach((t) => { t.enabled = !toggles.camOff; });
    el.toggleMic.setAttribute('aria-pressed', String(toggles.micOff));
    el.toggleMic.querySelector('.label').textContent = toggles.micOff ? 'Unmute' : 'Mute';
    el.toggleMic.title = toggles.micOff ? 'Unmute microphone' : 'Mute microphone';
    el.toggleCam.setAttribute('aria-pressed', String(toggles.camOff));
    el.toggleCam.querySelector('.label').textContent = toggles.camOff ? 'Camera on' : 'Camera off';
    el.toggleCam.title = toggles.camOff ? 'Turn camera on' : 'Turn camera off';
    if (s.localView) {
      s.localView.micOff.hidden = !toggles.micOff;
      updateVideoVisibility(s.localView);
    }
  }

  // inbound-rtp video counters summed per publisher (what loss and its repair show in).
  const INBOUND_VIDEO = {
    videoPacketsReceived: 'packetsReceived', videoPacketsLost: 'packetsLost', nackCount: 'nackCount',
    freezeCount: 'freezeCount', totalFreezesDuration: 'totalFreezesDuration', pliCount: 'pliCount',
    retransmittedPacketsReceived: 'retransmittedPacketsReceived',
  };
  // outbound-rtp counters of this page's own video, summed over its streams.
  const OUTBOUND_VIDEO = ['packetsSent', 'retransmittedPacketsSent', 'nackCount', 'framesEncoded', 'pliCount'];

  // Sums inbound-rtp counters per publishing participant. inbound-rtp names its track (trackIdentifier) and its
  // m-line (mid); ontrack told us which participant's stream (a=msid:<participantId> <trackId>) each belongs to.
  async function inboundStats(s) {
    const result = {};
    if (!s || !s.pc || s.closed) return result;
    const report = await s.pc.getStats();
    report.forEach((entry) => {
      if (entry.type !== 'inbound-rtp') return;
      const owner = s.trackOwners.get(entry.trackIdentifier) || (entry.mid != null ? s.midOwners.get(entry.mid) : undefined);
      if (!owner) return;
      let row = result[owner];
      if (!row) {
        row = result[owner] = {
          framesDecoded: 0, audioPacketsReceived: 0, totalAudioEnergy: 0, frameWidth: 0, frameHeight: 0,
        };
        Object.keys(INBOUND_VIDEO).forEach((key) => { row[key] = 0; });
      }
      if (entry.kind === 'video') {
        row.framesDecoded += entry.framesDecoded || 0;
        // The size of the last frame decoded: which simulcast layer the node sends now.
        if (entry.frameWidth) {
          row.frameWidth = entry.frameWidth;
          row.frameHeight = entry.frameHeight;
        }
        Object.entries(INBOUND_VIDEO).forEach(([key, field]) => { row[key] += entry[field] || 0; });
      } else if (entry.kind === 'audio') {
        row.audioPacketsReceived += entry.packetsReceived || 0;
        row.totalAudioEnergy += entry.totalAudioEnergy || 0;
      }
    });
    return result;
  }

  // Sums the outbound-rtp counters of the page's own video (all its streams).
  async function outboundVideoStats(s) {
    const row = {};
    OUTBOUND_VIDEO.forEach((field) => { row[field] = 0; });
    if (!s || !s.pc || s.closed) return row;
    const report = await s.pc.getStats();
    row.encodings = 0;
    report.forEach((entry) => {
      if (entry.type !== 'outbound-rtp' || entry.kind !== 'video') return;
      OUTBOUND_VIDEO.forEach((field) => { row[field] += entry[field] || 0; });
      // What the encoder makes: one entry per encoding (simulcast: per layer), each with its codec and SVC mode.
      row.encodings += 1;
      const codec = entry.codecId && report.get(entry.codecId);
      if (codec) row.mimeType = codec.mimeType;
      if (entry.scalabilityMode) row.scalabilityMode = entry.scalabilityMode;
    });
    return row;
  }

  // Each encoding of our video as sent, by rid ('' without one): whether it is active, how many frames it encoded,
  // the size it encodes now (the browser scales an encoding down when its CPU or uplink cannot keep up) and the bitrate
  // its encoder aims at.
  async function outboundLayers(s) {
    const layers = {};
    if (!s || !s.pc || s.closed) return layers;
    const report = await s.pc.getStats();
    report.forEach((entry) => {
      if (entry.type !== 'outbound-rtp' || entry.kind !== 'video') return;
      layers[entry.rid || ''] = {
        active: entry.active !== false, framesEncoded: entry.framesEncoded || 0,
        frameWidth: entry.frameWidth || 0, frameHeight: entry.frameHeight || 0,
        targetBitrate: entry.targetBitrate || 0,
      };
    });
    return layers;
  }

  async function selectedPair(s) {
    if (!s || !s.pc || s.closed) return null;
    const report = await s.pc.getStats();
    let pair = null;
    report.forEach((entry) => {
      if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') pair = entry;
    });
    if (!pair) return null;
    const local = report.get(pair.localCandidateId);
    const remote = report.get(pair.remoteCandidateId);
    return {
      local: local ? local.candidateType : null, remote: remote ? remote.candidateType : null,
      protocol: local ? local.protocol : null,
    };
  }

  // The browser's own bandwidth estimate for what it sends (bits/s) on the selected candidate pair; 0 until known.
  async function availableOutgoingBitrate(s) {
    if (!s || !s.pc || s.closed) return 0;
    const report = await s.pc.getStats();
    let estimate = 0;
    report.forEach((entry) => {
      if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') {
        estimate = entry.availableOutgoingBitrate || estimate;
      }
    });
    return estimate;
  }

  return {
    randomConferenceName, initials, createTile, attachStream, playMedia, layout, mediaErrorText, inboundStats,
    outboundVideoStats, outboundLayers, selectedPair, availableOutgoingBitrate, applyToggles, remoteView, removeRemote,
  };
})();
