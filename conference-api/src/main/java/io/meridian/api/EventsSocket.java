package io.meridian.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One participant's events WebSocket. The service is attached before the upgrade, so an unknown participant gets a
 * plain {@code 404} instead of a socket; messages the node sends before the upgrade completes are queued, not lost.
 * The client's frames are read within the node's limits by an {@link EventsFrameReader}.
 */
final class EventsSocket implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventsSocket.class);

    private final ObjectMapper json;
    private final List<String> pending = new ArrayList<>();
    private ServerWebSocket socket;
    private boolean closed;
    private short closeCode;
    private String closeReason;

    private EventsSocket(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Opens the socket. The service's side (which takes the conference's lock, and answers offers with SDP work) runs
     * on a worker thread, never the event loop: with many joins at once, a loop blocked on a busy conference would
     * stall every other request it serves. One ordered queue per socket keeps open, messages and close in order.
     */
    static void accept(RoutingContext ctx, ConferenceService service, ObjectMapper json, ApiLimits limits,
                       String conferenceId, String participantId) {
        EventsSocket sink = new EventsSocket(json);
        Context context = ctx.vertx().getOrCreateContext();
        ctx.request().pause();
        context.executeBlocking(() -> service.openEvents(conferenceId, participantId, sink), true)
                .onComplete(opened -> {
                    if (opened.failed()) {
                        ctx.request().resume();
                        ctx.fail(opened.cause());
                        return;
                    }
                    upgrade(ctx, context, sink, opened.result(), limits);
                });
    }

    private static void upgrade(RoutingContext ctx, Context context, EventsSocket sink, EventSession session,
                                ApiLimits limits) {
        ctx.request().toWebSocket().onComplete(ar -> {
            if (ar.failed()) {
                onWorker(context, session::onClose);
                return;
            }
            ServerWebSocket ws = ar.result();
            EventsFrameReader reader = new EventsFrameReader(limits, new EventsFrameReader.Listener() {
                @Override
                public void text(String message) {
                    onWorker(context, () -> sink.receive(message, session));
                }

                @Override
                public void binary() {
                    sink.send(SignalMessage.error("invalid_message", "Send JSON text frames, not binary.", null));
                }

                @Override
                public void close(short code, String reason) {
                    if (code != EventsFrameReader.NORMAL) {
                        LOG.info("events socket of participant {} closed with {}: {}",
                                ctx.pathParam("participantId"), code, reason);
                    }
                    sink.close(code, reason);
                }
            });
            ws.frameHandler(reader::frame);
            ws.closeHandler(v -> onWorker(context, session::onClose));
            ws.exceptionHandler(reader::failed);
            sink.attach(ws);
        });
    }

    /** Runs {@code task} on a worker, after every task this socket queued before it. */
    private static void onWorker(Context context, Runnable task) {
        context.executeBlocking(() -> {
            task.run();
            return null;
        }, true);
    }

    private void receive(String text, EventSession session) {
        SignalMessage message;
        try {
            // Through a tree: the JSON text null binds to a null message, not to a refusal.
            JsonNode tree = json.readTree(text);
            if (!tree.isObject()) {
                send(SignalMessage.error("invalid_message", "Messages must be JSON objects with a 'type', e.g. "
                        + "{\"type\":\"answer\",\"revision\":1,\"sdp\":\"...\"}.", null));
                return;
            }
            message = json.treeToValue(tree, SignalMessage.class);
        } catch (JsonProcessingException e) {
            send(SignalMessage.error("invalid_message", "Messages must be JSON objects with a 'type' and the fields "
                    + "of a signalling message: " + e.getOriginalMessage(), null));
            return;
        }
        if (message.type() == null) {
            send(SignalMessage.error("invalid_message", "Messages must have a 'type'.", null));
            return;
        }
        try {
            session.onMessage(message);
        } catch (ApiException e) {
            send(SignalMessage.error(e.code(), e.getMessage(), message.revision()));
        } catch (RuntimeException e) {
            // A bug of this node: the client still gets a reply (it may be waiting for an answer) and the log a trace.
            LOG.error("Handling a '{}' message failed", message.type(), e);
            send(SignalMessage.error("internal_error", "The node failed to handle this message.", message.revision()));
        }
    }

    private synchronized void attach(ServerWebSocket ws) {
        socket = ws;
        for (String text : pending) {
            ws.writeTextMessage(text);
        }
        pending.clear();
        if (closed) {
            ws.close(closeCode, closeReason);
        }
    }

    @Override
    public synchronized void send(SignalMessage message) {
        if (closed) {
            return;
        }
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + message.type(), e);
        }
        if (socket == null) {
            pending.add(text);
        } else {
            socket.writeTextMessage(text);
        }
    }

    @Override
    public synchronized void close(short code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        closeCode = code;
        closeReason = reason;
        if (socket != null) {
            try {
                socket.close(code, reason);
            } catch (RuntimeException alreadyGone) {
                // Vert.x is shutting down and its connections with it: the socket closes either way.
            }
        }
    }
}
