// Meridian demo page: join a conference, show everyone's video, leave.
// Signaling follows API.md: one POST for the invite (offer -> answer), then the events WebSocket for
// renegotiation offers from the server and participant joined/left notices.
'use strict';

(function () {
  const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
  // Small video keeps a many-party call light; a person still sees fine at this size.
  const VIDEO_CONSTRAINTS = { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 15, max: 15 } };
  const ADJECTIVES = ['amber', 'brisk', 'calm', 'dawn', 'eager', 'fern', 'gentle', 'hazel', 'ivory', 'jolly',
    'keen', 'lucky', 'mellow', 'noble', 'olive', 'plucky', 'quiet', 'rosy', 'sunny', 'tidy', 'vivid', 'witty'];
  const NOUNS = ['otter', 'harbor', 'meadow', 'falcon', 'lantern', 'maple', 'river', 'comet', 'willow', 'pebble',
    'summit', 'garden', 'beacon', 'heron', 'orchard', 'canyon', 'breeze', 'island', 'panda', 'tulip'];

  const $ = (id) => document.getElementById(id);
  const el = {
    lobby: $('lobby'), joinForm: $('joinForm'), conference: $('conference'), displayName: $('displayName'),
    join: $('join'), call: $('call'), tiles: $('tiles'), controls: $('controls'), leave: $('leave'),
    toggleMic: $('toggleMic'), toggleCam: $('toggleCam'), status: $('status'), error: $('error'),
    errorText: $('errorText'), rejoin: $('rejoin'), dismissError: $('dismissError'), confName: $('confName'),
    copyLink: $('copyLink'), peopleCount: $('peopleCount'), unmuteHint: $('unmuteHint'), unmuteAll: $('unmuteAll'),
  };

  // Everything about the current session; replaced wholesale on each join.
  let session = null;
  let phase = 'idle'; // idle | joining | joined | leaving | left | failed
  let lastError = null;
  let autoRetried = false;
  const eventLog = [];

  function log(message) {
    const line = new Date().toISOString().substring(11, 23) + ' ' + message;
    eventLog.push(line);
    if (eventLog.length > 80) eventLog.shift();
    console.log('[meridian] ' + message);
  }

  // ---------- small UI helpers ----------

  function setStatus(text) {
    el.status.textContent = text;
  }

  function showError(text, offerRejoin) {
    lastError = text;
    log('error shown: ' + text);
    el.errorText.textContent = text;
    el.rejoin.hidden = !offerRejoin;
    el.error.hidden = false;
  }

  function clearError() {
    el.error.hidden = true;
    el.rejoin.hidden = true;
  }

  function randomConferenceName() {
    const pick = (list) => list[Math.floor(Math.random() * list.length)];
    return pick(ADJECTIVES) + '-' + pick(NOUNS) + '-' + Math.floor(100 + Math.random() * 900);
  }

  function initials(name) {
    const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
    const letters = parts.slice(0, 2).map((p) => p[0].toUpperCase()).join('');
    return letters || '?';
  }

  // ---------- HTTP ----------

  // Turns any failed response into a sentence for a person, using the API's {"error":{"code","message"}}.
  async function apiError(response, what) {
    let code = 'http_' + response.status;
    let message = '';
    try {
      const body = await response.json();
      if (body && body.error) {
        code = body.error.code || code;
        message = body.error.message || '';
      }
    } catch (ignored) {
      // Not JSON: fall back to the status line.
    }
    const err = new Error(what + ': ' + (message || response.statusText || 'the server refused') + ' (' + code + ')');
    err.code = code;
    return err;
  }

  // In a cluster the page's node forwards the join to the conference's node. When that node has just died the
  // answer is 503 host_unreachable until its pin expires (cluster.pin-ttl-seconds, README "Clusters"); pin_moved
  // means the conference moved while the join was forwarded. Both are worth retrying for a short while.
  const RETRYABLE_JOIN_CODES = ['host_unreachable', 'pin_moved'];
  const JOIN_RETRY_DEADLINE_MS = 30000;

  async function postJoin(conferenceId, body) {
    const deadline = Date.now() + JOIN_RETRY_DEADLINE_MS;
    while (true) {
      const response = await fetch(participantsUrl(conferenceId), {
        method: 'POST', headers: authHeaders({ 'Content-Type': 'application/json' }), body: JSON.stringify(body),
      });
      if (response.ok) return response;
      const err = await apiError(response, 'Could not join the conference');
      if (!RETRYABLE_JOIN_CODES.includes(err.code) || Date.now() > deadline) throw err;
      log('join answered ' + err.code + '; retrying');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  function participantsUrl(conferenceId) {
    return '/v1/conferences/' + encodeURIComponent(conferenceId) + '/participants';
  }

  // The events URL is absolute ws://; a page served over https must use wss.
  // A node outside development mode needs a token (README, "Authentication"): the page takes it from ?token=.
  const token = new URLSearchParams(window.location.search).get('token');

  function authHeaders(headers) {
    if (token) headers.Authorization = 'Bearer ' + token;
    return headers;
  }

  function eventsUrl(url) {
    const absolute = new URL(url, window.location.href);
    // Browsers cannot set headers on a WebSocket, so the token travels as access_token.
    if (token) absolute.searchParams.set('access_token', token);
    if (window.location.protocol === 'https:' && absolute.protocol === 'ws:') absolute.protocol = 'wss:';
    if (absolute.protocol === 'http:') absolute.protocol = 'ws:';
    if (absolute.protocol === 'https:') absolute.protocol = 'wss:';
    return absolute.toString();
  }

  // ---------- tiles ----------

  function createTile(id, name, isLocal) {
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
    el.tiles.appendChild(tile);
    return { id, tile, video, avatar, nameText, micOff, stream: null };
  }

  function updateVideoVisibility(view) {
    const stream = view.stream;
    const hasVideo = !!stream && stream.getVideoTracks().some((t) => t.readyState === 'live' && t.enabled && !t.muted);
    view.tile.classList.toggle('no-video', !hasVideo);
  }

  function attachStream(view, stream) {
    if (view.stream === stream) return;
    view.stream = stream;
    view.video.srcObject = stream;
    const refresh = () => updateVideoVisibility(view);
    stream.addEventListener('addtrack', (e) => { watchTrack(e.track, refresh); refresh(); });
    stream.addEventListener('removetrack', refresh);
    stream.getTracks().forEach((t) => watchTrack(t, refresh));
    refresh();
    playMedia(view);
  }

  function watchTrack(track, refresh) {
    track.addEventListener('mute', refresh);
    track.addEventListener('unmute', refresh);
    track.addEventListener('ended', refresh);
  }

  // Remote audio only reaches the speakers (and the receiver's audio energy counters) through a playing element.
  function playMedia(view) {
    const attempt = view.video.play();
    if (attempt && attempt.catch) {
      attempt.catch((err) => {
        if (err && err.name === 'NotAllowedError') {
          log('autoplay refused for ' + view.id + '; asking for a click');
          view.video.muted = true;
          view.needsUnmute = true;
          view.video.play().catch(() => {});
          el.unmuteHint.hidden = false;
        }
      });
    }
  }

  function remoteView(participantId, displayName) {
    const s = session;
    let view = s.remotes.get(participantId);
    if (!view) {
      view = createTile(participantId, displayName || s.names.get(participantId), false);
      s.remotes.set(participantId, view);
      log('tile added for ' + participantId);
      updatePeopleCount();
    }
    const name = displayName || s.names.get(participantId);
    if (name) {
      view.nameText.textContent = name;
      view.avatar.textContent = initials(name);
    }
    return view;
  }

  function removeRemote(participantId) {
    const s = session;
    const view = s.remotes.get(participantId);
    if (!view) return;
    view.video.srcObject = null;
    view.tile.remove();
    s.remotes.delete(participantId);
    log('tile removed for ' + participantId);
    updatePeopleCount();
  }

  function updatePeopleCount() {
    if (!session) return;
    const n = session.remotes.size + 1;
    el.peopleCount.textContent = n === 1 ? 'Only you so far' : n + ' people in the call';
    // A near-square grid (1, 2x2, 3x3, ...) whose rows all fit on screen above the controls.
    const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
    el.tiles.style.setProperty('--cols', String(cols));
    el.tiles.style.setProperty('--cols-narrow', String(Math.min(cols, 2)));
    el.tiles.style.setProperty('--rows', String(Math.ceil(n / cols)));
  }

  // ---------- joining ----------

  async function join(conferenceId, displayName) {
    clearError();
    if (!ID_PATTERN.test(conferenceId)) {
      showError('The conference name may use letters, digits, "-" and "_" only (up to 64 characters).', false);
      return;
    }
    phase = 'joining';
    el.join.disabled = true;
    setStatus('Starting camera and microphone…');
    const s = {
      conferenceId, displayName, participantId: null, pc: null, ws: null, localStream: null, localView: null,
      remotes: new Map(), names: new Map(), trackOwners: new Map(), midOwners: new Map(),
      queue: Promise.resolve(), closed: false, revision: 0,
    };
    session = s;
    try {
      try {
        s.localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: VIDEO_CONSTRAINTS });
      } catch (err) {
        throw new Error(mediaErrorText(err));
      }
      log('camera and microphone started');
      if (s.closed) return;
      showCall(s);
      s.localView = createTile('local', displayName, true);
      attachStream(s.localView, s.localStream);
      applyLocalToggles(s);

      const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
      s.pc = pc;
      wirePeerConnection(s, pc);
      s.localStream.getTracks().forEach((track) => {
        pc.addTransceiver(track, { direction: 'sendrecv', streams: [s.localStream] });
      });
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      // The node is ICE-lite and needs none of our candidates, so the offer goes out without waiting for gathering.
      setStatus('Joining ' + conferenceId + '…');
      const body = { sdp: pc.localDescription.sdp };
      if (displayName) body.displayName = displayName;
      const response = await postJoin(conferenceId, body);
      const joined = await response.json();
      if (s.closed) {
        deleteParticipant(conferenceId, joined.participantId);
        return;
      }
      s.participantId = joined.participantId;
      s.region = joined.region;
      s.node = joined.node;
      log('joined as ' + joined.participantId + ' on node ' + joined.node + ' (' + joined.region + ')');
      await pc.setRemoteDescription({ type: 'answer', sdp: joined.sdp });
      openEvents(s, joined.events);
      phase = 'joined';
      setStatus('In the call · ' + (joined.region || 'local'));
      history.replaceState(null, '', '?conference=' + encodeURIComponent(conferenceId));
    } catch (err) {
      log('join failed: ' + (err && err.message));
      await teardown(s, true);
      phase = 'failed';
      showLobby();
      showError(err && err.message ? err.message : String(err), false);
      setStatus('Not connected');
    } finally {
      el.join.disabled = false;
    }
  }

  function mediaErrorText(err) {
    const name = err && err.name;
    if (name === 'NotAllowedError') return 'The browser was not allowed to use your camera and microphone. Allow them for this page and try again.';
    if (name === 'NotFoundError') return 'No camera or microphone was found. Plug one in and try again.';
    if (name === 'NotReadableError') return 'Your camera or microphone is in use by another program. Close it and try again.';
    return 'Could not start your camera and microphone: ' + (err && err.message ? err.message : String(err));
  }

  function wirePeerConnection(s, pc) {
    pc.ontrack = (event) => {
      if (s.closed) return;
      const stream = event.streams && event.streams[0];
      const owner = stream ? stream.id : 'unknown';
      log('track ' + event.track.kind + ' ' + event.track.id + ' from ' + owner);
      s.trackOwners.set(event.track.id, owner);
      if (event.transceiver && event.transceiver.mid != null) s.midOwners.set(event.transceiver.mid, owner);
      const view = remoteView(owner);
      if (stream) {
        attachStream(view, stream);
      } else if (view.stream) {
        view.stream.addTrack(event.track);
      } else {
        attachStream(view, new MediaStream([event.track]));
      }
      playMedia(view);
    };
    pc.onconnectionstatechange = () => {
      log('connection ' + pc.connectionState);
      if (s.closed) return;
      if (pc.connectionState === 'connected') setStatus('In the call · ' + (s.region || 'local'));
      if (pc.connectionState === 'disconnected') setStatus('Connection unstable, trying to recover…');
      if (pc.connectionState === 'failed') connectionFailed(s, 'The media connection to the server failed.');
    };
    pc.oniceconnectionstatechange = () => log('ice ' + pc.iceConnectionState);
    pc.onsignalingstatechange = () => log('signaling ' + pc.signalingState);
  }

  // ---------- events socket ----------

  function openEvents(s, url) {
    const ws = new WebSocket(eventsUrl(url));
    s.ws = ws;
    ws.onopen = () => log('events socket open');
    ws.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (err) {
        log('unreadable event: ' + String(event.data).substring(0, 80));
        return;
      }
      // One message at a time: an offer must be fully answered before the next is applied.
      s.queue = s.queue.then(() => handleEvent(s, message)).catch((err) => {
        log('event handling failed: ' + (err && err.message));
        showError('Something went wrong while updating the call: ' + (err && err.message), true);
      });
    };
    ws.onclose = (event) => {
      log('events socket closed ' + event.code + ' ' + (event.reason || ''));
      if (s.closed || session !== s) return;
      connectionFailed(s, 'The connection to the server was closed' + (event.reason ? ': ' + event.reason : '.'));
    };
  }

  function send(s, message) {
    if (s.ws && s.ws.readyState === WebSocket.OPEN) s.ws.send(JSON.stringify(message));
  }

  async function handleEvent(s, message) {
    if (s.closed) return;
    switch (message.type) {
      case 'offer': {
        log('server offer revision ' + message.revision);
        s.revision = Math.max(s.revision, message.revision || 0);
        // We are the polite peer: setRemoteDescription rolls back any offer of ours that was in flight.
        await s.pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
        const answer = await s.pc.createAnswer();
        await s.pc.setLocalDescription(answer);
        send(s, { type: 'answer', revision: message.revision, sdp: s.pc.localDescription.sdp });
        log('answered revision ' + message.revision);
        break;
      }
      case 'answer':
        // We only send offers when our own tracks change, which this page does not do.
        log('unexpected answer revision ' + message.revision + ' ignored');
        break;
      case 'participant-joined':
        log('participant joined ' + message.participantId + ' (' + message.displayName + ')');
        if (message.participantId && message.participantId !== s.participantId) {
          if (message.displayName) s.names.set(message.participantId, message.displayName);
          remoteView(message.participantId, message.displayName);
        }
        break;
      case 'participant-left':
        log('participant left ' + message.participantId);
        s.names.delete(message.participantId);
        removeRemote(message.participantId);
        break;
      case 'error':
        log('server error ' + message.code + ': ' + message.message);
        showError((message.message || 'The server reported a problem.') + ' (' + message.code + ')', false);
        break;
      default:
        log('unknown event type ' + message.type);
    }
  }

  // ---------- failure, leaving ----------

  async function connectionFailed(s, text) {
    if (s.closed || session !== s) return;
    const conferenceId = s.conferenceId;
    const displayName = s.displayName;
    await teardown(s, true);
    phase = 'failed';
    if (!autoRetried) {
      autoRetried = true;
      showError(text + ' Rejoining…', false);
      await join(conferenceId, displayName);
      return;
    }
    showLobby();
    setStatus('Disconnected');
    showError(text, true);
  }

  function deleteParticipant(conferenceId, participantId) {
    log('leaving: DELETE participant ' + participantId);
    return fetch(participantsUrl(conferenceId) + '/' + encodeURIComponent(participantId), { method: 'DELETE', headers: authHeaders({}), keepalive: true })
      .then((response) => log('DELETE answered ' + response.status), (err) => log('DELETE failed: ' + err));
  }

  async function teardown(s, notifyServer) {
    if (!s || s.closed) return;
    s.closed = true;
    if (notifyServer && s.participantId) await deleteParticipant(s.conferenceId, s.participantId);
    if (s.ws) {
      try { s.ws.close(1000, 'leaving'); } catch (ignored) { /* already closed */ }
    }
    if (s.pc) s.pc.close();
    if (s.localStream) s.localStream.getTracks().forEach((t) => t.stop());
    s.remotes.forEach((view) => { view.video.srcObject = null; });
    el.tiles.replaceChildren();
    el.unmuteHint.hidden = true;
  }

  async function leave() {
    const s = session;
    if (!s) return;
    phase = 'leaving';
    log('leave clicked');
    setStatus('Leaving…');
    await teardown(s, true);
    phase = 'left';
    showLobby();
    setStatus('You left the call');
  }

  function showCall(s) {
    el.lobby.hidden = true;
    el.call.hidden = false;
    el.controls.hidden = false;
    el.confName.textContent = s.conferenceId;
    updatePeopleCount();
  }

  function showLobby() {
    el.call.hidden = true;
    el.controls.hidden = true;
    el.lobby.hidden = false;
  }

  // ---------- mic / camera ----------

  const toggles = { micOff: false, camOff: false };

  function applyLocalToggles(s) {
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

  // ---------- test hooks ----------

  // Sums inbound-rtp counters per publishing participant. inbound-rtp names its track (trackIdentifier) and its
  // m-line (mid); ontrack told us which participant's stream (a=msid:<participantId> <trackId>) each belongs to.
  async function stats() {
    const s = session;
    const result = {};
    if (!s || !s.pc || s.closed) return result;
    const report = await s.pc.getStats();
    report.forEach((entry) => {
      if (entry.type !== 'inbound-rtp') return;
      const owner = s.trackOwners.get(entry.trackIdentifier) || (entry.mid != null ? s.midOwners.get(entry.mid) : undefined);
      if (!owner) return;
      const row = result[owner] || (result[owner] = { framesDecoded: 0, audioPacketsReceived: 0, totalAudioEnergy: 0 });
      if (entry.kind === 'video') {
        row.framesDecoded += entry.framesDecoded || 0;
      } else if (entry.kind === 'audio') {
        row.audioPacketsReceived += entry.packetsReceived || 0;
        row.totalAudioEnergy += entry.totalAudioEnergy || 0;
      }
    });
    return result;
  }

  window.meridian = {
    state() {
      const s = session;
      return {
        phase,
        participantId: s ? s.participantId : null,
        conferenceId: s ? s.conferenceId : null,
        connectionState: s && s.pc ? s.pc.connectionState : null,
        iceConnectionState: s && s.pc ? s.pc.iceConnectionState : null,
        signalingState: s && s.pc ? s.pc.signalingState : null,
        eventsSocket: s && s.ws ? ['connecting', 'open', 'closing', 'closed'][s.ws.readyState] : null,
        remoteParticipants: window.meridian.remoteParticipants(),
        lastError,
        log: eventLog.slice(),
      };
    },
    get participantId() {
      return session ? session.participantId : null;
    },
    remoteParticipants() {
      const s = session;
      if (!s || s.closed) return [];
      return Array.from(s.remotes.keys()).map((id) => ({ participantId: id, displayName: s.names.get(id) || null }));
    },
    stats,
  };

  // ---------- wiring ----------

  el.joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    autoRetried = false;
    const conferenceId = el.conference.value.trim();
    const displayName = el.displayName.value.trim();
    try { localStorage.setItem('meridian.displayName', displayName); } catch (ignored) { /* private mode */ }
    join(conferenceId, displayName);
  });
  el.leave.addEventListener('click', () => leave());
  el.toggleMic.addEventListener('click', () => { toggles.micOff = !toggles.micOff; applyLocalToggles(session); });
  el.toggleCam.addEventListener('click', () => { toggles.camOff = !toggles.camOff; applyLocalToggles(session); });
  el.dismissError.addEventListener('click', clearError);
  el.rejoin.addEventListener('click', () => {
    clearError();
    autoRetried = false;
    join(el.conference.value.trim(), el.displayName.value.trim());
  });
  el.unmuteAll.addEventListener('click', () => {
    if (!session) return;
    session.remotes.forEach((view) => {
      if (view.needsUnmute) {
        view.video.muted = false;
        view.needsUnmute = false;
        view.video.play().catch(() => {});
      }
    });
    el.unmuteHint.hidden = true;
  });
  el.copyLink.addEventListener('click', async () => {
    const link = window.location.origin + window.location.pathname + '?conference=' + encodeURIComponent(el.confName.textContent);
    try {
      await navigator.clipboard.writeText(link);
      el.copyLink.textContent = 'Link copied';
    } catch (ignored) {
      window.prompt('Copy this link and send it to the others:', link);
    }
    setTimeout(() => { el.copyLink.textContent = 'Copy invite link'; }, 2000);
  });
  window.addEventListener('pagehide', () => {
    const s = session;
    if (s && !s.closed && s.participantId) deleteParticipant(s.conferenceId, s.participantId);
  });

  const params = new URLSearchParams(window.location.search);
  el.conference.value = params.get('conference') || randomConferenceName();
  let savedName = '';
  try { savedName = localStorage.getItem('meridian.displayName') || ''; } catch (ignored) { /* private mode */ }
  el.displayName.value = params.get('name') || savedName;
  log('page ready');
})();
