package io.meridian.client;

/**
 * An encoded connectivity check and the transaction id to match its response against (RFC 8489 §6.3.3).
 * Arrays are owned by the caller; record equality compares them by identity.
 */
public record BindingRequest(byte[] bytes, byte[] transactionId) {
}
