#!/usr/bin/python3
"""A Meridian participant on aiortc, the Python WebRTC stack (Debian python3-aiortc), for interop tests.

    meridian_peer.py BASE_URL CONFERENCE NAME publish|watch [--seconds N]

Joins as API.md says (POST the offer, then the events WebSocket, answering the node's renegotiation offers),
publishes a generated video (a moving gradient) and a 440 Hz tone or, with "watch", only receives. Prints one JSON
object a line on stdout:

    {"event": "joined", "participantId": ...}
    {"event": "answered", "revision": N}
    {"event": "track", "participantId": <publisher>, "kind": "video"|"audio", "mid": ...}
    {"event": "received", "participantId": <publisher>, "kind": ..., "frames": decoded, "packets": from getStats}
    {"event": "error", "message": ...}
    {"event": "left", "status": <DELETE status>}

"received" comes every second for each remote track. Stops after --seconds, on stdin's end, on SIGTERM or when the
node closes the events socket, and leaves (DELETE) on the way out. MERIDIAN_AIORTC_LOG=DEBUG (or INFO) logs aiortc's
own steps to stderr.
"""
import argparse
import asyncio
import fractions
import json
import logging
import math
import os
import signal
import sys
import urllib.error
import urllib.request

import numpy
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError
from av import AudioFrame, VideoFrame
import websockets

WIDTH, HEIGHT = 320, 240
TONE_HZ = 440
SAMPLE_RATE = 48000
SAMPLES_PER_FRAME = 960  # 20 ms, one Opus packet


def say(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


class MovingGradient(VideoStreamTrack):
    """Frames that change every time, so the encoder keeps sending and a receiver keeps decoding."""

    def __init__(self):
        super().__init__()
        self._ramp = numpy.arange(WIDTH, dtype=numpy.uint16)

    async def recv(self):
        pts, time_base = await self.next_timestamp()
        row = ((self._ramp + pts // 1500) % 256).astype(numpy.uint8)
        image = numpy.repeat(numpy.tile(row, (HEIGHT, 1))[:, :, None], 3, axis=2)
        frame = VideoFrame.from_ndarray(image, format="rgb24")
        frame.pts, frame.time_base = pts, time_base
        return frame


class Tone(AudioStreamTrack):
    """A sine tone (the base class paces 20 ms frames of silence; this fills them)."""

    def __init__(self):
        super().__init__()
        self._sent = 0

    async def recv(self):
        silence = await super().recv()
        t = (self._sent + numpy.arange(SAMPLES_PER_FRAME)) / SAMPLE_RATE
        samples = (numpy.sin(2 * math.pi * TONE_HZ * t) * 8000).astype(numpy.int16)
        self._sent += SAMPLES_PER_FRAME
        frame = AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts, frame.time_base = silence.pts, fractions.Fraction(1, SAMPLE_RATE)
        return frame


def http(method, url, body=None):
    """One blocking HTTP call; returns (status, parsed JSON body or None)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        text = e.read()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, text.decode(errors="replace")


def publishers_by_mid(sdp):
    """mid -> the msid stream id of each m-line: the node names the publisher's participant id there."""
    owners, mid = {}, None
    for line in sdp.splitlines():
        if line.startswith("m="):
            mid = None
        elif line.startswith("a=mid:"):
            mid = line[len("a=mid:"):].strip()
        elif line.startswith("a=msid:") and mid is not None:
            owners[mid] = line[len("a=msid:"):].split()[0]
    return owners


class Peer:
    def __init__(self, base_url, conference, name, publish):
        self.participants_url = f"{base_url.rstrip('/')}/v1/conferences/{conference}/participants"
        self.name = name
        self.publish = publish
        # No STUN server: aiortc's default one is on the Internet; the node is ICE-lite and needs host candidates.
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.participant_id = None
        self.owners = {}  # mid -> publisher, as the node's latest offer names it
        self.frames = {}  # mid -> frames decoded from the track received there
        self.tasks = []
        self.pc.on("track", self.on_track)

    async def join(self):
        if self.publish:
            self.pc.addTrack(Tone())
            self.pc.addTrack(MovingGradient())
        else:
            self.pc.addTransceiver("audio", direction="recvonly")
            self.pc.addTransceiver("video", direction="recvonly")
        # aiortc gathers every candidate before setLocalDescription returns: the offer is complete.
        await self.pc.setLocalDescription(await self.pc.createOffer())
        body = {"sdp": self.pc.localDescription.sdp, "displayName": self.name}
        status, joined = await asyncio.to_thread(http, "POST", self.participants_url, body)
        if status != 201:
            raise RuntimeError(f"join answered {status}: {joined}")
        self.participant_id = joined["participantId"]
        await self.pc.setRemoteDescription(RTCSessionDescription(joined["sdp"], "answer"))
        say("joined", participantId=self.participant_id, node=joined.get("node"))
        return joined["events"]

    async def signal(self, events_url):
        """Answers the node's offers until the node closes the socket."""
        async with websockets.connect(events_url) as socket:
            async for text in socket:
                message = json.loads(text)
                if message["type"] == "offer":
                    self.owners.update(publishers_by_mid(message["sdp"]))
                    await self.pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "offer"))
                    await self.pc.setLocalDescription(await self.pc.createAnswer())
                    await socket.send(json.dumps({"type": "answer", "revision": message["revision"],
                                                  "sdp": self.pc.localDescription.sdp}))
                    say("answered", revision=message["revision"])
                elif message["type"] == "error":
                    say("error", message=f"{message.get('code')}: {message.get('message')}")

    def on_track(self, track):
        mid = next(t.mid for t in self.pc.getTransceivers() if t.receiver.track is track)
        self.frames[mid] = 0
        say("track", participantId=self.owners.get(mid), kind=track.kind, mid=mid)
        self.tasks.append(asyncio.ensure_future(self.consume(track, mid)))

    async def consume(self, track, mid):
        while True:
            try:
                await track.recv()
            except MediaStreamError:
                return
            self.frames[mid] += 1

    async def report(self):
        while True:
            await asyncio.sleep(1)
            for transceiver in self.pc.getTransceivers():
                if transceiver.mid not in self.frames:
                    continue
                packets = sum(s.packetsReceived for s in (await transceiver.receiver.getStats()).values()
                              if s.type == "inbound-rtp")
                say("received", participantId=self.owners.get(transceiver.mid), kind=transceiver.kind,
                    mid=transceiver.mid, frames=self.frames[transceiver.mid], packets=packets)

    async def leave(self):
        # DELETE before the events socket closes: a closed socket removes the participant too (API.md).
        if self.participant_id is not None:
            status, _ = await asyncio.to_thread(http, "DELETE", f"{self.participants_url}/{self.participant_id}")
            say("left", status=status)
        for task in self.tasks:
            task.cancel()
        await self.pc.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("conference")
    parser.add_argument("name")
    parser.add_argument("mode", choices=["publish", "watch"])
    parser.add_argument("--seconds", type=float, default=180, help="stop after this long (default 180)")
    args = parser.parse_args()
    if os.environ.get("MERIDIAN_AIORTC_LOG"):
        logging.basicConfig(level=os.environ["MERIDIAN_AIORTC_LOG"], stream=sys.stderr)

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_reader(sys.stdin, lambda: stop.set() if not sys.stdin.buffer.read1(4096) else None)

    peer = Peer(args.base_url, args.conference, args.name, args.mode == "publish")
    try:
        events_url = await peer.join()
        running = [asyncio.ensure_future(c) for c in (peer.signal(events_url), peer.report(), stop.wait())]
        peer.tasks.extend(running)
        done, _ = await asyncio.wait(running, timeout=args.seconds, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task.exception() is not None:
                say("error", message=repr(task.exception()))
    except Exception as e:  # noqa: BLE001 - reported as a line, then the peer still leaves
        say("error", message=repr(e))
    finally:
        await peer.leave()


if __name__ == "__main__":
    asyncio.run(main())
