package io.meridian.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part shared by the session level and each media description (RFC 8866 §5): its non-attribute lines and its
 * attributes, in their original order, with lookups by attribute name.
 *
 * @param <S> the concrete section, so the adders chain
 */
abstract class DescriptionSection<S extends DescriptionSection<S>> {
    private final List<String> fields = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();

    abstract S self();

    /** Non-attribute lines ({@code v=}, {@code o=}, {@code c=}, {@code b=}, ...), written with their type letter. */
    public List<String> fields() {
        return fields;
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    public S field(String line) {
        fields.add(line);
        return self();
    }

    public S add(Attribute attribute) {
        attributes.add(attribute);
        return self();
    }

    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(a -> a.value() == null ? "" : a.value())
                .findFirst();
    }

    public List<String> attributeValues(String name) {
        return attributes.stream().filter(a -> a.name().equals(name) && a.value() != null).map(Attribute::value)
                .toList();
    }

    public boolean hasAttribute(String name) {
        return attributes.stream().anyMatch(a -> a.name().equals(name));
    }
}
