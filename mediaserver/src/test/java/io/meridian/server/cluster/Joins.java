package io.meridian.server.cluster;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.client.ApiClient;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.srtp.DtlsCertificate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP-only joins (a valid offer, no ICE or DTLS afterwards) and what their answers say. */
final class Joins {
    private static final Pattern HOST_CANDIDATE =
            Pattern.compile("a=candidate:\\S+ 1 (?i:udp) \\d+ (\\S+) (\\d+) typ host");
    /** The offers' fingerprint; nobody ever runs DTLS with it. */
    private static final String FINGERPRINT = DtlsCertificate.generate().fingerprintSha256();

    private Joins() {
    }

    /** POST of a join through {@code api}; {@code region} may be null. */
    static ApiClient.Reply join(ApiClient api, String conferenceId, String region, String label) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("sdp", PeerSdp.joinOffer(PeerIdentity.random(label), FINGERPRINT));
        if (region != null) {
            body.put("region", region);
        }
        return api.post("/v1/conferences/" + conferenceId + "/participants", "application/json", body.toString());
    }

    /** The port of the answer's UDP host candidate. */
    static int candidatePort(String answerSdp) {
        Matcher m = HOST_CANDIDATE.matcher(answerSdp);
        if (!m.find()) {
            throw new AssertionError("no UDP host candidate in\n" + answerSdp);
        }
        return Integer.parseInt(m.group(2));
    }

    static String participantPath(ApiClient.Reply joined) {
        return "/v1/conferences/" + joined.json().path("conferenceId").asText() + "/participants/"
                + joined.json().path("participantId").asText();
    }
}
