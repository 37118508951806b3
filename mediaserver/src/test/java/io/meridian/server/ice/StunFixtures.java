package io.meridian.server.ice;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.meridian.client.ShortTermCredential;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.ice4j.StunException;
import org.ice4j.message.Message;

/** Credentials, lookups and RFC 5769 vectors shared by the STUN tests. */
final class StunFixtures {

    static final String SERVER_UFRAG = "srvU";
    static final String SERVER_PWD = "serverPasswordOf22Chars";
    static final String CLIENT_UFRAG = "cliU";
    static final Object OWNER = new Object();
    static final IceCredentials CREDENTIALS = new IceCredentials(SERVER_UFRAG, SERVER_PWD, CLIENT_UFRAG, OWNER);

    /** RFC 5769 §2.1 sample request: USERNAME "evtj:h6vY", password "VOkJxbRl1RmTxUk/WvJxBt", ICE-CONTROLLED. */
    static final byte[] RFC5769_REQUEST = HexFormat.of().parseHex(
            "000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e207465737420636c69656e74"
            + "002400046e0001ff"
            + "80290008932ff9b151263b36"
            + "000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004e57a3bcf");

    /** RFC 5769 §2.2 sample IPv4 response: XOR-MAPPED-ADDRESS 192.0.2.1:32853, same password. */
    static final byte[] RFC5769_IPV4_RESPONSE = HexFormat.of().parseHex(
            "0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000080001a147e112a643"
            + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004c07d4c96");

    static final byte[] RFC5769_TRANSACTION_ID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");
    static final String RFC5769_PWD = "VOkJxbRl1RmTxUk/WvJxBt";

    private StunFixtures() {
    }

    static IceCredentialLookup lookupOf(IceCredentials... credentials) {
        Map<String, IceCredentials> byUfrag = new HashMap<>();
        for (IceCredentials c : credentials) {
            byUfrag.put(c.localUfrag(), c);
        }
        return byUfrag::get;
    }

    static Message decode(byte[] bytes) {
        assertNotNull(bytes, "expected a response");
        try {
            return Message.decode(bytes, 0, bytes.length);
        } catch (StunException e) {
            throw new AssertionError("response does not decode", e);
        }
    }

    /** Signs and verifies with {@code pwd} for {@code ufrag}, in either direction, as a test-side ice4j stack. */
    static StunIntegrity integrityFor(String ufrag, String pwd) {
        return new StunIntegrity(new ShortTermCredential(ufrag, pwd));
    }
}
