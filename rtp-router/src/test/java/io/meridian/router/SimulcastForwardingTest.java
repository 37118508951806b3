package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.GenericNack;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.vp8.Vp8Descriptor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One continuous stream for the receiver of a simulcast track across layer switches, switches only at key frames,
 * and NACKs mapped to the layer they were sent from.
 */
class SimulcastForwardingTest extends SimulcastFixture {
    @Test
    void layersAreLearnedFromTheirRidsAndTheReceiverGetsOneContinuousStreamClimbingToTheTop() {
        aimAtTheTop();
        round(true);
        round(false);
        round(false);
        for (int layer = 0; layer < 3; layer++) {
            assertEquals(SSRCS[layer], alice.leg.published(SSRCS[layer]).ssrc(), "bound by rid " + RIDS[layer]);
            assertEquals(layer, alice.leg.published(SSRCS[layer]).layer());
        }
        List<byte[]> got = media();
        assertContinuous(got);
        assertEquals(List.of(0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2),
                got.stream().map(SimulcastFixture::layerOf).toList(),
                "each key frame nearer the top is a step up; then the top layer alone");
        assertEquals(100, RtpPacket.payloadType(got.get(0), 0));
        assertEquals(-1L, RtpPacket.extensionElement(got.get(0), 0, got.get(0).length, RID_ID), "no rid forwarded");
    }

    @Test
    void aReceiverThatAsksForTheLowLayerIsSwitchedDownAtItsKeyFrame() {
        aimAtTheTop();
        round(true);
        round(false);
        int before = media().size();
        int plis = alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size();
        h.conference.constrain(bob.leg, ANCHOR, 0, 0, false);
        h.now += KeyframeRequester.MIN_INTERVAL_NANOS;
        h.conference.tick();
        List<byte[]> plisNow = alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI);
        assertEquals(plis + 1, plisNow.size(), "the low layer is asked for a key frame");
        assertEquals(SSRCS[0], RtcpPacket.mediaSsrc(plisNow.get(plisNow.size() - 1), 0));
        round(false); // no key frame yet: the top layer goes on
        frame(0, true);
        frame(1, false);
        frame(2, false);
        List<byte[]> got = media();
        assertContinuous(got);
        assertEquals(List.of(2, 2, 2, 0, 0, 0), got.subList(before, got.size()).stream()
                .map(SimulcastFixture::layerOf).toList());
        byte[] first = got.get(before + 3);
        int d = descriptorAt(first);
        assertTrue(Vp8Descriptor.isKeyFrame(first, d, Vp8Descriptor.length(first, d, first.length - d)),
                "the first packet after the switch starts a key frame");
    }

    /** What else the receiver is sent (here another publisher's plain video) takes its share of the estimate. */
    @Test
    void aNackIsAnsweredFromTheLayerThePacketCameFromAndNotAcrossASwitch() {
        aimAtTheTop();
        round(true);
        round(false);
        h.conference.constrain(bob.leg, ANCHOR, 0, 0, false);
        h.conference.tick();
        frame(0, true);
        frame(1, false);
        frame(2, false);
        List<byte[]> got = media();
        int lowSeq = RtpPacket.sequence(got.get(got.size() - 2), 0); // a layer-0 packet after the switch
        int topSeq = RtpPacket.sequence(got.get(got.size() - 4), 0); // the last top-layer packet before it
        int sent = bob.rtp().size();
        h.now += 50_000_000L;
        for (int nacked : new int[] {topSeq, lowSeq}) {
            byte[] nack = new byte[GenericNack.HEADER_LENGTH + GenericNack.FCI_LENGTH];
            int len = GenericNack.write(nack, 0, bob.leg.localSsrc(), ANCHOR, new int[] {nacked}, 1);
            bob.sendRtcp(nack, len);
        }
        List<byte[]> resent = bob.rtp().subList(sent, bob.rtp().size());
        assertEquals(1, resent.size(), "the packet of the layer left behind is not answered from the new one");
        byte[] rtx = resent.get(0);
        assertEquals(ANCHOR_RTX, RtpPacket.ssrc(rtx, 0));
        assertEquals(lowSeq, Bytes.u16(rtx, RtpPacket.headerLength(rtx, 0, rtx.length)), "the OSN it repairs");
        assertEquals(0, layerOf(rtx), "from the low layer's cache");
    }

    /**
     * A receiver that wants only the base frame rate gets the TID 0 frames of its layer, with no gap in its sequence
     * numbers or PictureIDs where the others were left out, and a NACK of one it got is answered with that frame's.
     */
    @Test
    void temporalLayersAboveTheReceiversAreLeftOutWithoutGaps() {
        h.conference.constrain(bob.leg, ANCHOR, 0, 0, 0, false);
        int[] pattern = {0, 2, 1, 2};
        for (int i = 0; i < 12; i++) {
            tid = pattern[i % pattern.length];
            frame(0, i == 0);
            h.now += ROUND_NANOS;
        }
        List<byte[]> got = media();
        assertEquals(3 * 3, got.size(), "three TID 0 frames of three packets");
        assertContinuous(got);
        for (byte[] p : got) {
            assertEquals(0, Vp8Descriptor.tid(p, descriptorAt(p)));
        }
        int sent = bob.rtp().size();
        byte[] asked = got.get(4);
        h.now += 50_000_000L;
        byte[] nack = new byte[GenericNack.HEADER_LENGTH + GenericNack.FCI_LENGTH];
        int len = GenericNack.write(nack, 0, bob.leg.localSsrc(), ANCHOR, new int[] {RtpPacket.sequence(asked, 0)}, 1);
        bob.sendRtcp(nack, len);
        List<byte[]> resent = bob.rtp().subList(sent, bob.rtp().size());
        assertEquals(1, resent.size());
        byte[] rtx = resent.get(0);
        int osnAt = RtpPacket.headerLength(rtx, 0, rtx.length);
        assertEquals(RtpPacket.sequence(asked, 0), Bytes.u16(rtx, osnAt), "the OSN is the receiver's number");
        assertEquals(Vp8Descriptor.pictureId(asked, descriptorAt(asked)), Vp8Descriptor.pictureId(rtx, osnAt + 2),
                "the same frame, numbered as the first time");
    }

    @Test
    void aRidTheOfferDidNotNameBindsNothing() {
        byte[] stranger = packet(0, true, true, true);
        stranger[19] = 'x';
        Bytes.put32(stranger, 8, 0x77770000);
        alice.sendRtpBytes(stranger);
        assertEquals(null, alice.leg.published(0x77770000));
        assertEquals(1, h.counters.drops(DropReason.UNKNOWN_SSRC));
        assertTrue(bob.rtp().isEmpty());
    }
}
