package io.meridian.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the receivers of a simulcast run got, counted per receiver and simulcast track it should get (a "pair"): on
 * which layer each pair ended, how many ended on the layer the receiver asked for, the layer switches the node made,
 * and the packets received of each layer over the whole run. Shows that the node forwarded the mix of layers asked
 * for rather than one layer to everyone.
 *
 * @param pairs             receiver and simulcast track pairs
 * @param onWishedLayer     pairs that ended on the layer the receiver asked for
 * @param pairsByLayer      pairs by the layer they ended on, by rid
 * @param packetsByLayer    packets received of each layer, by rid
 * @param switches          layer switches seen by receivers
 */
record SimulcastFigures(long pairs, long onWishedLayer, Map<String, Long> pairsByLayer,
                        Map<String, Long> packetsByLayer, long switches) {
    /** The figures of a run; null when it had no simulcast track. */
    static SimulcastFigures of(ReceptionTally tally) {
        if (tally.simulcastTracks == 0) {
            return null;
        }
        Map<String, Long> pairs = new LinkedHashMap<>();
        Map<String, Long> packets = new LinkedHashMap<>();
        for (int layer = 0; layer < SimulcastProfile.layers(); layer++) {
            pairs.put(SimulcastProfile.RIDS.get(layer), tally.tracksOnLayer[layer]);
            packets.put(SimulcastProfile.RIDS.get(layer), tally.layerPackets[layer]);
        }
        return new SimulcastFigures(tally.simulcastTracks, tally.tracksOnWishedLayer, pairs, packets,
                tally.layerSwitches);
    }
}
