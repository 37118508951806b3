package io.meridian.srtp;

/**
 * Which end of the DTLS handshake this node played. It decides which half of the exported keying material
 * encrypts outbound media (RFC 5764 §4.2): the client writes with the client key and salt, the server with its own.
 */
public enum DtlsRole {
    CLIENT,
    SERVER
}
