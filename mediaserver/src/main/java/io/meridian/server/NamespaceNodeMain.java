package io.meridian.server;

import io.meridian.server.config.ConfigLoader;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.logging.LogSetup;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * The Meridian node of the bench's side-by-side run ({@code ./meridian bench --target both}), started by the load
 * generator's ServerProcess from meridian.jar inside a network namespace the bench made:
 * {@code java -cp meridian.jar io.meridian.server.NamespaceNodeMain ADDRESS}. It is the node of {@code serve --dev}
 * (no API tokens: the synthetic participants send none), except that the API and the media socket bind ADDRESS,
 * the namespace's end of the veth pair, and the host candidates announce it. {@code --dev} itself refuses any non-loopback address (tokenless
 * access is for loopback only); a namespace only this machine's root can reach, made and removed by the bench, is
 * as private, and is what lets Meridian be measured exactly like Janus, which cannot run on loopback.
 */
public final class NamespaceNodeMain {
    private NamespaceNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: NamespaceNodeMain ADDRESS [node options]");
            System.exit(2);
        }
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        List<String> options = new java.util.ArrayList<>(List.of("--dev", "--http-port", "0", "--media-port", "0",
                "--log-level", "info"));
        options.addAll(List.of(args).subList(1, args.length));
        MeridianConfig dev = ConfigLoader.load(options, Map.of());
        MeridianConfig config = boundTo(dev, args[0]);
        LogSetup.configure(config.logFormat(), config.logLevel());
        MeridianServer server = MeridianServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "meridian-node-close"));
        // The same ready line as Main's, which the bench's ServerProcess waits for.
        System.out.printf("Meridian node (bench namespace) ready: http://%s:%d/  media udp/%d, candidates %s%n",
                args[0], server.httpPort(), server.mediaPort(), config.publicAddresses());
        System.out.flush();
        Thread.currentThread().join();
    }

    /**
     * {@code config} with httpHost, mediaHost and publicAddresses replaced, every other component as it is: the
     * record is copied component by component, so settings added to it later carry over without a change here. Also
     * how the real-network tests bind an in-process dev node to their lab's address.
     */
    public static MeridianConfig boundTo(MeridianConfig config, String address) throws ReflectiveOperationException {
        RecordComponent[] components = MeridianConfig.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = switch (components[i].getName()) {
                case "httpHost", "mediaHost" -> address;
                case "publicAddresses" -> List.of(address);
                default -> components[i].getAccessor().invoke(config);
            };
        }
        Constructor<MeridianConfig> canonical = MeridianConfig.class.getDeclaredConstructor(types);
        return canonical.newInstance(values);
    }
}
