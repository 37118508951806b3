// Meridian demo page: join a conference, show everyone's video, leave.
// Signaling follows API.md: one POST for the invite (offer -> answer), then the events WebSocket for
// renegotiation offers from the server and participant joined/left notices.
'use strict';

(function () {
  const Api = window.MeridianApi;
  const Tiles = window.MeridianTiles;
  const Receive = window.MeridianReceive;
  const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
  // Small video keeps a many-party call light; a person still sees fine at this size.
  const VIDEO_CONSTRAINTS = { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 15, max: 15 } };
  // ?simulcast=1: the camera in HD, sent as three layers (quarter, half and full size) the node picks from for each
  // receiver. ?fitTiles=0: the page does not tell the node its tiles' sizes (it then sends what the link allows).
  const query = new URLSearchParams(window.location.search);
  const SIMULCAST = query.get('simulcast') === '1';
  // ?svc=L3T3_KEY&codec=VP9 (or AV1): the camera in HD, sent as one scalable stream with that scalabilityMode; the
  // node leaves out, per receiver, the spatial and temporal layers it does not want.
  const SVC = /^L[1-3]T[1-3](_KEY)?$/.test(query.get('svc') || '') ? query.get('svc') : null;
  const SVC_CODEC = (query.get('codec') || 'VP9').toUpperCase() === 'AV1' ? 'video/av1' : 'video/vp9';
  const FIT_TILES = query.get('fitTiles') !== '0';
  const SIMULCAST_VIDEO_CONSTRAINTS = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { max: 30 } };
  const SIMULCAST_LAYERS = [
    { rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' },
  ];
  const $ = (id) => document.getElementById(id);
  const el = {
    lobby: $('lobby'), joinForm: $('joinForm'), conference: $('conference'), displayName: $('displayName'),
    join: $('join'), call: $('call'), tiles: $('tiles'), controls: $('controls'), leave: $('leave'),
    toggleMic: $('toggleMic'), toggleCam: $('toggleCam'), status: $('status'), error: $('error'),
    errorText: $('errorText'), rejoin: $('rejoin'), dismissError: $('dismissError'), confName: $('confName'),
    copyLink: $('copyLink'), peopleCount: $('peopleCount'), unmuteHint: $('unmuteHint'), unmuteAll: $('unmuteAll'),
    lastN: $('lastN'),
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

  // ---------- tiles ----------

  function onAutoplayBlocked(view) {
    log('autoplay refused for ' + view.id + '; asking for a click');
    el.unmuteHint.hidden = false;
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
      remotes: new Map(), names: new Map(), trackOwners: new Map(), midOwners: new Map(), videoTracks: new Map(),
      queue: Promise.resolve(), closed: false, revision: 0,
    };
    session = s;
    try {
      try {
        const video = SIMULCAST || SVC ? SIMULCAST_VIDEO_CONSTRAINTS : VIDEO_CONSTRAINTS;
        s.localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
      } catch (err) {
        throw new Error(Tiles.mediaErrorText(err));
      }
      log('camera and microphone started');
      if (s.closed) return;
      showCall(s);
      s.localView = Tiles.createTile(el.tiles, 'local', displayName, true);
      Tiles.attachStream(s.localView, s.localStream, onAutoplayBlocked);
      Tiles.applyToggles(el, s, toggles);

      const iceServers = await Api.iceServers(log);
      if (s.closed) return;
      const pc = new RTCPeerConnection({
        bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers,
        iceTransportPolicy: query.get('relay') === '1' ? 'relay' : 'all',
      });
      s.candidateErrors = [];
      // A relay that refuses our credentials says so here (401), and the call then has no way to the node.
      pc.addEventListener('icecandidateerror', (e) => {
        s.candidateErrors.push({ errorCode: e.errorCode, url: e.url || '' });
        log('ICE candidate error ' + e.errorCode + ' from ' + e.url + ': ' + e.errorText);
      });
      s.pc = pc;
      wirePeerConnection(s, pc);
      s.localStream.getTracks().forEach((track) => {
        if (SIMULCAST && track.kind === 'video') {
          addSimulcastVideo(pc, track, s.localStream);
        } else if (SVC && track.kind === 'video') {
          addScalableVideo(pc, track, s.localStream);
        } else {
          pc.addTransceiver(track, { direction: 'sendrecv', streams: [s.localStream] });
        }
      });
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      // The node is ICE-lite and needs none of our candidates, so the offer goes out without waiting for gathering.
      setStatus('Joining ' + conferenceId + '…');
      const body = { sdp: pc.localDescription.sdp };
      if (displayName) body.displayName = displayName;
      const response = await Api.postJoin(conferenceId, body, log);
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

  // VP8 first (or ?codec=H264): the node reads each layer's frame height from its key frames (VP8's frame header,
  // H.264's SPS), and without heights it cannot honour a receiver's maxHeight.
  function addSimulcastVideo(pc, track, stream) {
    const transceiver = pc.addTransceiver(track,
      { direction: 'sendrecv', streams: [stream], sendEncodings: SIMULCAST_LAYERS });
    const wanted = (query.get('codec') || 'VP8').toUpperCase() === 'H264' ? 'video/h264' : 'video/vp8';
    const codecs = RTCRtpReceiver.getCapabilities('video').codecs;
    const first = codecs.filter((c) => c.mimeType.toLowerCase() === wanted);
    if (first.length) transceiver.setCodecPreferences(first.concat(codecs.filter((c) => !first.includes(c))));
  }

  // One encoding in the chosen scalability mode, with the chosen codec first (its SVC needs it negotiated).
  function addScalableVideo(pc, track, stream) {
    const transceiver = pc.addTransceiver(track,
      { direction: 'sendrecv', streams: [stream], sendEncodings: [{ scalabilityMode: SVC }] });
    const codecs = RTCRtpReceiver.getCapabilities('video').codecs;
    const first = codecs.filter((c) => c.mimeType.toLowerCase() === SVC_CODEC);
    if (first.length) transceiver.setCodecPreferences(first.concat(codecs.filter((c) => !first.includes(c))));
  }

  // Nobody wants our simulcast track's upper layers (or wants them again): stop or restart their encodings, which
  // saves this machine's CPU and uplink. The node names the layers by rid, or counts them, lowest first.
  async function sendOnlyLayers(s, message) {
    const sender = s.pc.getSenders().find((x) => x.track && x.track.id === message.trackId);
    if (!sender) return;
    const params = sender.getParameters();
    if (!params.encodings || params.encodings.length < 2) return;
    params.encodings.forEach((encoding, i) => {
      encoding.active = message.rids ? message.rids.includes(encoding.rid) : i < message.layers;
    });
    try {
      await sender.setParameters(params);
    } catch (err) {
      log('could not change the layers sent: ' + (err && err.message));
    }
  }

  // The tile of a remote participant; a new one tells the node, as it settles, the height its video is shown at.
  function remoteTile(s, participantId, displayName) {
    const view = Tiles.remoteView(el, s, log, participantId, displayName);
    if (FIT_TILES && !view.stopWatching) {
      view.stopWatching = Receive.watchHeight(view.video, (height) => {
        view.shownHeight = height;
        fitToTile(s, participantId);
      });
    }
    return view;
  }

  // Tells the node how high the participant's video is shown, once the tile and the track are known, and again when
  // either changes.
  function fitToTile(s, participantId) {
    const view = s.remotes.get(participantId);
    const trackId = s.videoTracks.get(participantId);
    if (!view || !view.shownHeight || !trackId) return;
    const key = trackId + '@' + view.shownHeight;
    if (view.fitted === key) return;
    if (!send(s, Receive.message(participantId, trackId, { maxHeight: view.shownHeight }))) return;
    view.fitted = key;
    log('asked for ' + participantId + "'s video at most " + view.shownHeight + ' high');
  }

  function wirePeerConnection(s, pc) {
    pc.ontrack = (event) => {
      if (s.closed) return;
      const stream = event.streams && event.streams[0];
      const owner = stream ? stream.id : 'unknown';
      log('track ' + event.track.kind + ' ' + event.track.id + ' from ' + owner);
      s.trackOwners.set(event.track.id, owner);
      const mid = event.transceiver ? event.transceiver.mid : null;
      if (mid != null) s.midOwners.set(mid, owner);
      if (event.track.kind === 'video') {
        const trackId = (mid != null && pc.remoteDescription && Receive.msidTrackId(pc.remoteDescription.sdp, mid))
          || event.track.id;
        s.videoTracks.set(owner, trackId);
      }
      const view = remoteTile(s, owner);
      if (stream) {
        Tiles.attachStream(view, stream, onAutoplayBlocked);
      } else if (view.stream) {
        view.stream.addTrack(event.track);
      } else {
        Tiles.attachStream(view, new MediaStream([event.track]), onAutoplayBlocked);
      }
      Tiles.playMedia(view, onAutoplayBlocked);
      if (event.track.kind === 'video') fitToTile(s, owner);
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
    const ws = new WebSocket(Api.eventsUrl(url));
    s.ws = ws;
    ws.onopen = () => {
      log('events socket open');
      // Tiles sized before the socket opened (tracks come with the join's answer) are told now.
      s.remotes.forEach((view, participantId) => fitToTile(s, participantId));
    };
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

  // Whether the message went out (not while the socket is not open).
  function send(s, message) {
    if (!s.ws || s.ws.readyState !== WebSocket.OPEN) return false;
    s.ws.send(JSON.stringify(message));
    return true;
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
          remoteTile(s, message.participantId, message.displayName);
        }
        break;
      case 'participant-left':
        log('participant left ' + message.participantId);
        s.names.delete(message.participantId);
        s.videoTracks.delete(message.participantId);
        stopWatching(s.remotes.get(message.participantId));
        Tiles.removeRemote(el, session, log, message.participantId);
        break;
      case 'dominant-speaker':
        log('dominant speaker ' + message.participantId);
        s.dominantSpeaker = message.participantId;
        // The speaker's tile is outlined; our own tile when we are the one speaking.
        el.tiles.querySelectorAll('.tile').forEach((tile) => {
          const id = tile.classList.contains('local') ? s.participantId : tile.dataset.participantId;
          tile.classList.toggle('speaking', id === message.participantId);
        });
        break;
      case 'layers-needed':
        log('layers needed of ' + message.trackId + ': ' + (message.rids || []).join(',') + ' (' + message.layers + ')');
        await sendOnlyLayers(s, message);
        break;
      case 'error':
        log('server error ' + message.code + ': ' + message.message);
        // A tile's size sent for a track the node stopped sending a moment before: nothing for a person to do.
        if (message.code === 'unknown_track') break;
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
    return fetch(Api.participantsUrl(conferenceId) + '/' + encodeURIComponent(participantId), { method: 'DELETE', headers: Api.authHeaders({}), keepalive: true })
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
    s.remotes.forEach((view) => {
      stopWatching(view);
      view.video.srcObject = null;
    });
    el.tiles.replaceChildren();
    el.unmuteHint.hidden = true;
  }

  function stopWatching(view) {
    if (view && view.stopWatching) view.stopWatching();
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
    if (session) Tiles.layout(el, session.remotes.size + 1);
  }

  function showLobby() {
    el.call.hidden = true;
    el.controls.hidden = true;
    el.lobby.hidden = false;
  }

  // ---------- mic / camera ----------

  const toggles = { micOff: false, camOff: false };

  // ---------- test hooks ----------

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
        dominantSpeaker: s ? s.dominantSpeaker || null : null,
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
    stats: () => Tiles.inboundStats(session),
    outboundVideoStats: () => Tiles.outboundVideoStats(session),
    outboundLayers: () => Tiles.outboundLayers(session),
    // The candidate types of the pair ICE selected ({local, remote}: host, srflx, prflx, relay; protocol: udp or
    // tcp), and the relay errors seen; null and [] before any.
    selectedPair: () => Tiles.selectedPair(session),
    candidateErrors: () => (session && session.candidateErrors ? session.candidateErrors.slice() : []),
    availableOutgoingBitrate: () => Tiles.availableOutgoingBitrate(session),
    // The node's last description as the page applied it (its answer, or a later offer; null before any): which
    // extension ids and payload types the call negotiated.
    remoteSdp: () => (session && session.pc && session.pc.remoteDescription ? session.pc.remoteDescription.sdp : null),
    // Sends the node wishes for the participant's video ({maxHeight, maxSpatialLayer, maxTemporalLayer, paused});
    // false when it could not (no video track of theirs yet, or the events socket not open). With tile fitting on,
    // the tile's next new size replaces them.
    receiveVideo(participantId, wishes) {
      const s = session;
      const trackId = s && !s.closed ? s.videoTracks.get(participantId) : null;
      return !!trackId && send(s, Receive.message(participantId, trackId, wishes));
    },
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
  el.toggleMic.addEventListener('click', () => { toggles.micOff = !toggles.micOff; Tiles.applyToggles(el, session, toggles); });
  el.toggleCam.addEventListener('click', () => { toggles.camOff = !toggles.camOff; Tiles.applyToggles(el, session, toggles); });
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

  // Last-N: the node sends the video of only the N people who spoke last (the others' tiles show their avatar).
  el.lastN.addEventListener('change', () => {
    const s = session;
    if (s && !s.closed && send(s, { type: 'last-n', lastN: Number(el.lastN.value) })) {
      log('last-n ' + el.lastN.value);
    }
  });
  el.conference.value = query.get('conference') || Tiles.randomConferenceName();
  let savedName = '';
  try { savedName = localStorage.getItem('meridian.displayName') || ''; } catch (ignored) { /* private mode */ }
  el.displayName.value = query.get('name') || savedName;
  log('page ready');
})();
