/**
 * ICE-lite on the server's single media port: demultiplexing (RFC 7983) and answering connectivity and consent
 * checks (RFC 8445, RFC 7675). The client side of those checks is the scripted peer's (webrtc-client).
 *
 * <p>The STUN codec, MESSAGE-INTEGRITY and FINGERPRINT are ice4j's ({@code org.ice4j.message},
 * {@code org.ice4j.attribute}). What ice4j requires, found by reading its bytecode (3.2-15-g6da2b08):
 * <ul>
 *   <li>{@code Message.decode} verifies FINGERPRINT itself, keeps only FINGERPRINT after MESSAGE-INTEGRITY, but
 *       accepts a missing FINGERPRINT, misplaced attributes and RFC 3489 headers, and its attribute loop is only
 *       correct at offset 0; hence the checks in {@code StunDatagram}.</li>
 *   <li>MESSAGE-INTEGRITY keys are only reachable through a {@code StunStack}'s {@code CredentialsManager}: encoding
 *       a request asks {@code getRemoteKey(username, media)}, encoding a response asks {@code getLocalKey(username)},
 *       and {@code StunStack.validateMessageIntegrity} asks {@code getLocalKey}. Each user registers one
 *       {@code CredentialsAuthority} on a private stack ({@code StunIntegrity}).</li>
 *   <li>{@code new StunStack()} opens no socket and starts no thread; its static executors stay empty until a
 *       socket is added or a transaction sent, which this package never does. ice4j does load its jicoco
 *       configuration on first use and logs two INFO lines through java.util.logging.</li>
 * </ul>
 */
package io.meridian.server.ice;
