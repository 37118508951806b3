package io.meridian.server.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.client.StunClient;
import io.meridian.rtp.testing.GuardBytes;
import io.meridian.server.ice.IceCredentials;
import io.meridian.server.ice.IceLiteResponder;
import io.meridian.server.ice.MuxClassifier;
import io.meridian.server.ice.PacketKind;
import io.meridian.server.ice.StunOutcome;
import io.meridian.server.ice.StunStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target: an ICE-TCP connection's byte stream (RFC 6544, RFC 4571 framing) through the pipeline the node gives
 * it (Netty's length-field decoder, then {@link TcpMediaHandler}), on an {@link EmbeddedChannel}. Each input is
 * read twice, in segments of varied sizes: as the whole stream, and behind a valid ICE check, so that the fuzzer
 * reaches a checked connection's DTLS and media. A model of RFC 4571 and of the handler's rules (a frame longer than
 * any datagram closes the connection; DTLS, media or garbage before a check close it; a check is answered) says
 * what must happen: every frame before the connection closes is dispatched, in order and whole, and none after it;
 * each close is counted once, by its reason; each frame read is counted once, by its outcome (the node's read
 * accounting); each STUN answer goes out as one frame; and every buffer the pipeline allocated is released.
 */
class TcpFramingFuzzTest {
    private static final int[] SEGMENTS = {1, 3, 200, 17, 1000, 2};
    /** The participant the connection's checks authenticate as; its record is cleared for each connection. */
    private final RecordingEndpoint participant = new RecordingEndpoint();
    private final IceCredentials credentials = new IceCredentials("srvU", "serverPasswordOf22Chars", "cliU",
            participant);
    private final IceLiteResponder ice = new IceLiteResponder(ufrag -> ufrag.equals("srvU") ? credentials : null);
    private final InetSocketAddress client;
    private final byte[] check;

    TcpFramingFuzzTest() throws UnknownHostException {
        client = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 5}), 40_000);
        check = framed(new StunClient("srvU", "serverPasswordOf22Chars", "cliU").bindingRequest(100, true).bytes());
    }

    /** RFC 4571: the packet behind its length in two bytes. */
    private static byte[] framed(byte[] packet) {
        byte[] frame = new byte[2 + packet.length];
        frame[0] = (byte) (packet.length >> 8);
        frame[1] = (byte) packet.length;
        System.arraycopy(packet, 0, frame, 2, packet.length);
        return frame;
    }

    @FuzzTest
    void stream(byte[] data) {
        connection(data);
        byte[] checked = Arrays.copyOf(check, check.length + data.length);
        System.arraycopy(data, 0, checked, check.length, data.length);
        connection(checked);
    }

    private void connection(byte[] stream) {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        TransportCounters counters = new TransportCounters();
        participant.events.clear();
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return client;
            }
        };
        channel.config().setAllocator(alloc);
        // The connection's media loop, on the channel's own event loop; its UDP socket only flushes read batches.
        MediaLoop loop = new MediaLoop(0, 1, channel.eventLoop(),
                new MediaPacketHandler(ice, alloc, counters, new LoopCounters()));
        loop.attach(new EmbeddedChannel());
        channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(TcpMediaServer.MAX_FRAME, 0, 2, 0, 2),
                new LengthFieldPrepender(2), new TcpMediaHandler(ice, alloc, counters, loop));
        for (int at = 0, i = 0; at < stream.length && channel.isOpen(); i++) {
            int n = Math.min(SEGMENTS[i % SEGMENTS.length], stream.length - at);
            channel.writeInbound(alloc.heapBuffer(n).writeBytes(stream, at, n));
            at += n;
        }
        Model expected = new Model(stream);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) out;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            sent.writeBytes(bytes);
            buf.release();
        }
        assertEquals(expected.closed, !channel.isOpen(), "whether the connection closed");
        assertEquals(expected.closedOversized, counters.tcpClosedOversized(), "connections closed for a long frame");
        assertEquals(expected.closedUnchecked, counters.tcpClosedUnchecked(), "connections closed unchecked");
        assertEquals(expected.unknown, counters.unknownKind(), "frames of no known kind");
        assertEquals(expected.frames, loop.counters().tcpFramesRead(), "frames read (none after the close)");
        Map<String, Long> outcomes = ReadOutcomes.of(List.of(loop), counters);
        assertEquals(expected.frames, outcomes.values().stream().mapToLong(Long::longValue).sum(),
                "frames counted by outcome: " + outcomes);
        assertEquals(expected.events, participant.events, "what the participant got");
        assertArrayEquals(expected.answers.toByteArray(), sent.toByteArray(), "the STUN answers, one frame each");
        channel.finishAndReleaseAll();
        assertEquals(0, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory(),
                "bytes of buffers the pipeline did not release");
    }

    /** What RFC 4571 framing and the handler's rules make of a stream. */
    private final class Model {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream answers = new ByteArrayOutputStream();
        boolean closed;
        long frames;
        long closedOversized;
        long closedUnchecked;
        long unknown;

        Model(byte[] stream) {
            boolean checked = false;
            for (int p = 0; p + 2 <= stream.length && !closed; ) {
                int length = (stream[p] & 0xFF) << 8 | (stream[p + 1] & 0xFF);
                if (length > MediaLoops.MAX_DATAGRAM) {
                    closed = true;
                    closedOversized++;
                    break;
                }
                if (p + 2 + length > stream.length) {
                    break; // an incomplete frame waits for the rest
                }
                byte[] frame = Arrays.copyOfRange(stream, p + 2, p + 2 + length);
                p += 2 + length;
                frames++;
                switch (length == 0 ? PacketKind.UNKNOWN : MuxClassifier.classify(frame[0])) {
                    case STUN -> checked |= stun(frame);
                    case DTLS -> dispatched(checked, "dtls " + GuardBytes.hex(frame, 0, length));
                    case RTP_RTCP -> dispatched(checked, "media " + GuardBytes.hex(frame, 0, length));
                    default -> {
                        unknown++;
                        dispatched(checked, null);
                    }
                }
            }
            if (closed && checked) {
                events.add("closed");
            }
        }

        /** The check's answer, as a frame; whether it passed. */
        private boolean stun(byte[] frame) {
            StunOutcome outcome = ice.handle(frame, 0, frame.length, client);
            boolean passed = outcome.status() == StunStatus.OK;
            if (passed) {
                events.add("check passed, nominated " + outcome.useCandidate());
            }
            if (outcome.response() != null) {
                answers.writeBytes(framed(outcome.response()));
            }
            return passed;
        }

        /** A frame for the participant if the connection passed a check (garbage is dropped); else it closes. */
        private void dispatched(boolean checked, String event) {
            if (checked && event != null) {
                events.add(event);
            } else if (!checked) {
                closed = true;
                closedUnchecked++;
            }
        }
    }

    /** The participant: what the connection gave it, in order. */
    private static final class RecordingEndpoint implements MediaEndpoint {
        final List<String> events = new ArrayList<>();

        @Override
        public MediaLoop home() {
            return null;
        }

        @Override
        public void onCheckPassed(InetSocketAddress from, boolean nominated) {
            events.add("UDP check from " + from);
        }

        @Override
        public void onTcpCheckPassed(TcpLink link, boolean nominated) {
            events.add("check passed, nominated " + nominated);
        }

        @Override
        public void onTcpClosed(TcpLink link) {
            events.add("closed");
        }

        @Override
        public void onDtls(byte[] data, int off, int len) {
            events.add("dtls " + GuardBytes.hex(data, off, len));
        }

        @Override
        public void onMedia(ByteBuf packet) {
            try {
                events.add("media " + GuardBytes.hex(packet.array(), packet.arrayOffset() + packet.readerIndex(),
                        packet.readableBytes()));
            } finally {
                packet.release();
            }
        }
    }
}
