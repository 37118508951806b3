package io.meridian.server;

import io.meridian.server.config.ConfigLoader;
import io.meridian.server.config.MeridianConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The namespace node's configuration: the dev node's, bound to the namespace's address and nothing else changed. */
class NamespaceNodeMainTest {
    @Test
    void onlyTheAddressesChange() throws Exception {
        MeridianConfig dev = ConfigLoader.load(List.of("--dev", "--http-port", "0", "--media-port", "0"), Map.of());

        MeridianConfig bound = NamespaceNodeMain.boundTo(dev, "10.231.7.2");

        assertEquals("10.231.7.2", bound.httpHost());
        assertEquals("10.231.7.2", bound.mediaHost());
        assertEquals(List.of("10.231.7.2"), bound.publicAddresses());
        Set<String> changed = Set.of("httpHost", "mediaHost", "publicAddresses");
        for (RecordComponent c : MeridianConfig.class.getRecordComponents()) {
            if (!changed.contains(c.getName())) {
                assertEquals(c.getAccessor().invoke(dev), c.getAccessor().invoke(bound), c.getName());
            }
        }
    }
}
