package io.meridian.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a client's answer against the server offer it answers (RFC 8829 §5.10 rules, as they apply to a remote
 * answer) without changing any state. The SFU supports neither ICE restarts nor a new DTLS association, so the
 * answer must keep the client's ICE credentials and fingerprint, and the DTLS client role ({@code active}).
 */
final class AnswerCheck {
    /** Indexes of offered m-lines the answer rejected (port 0), and of those it accepted without receiving. */
    record Outcome(List<Integer> rejected, List<Integer> notReceiving) {
    }

    private AnswerCheck() {
    }

    static Outcome check(SessionDescription answer, List<DescriptionWriter.Section> offered, IceParameters ice,
            Fingerprint fingerprint) throws SdpException {
        if (answer.media().size() != offered.size()) {
            throw unexpected("it has " + answer.media().size() + " m-lines for an offer with " + offered.size());
        }
        List<Integer> rejected = new ArrayList<>();
        List<Integer> notReceiving = new ArrayList<>();
        List<String> bundle = BundleGroup.mids(answer);
        MediaDescription tag = null;
        boolean acceptedBundleOnly = false;
        for (int i = 0; i < offered.size(); i++) {
            DescriptionWriter.Section section = offered.get(i);
            MediaDescription media = answer.media().get(i);
            if (!media.kind().equals(section.kind())) {
                throw unexpected("m-line " + i + " is " + media.kind() + " but was offered as " + section.kind());
            }
            // RFC 8843 §7.3: port 0 with a=bundle-only accepts the m-line into the BUNDLE group.
            boolean bundleOnly = BundleGroup.isBundleOnly(media, bundle);
            if (media.port() == 0 && !bundleOnly) {
                if (!section.rejected()) {
                    rejected.add(i);
                }
                continue;
            }
            if (section.rejected()) {
                throw unexpected("it accepts m-line " + i + ", which the offer rejected");
            }
            if (!media.mid().orElse("").equals(section.mid())) {
                throw unexpected("m-line " + i + " has mid " + media.mid().orElse("(none)") + ", expected " + section.mid());
            }
            checkDirection(i, section.direction(), Direction.find(media.attributes()));
            checkFormats(i, section, media);
            Direction answered = Direction.find(media.attributes());
            if (section.direction().sends() && answered != null && !answered.receives()) {
                notReceiving.add(i);
            }
            // RFC 8843 §7.1.3: transport attributes are those of the tagged m-line, never a bundle-only one.
            if (tag == null && !bundleOnly) {
                tag = media;
            }
            acceptedBundleOnly |= bundleOnly;
        }
        if (tag != null) {
            checkTransport(answer, tag, ice, fingerprint);
        } else if (acceptedBundleOnly) {
            throw unexpected("its bundle-only m-lines have no tagged m-line whose transport they share");
        }
        return new Outcome(rejected, notReceiving);
    }

    /** RFC 8829 §5.3.1: the answer may only narrow the offered direction, seen from its own side. */
    private static void checkDirection(int index, Direction offered, Direction answered) throws SdpException {
        Direction direction = answered == null ? Direction.SENDRECV : answered;
        if ((direction.sends() && !offered.receives()) || (direction.receives() && !offered.sends())) {
            throw unexpected("m-line " + index + " answers " + direction.attributeName() + " to "
                    + offered.attributeName());
        }
    }

    /** RFC 3264 §6.1: an answer lists a subset of the offered payload types, and at least one of them. */
    private static void checkFormats(int index, DescriptionWriter.Section section, MediaDescription media)
            throws SdpException {
        Set<String> offeredFormats = new HashSet<>();
        section.codecs().forEach(c -> offeredFormats.addAll(c.formats()));
        if (media.formats().isEmpty() || !offeredFormats.containsAll(media.formats())) {
            throw unexpected("m-line " + index + " answers payload types " + media.formats()
                    + " but only " + offeredFormats + " were offered");
        }
    }

    private static void checkTransport(SessionDescription answer, MediaDescription tag, IceParameters ice,
            Fingerprint fingerprint) throws SdpException {
        String ufrag = tag.attribute("ice-ufrag").or(() -> answer.attribute("ice-ufrag")).orElse("");
        String pwd = tag.attribute("ice-pwd").or(() -> answer.attribute("ice-pwd")).orElse("");
        if (!ufrag.equals(ice.ufrag()) || !pwd.equals(ice.pwd())) {
            throw unexpected("it changes the ICE credentials; ICE restarts are not supported");
        }
        List<String> fingerprints = tag.attributeValues("fingerprint");
        if (fingerprints.isEmpty()) {
            fingerprints = answer.attributeValues("fingerprint");
        }
        boolean same = fingerprints.stream().map(Fingerprint::parse).anyMatch(fingerprint::equals);
        if (!same) {
            throw unexpected("its DTLS fingerprint differs from the one negotiated when joining");
        }
        String setup = tag.attribute("setup").or(() -> answer.attribute("setup")).orElse("").trim();
        if (!setup.equals("active")) {
            throw unexpected("it has a=setup:" + setup + "; the client must stay the DTLS client (RFC 8842 §5.3)");
        }
    }

    private static SdpException unexpected(String why) {
        return new SdpException("unexpected_answer", "The answer does not fit the server offer: " + why + ".");
    }
}
