package io.meridian.netlab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab itself, without a browser: a namespace reaches the hub address, loss rules drop what they count and only
 * that, a rate limit is installed and removed, and closing leaves nothing behind. Runs where the suite runs (root,
 * inside {@code unshare --net}); fails, never skips, when a tool is missing.
 */
class NetworkLabTest {
    private static final int DATAGRAMS = 200;

    @Test
    void aShapedNamespaceReachesTheHubAndIsGoneAfterClose() throws Exception {
        List<String> missing = NetworkLab.missing(true);
        assertTrue(missing.isEmpty(), "the lab needs " + missing + "; run scripts/install-test-deps.sh as root");
        String nsName;
        String hubInterface;
        String hubAddress;
        try (NetworkLab lab = NetworkLab.create("nt");
             DatagramSocket hub = new DatagramSocket(new InetSocketAddress(lab.hubAddress(), 0))) {
            hubAddress = lab.hubAddress();
            Namespace ns = lab.addNamespace("sender");
            nsName = ns.name();
            hubInterface = ns.hubInterfaceName();
            Link link = ns.link();

            // Up: of DATAGRAMS sent from inside, each is either dropped by the rule (and counted) or delivered.
            link.loss(Direction.UP, 50);
            Commands.run(ns.exec(List.of("bash", "-c", "for i in $(seq " + DATAGRAMS + "); do echo $i > /dev/udp/"
                    + hubAddress + "/" + hub.getLocalPort() + "; done")));
            int received = drain(hub);
            long dropped = link.dropped(Direction.UP);
            assertEquals(DATAGRAMS, received + dropped, "received " + received + " + dropped " + dropped + "\n"
                    + link.describe());
            assertTrue(received > 0 && dropped > 0, "half are dropped: received " + received + ", dropped "
                    + dropped);
            link.loss(Direction.UP, 0);
            Commands.run(ns.exec(List.of("bash", "-c", "echo after > /dev/udp/" + hubAddress + "/"
                    + hub.getLocalPort())));
            assertEquals(1, drain(hub), "no loss once it is set to 0 %");
            assertEquals(dropped, link.dropped(Direction.UP), "the count survives replacing the rule");

            // Down: what the hub sends into the namespace is dropped at its input.
            link.loss(Direction.DOWN, 50);
            InetSocketAddress inside = new InetSocketAddress(InetAddress.getByName(ns.address()), 9);
            for (int i = 0; i < DATAGRAMS; i++) {
                hub.send(new DatagramPacket(new byte[] {1}, 1, inside));
            }
            long droppedDown = link.dropped(Direction.DOWN);
            assertTrue(droppedDown > 0 && droppedDown < DATAGRAMS, "about half dropped: " + droppedDown);

            link.rate(Direction.UP, 1000);
            link.rate(Direction.DOWN, 2000);
            String shaped = link.describe();
            assertTrue(shaped.contains("tbf") && shaped.contains("rate 1Mbit") && shaped.contains("rate 2Mbit"),
                    shaped);
            // A download into the namespace moves bytes through the limited link; closing it stops its reader.
            try (Download download = lab.startDownload(ns)) {
                long deadline = System.nanoTime() + Commands.TIMEOUT.toNanos();
                while (download.bytesSent() == 0 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(50);
                }
                assertTrue(download.bytesSent() > 0, "the download sent nothing");
            }
            assertEquals("", Commands.run("ip", "netns", "pids", ns.name()).trim(), "processes left in " + ns);
            link.clear();
            String cleared = link.describe();
            assertFalse(cleared.contains("tbf") || cleared.contains("numgen"), cleared);
        }
        assertFalse(Commands.run("ip", "netns", "list").contains(nsName), "namespace " + nsName + " left");
        assertFalse(Commands.run("ip", "-o", "link", "show").contains(hubInterface), "pair " + hubInterface + " left");
        assertFalse(Commands.run("ip", "-4", "-o", "addr", "show", "dev", "lo").contains(hubAddress + "/"),
                "hub address " + hubAddress + " left on lo");
    }

    /** Datagrams waiting on {@code socket}: it is read until nothing more arrives for a while. */
    private static int drain(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(300);
        byte[] buffer = new byte[64];
        int count = 0;
        while (true) {
            try {
                socket.receive(new DatagramPacket(buffer, buffer.length));
                count++;
            } catch (SocketTimeoutException e) {
                return count;
            }
        }
    }
}
