package io.meridian.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.client.ApiClient;
import io.meridian.client.EventsSocket;
import io.meridian.client.PeerSdp;
import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SessionDescription;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one receiver of the simulcast scenario asks of each simulcast track it is offered: as soon as a server offer
 * names a new one ({@code a=msid:<publisher> <track>}, answered already), a {@code receive-video} message with the
 * height of layer (receiver + publisher) mod 3, by their order of joining. Every receiver thus asks for all three
 * layers of different publishers, and every publisher's layers all have receivers. Runs on the events socket's
 * thread; {@link #onWishedLayer} on any.
 */
final class LayerWishes implements EventsSocket.OfferAnswered {
    /** The run's simulcast tracks: a publisher's {@code a=msid} track id to the stamp id of its video track. */
    private final Map<String, Integer> tracks;
    private final int receiverStreamId;
    /** Stamp id of each track asked for, to the layer asked for. */
    private final Map<Integer, Integer> wished = new ConcurrentHashMap<>();
    private volatile String problem;

    LayerWishes(Map<String, Integer> tracks, int receiverStreamId) {
        this.tracks = tracks;
        this.receiverStreamId = receiverStreamId;
    }

    /** Participants' stamp ids come two by two (audio, video) in the order they were created. */
    private static int joinIndex(int streamId) {
        return (PublishedStream.trackOf(streamId) - 1) / 2;
    }

    /** The layer receiver {@code receiverStreamId} asks for of the track {@code trackStreamId}. */
    static int layerAskedFor(int receiverStreamId, int trackStreamId) {
        return (joinIndex(receiverStreamId) + joinIndex(trackStreamId)) % SimulcastProfile.layers();
    }

    @Override
    public void answered(EventsSocket socket, String offerSdp) {
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(offerSdp);
        } catch (SdpException e) {
            problem = "unparsable server offer: " + e.getMessage();
            return;
        }
        for (MediaDescription m : offer.media()) {
            if (m.port() == 0 || !m.kind().equals("video") || PeerSdp.direction(m).equals("recvonly")) {
                continue;
            }
            String[] msid = m.attribute("msid").map(v -> v.trim().split(" +")).orElse(new String[0]);
            Integer track = msid.length == 2 ? tracks.get(msid[1]) : null;
            if (track == null || wished.containsKey(track)) {
                continue;
            }
            int layer = layerAskedFor(receiverStreamId, track);
            wished.put(track, layer);
            ObjectNode wish = ApiClient.JSON.createObjectNode().put("type", "receive-video")
                    .put("participantId", msid[0]).put("trackId", msid[1])
                    .put("maxHeight", SimulcastProfile.HEIGHTS[layer]);
            socket.send(wish.toString()).whenComplete((ok, e) -> {
                if (e != null) {
                    problem = "receive-video not sent: " + e;
                }
            });
        }
    }

    /** The layer asked for of the track with this stamp id, or -1 when none was. */
    int wishedLayer(int trackStreamId) {
        return wished.getOrDefault(trackStreamId, -1);
    }

    /** How many tracks asked for currently arrive on the layer asked for. */
    int onWishedLayer(ReceiveStats stats) {
        int n = 0;
        for (Map.Entry<Integer, Integer> e : wished.entrySet()) {
            if (stats.currentLayer(e.getKey()) == e.getValue()) {
                n++;
            }
        }
        return n;
    }

    /** Why a wish could not be stated, or null. */
    String problem() {
        return problem;
    }
}
