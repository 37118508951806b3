// Meridian demo page: the conference API over HTTP (API.md), loaded before app.js.
'use strict';

window.MeridianApi = (function () {
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

  async function postJoin(conferenceId, body, log) {
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

  // The TURN relay and credentials the node hands out (README "Clients behind firewalls"); none when it has none, or
  // when asking fails (the call then goes without a relay, as before). ?relay=1 makes the page use the relay only.
  async function iceServers(log) {
    const given = new URLSearchParams(window.location.search).get('iceServers');
    if (given) return JSON.parse(given); // ?iceServers=<JSON>: these instead of the node's (trying a relay by hand)
    try {
      const response = await fetch('/v1/ice-servers', { headers: authHeaders({}) });
      if (!response.ok) throw await apiError(response, 'Could not get the ICE servers');
      return (await response.json()).iceServers || [];
    } catch (err) {
      log('no ICE servers: ' + (err && err.message));
      return [];
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

  return { apiError, postJoin, iceServers, participantsUrl, authHeaders, eventsUrl };
})();
