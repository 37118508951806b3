package io.meridian.sdp;

import java.util.List;

/** Media direction attributes (RFC 8866 §6.7); absent means sendrecv. Named from the describing side. */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    public static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }

    /** The direction attribute among {@code attributes}, or null if none is present. */
    static Direction find(List<Attribute> attributes) {
        for (Attribute attribute : attributes) {
            for (Direction direction : values()) {
                if (attribute.value() == null && attribute.name().equals(direction.attributeName())) {
                    return direction;
                }
            }
        }
        return null;
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    public String attributeName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public Attribute attribute() {
        return Attribute.flag(attributeName());
    }
}
