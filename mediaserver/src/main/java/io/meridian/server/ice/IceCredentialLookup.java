package io.meridian.server.ice;

/**
 * Finds the session a STUN check is addressed to, by the server's own ufrag (the part of USERNAME before ':').
 * Called from the packet path, possibly from several event loops at once, so implementations must be
 * thread-safe and cheap (a concurrent map lookup).
 */
@FunctionalInterface
public interface IceCredentialLookup {

    /** Returns the credentials whose {@code localUfrag} is {@code localUfrag}, or {@code null} if none. */
    IceCredentials find(String localUfrag);
}
