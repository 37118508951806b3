package io.meridian.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @Test
    void devBindsLoopbackWithDefaults() {
        MeridianConfig c = ConfigLoader.load(List.of("--dev"), Map.of());
        assertTrue(c.dev());
        assertEquals("127.0.0.1", c.httpHost());
        assertEquals("127.0.0.1", c.mediaHost());
        assertEquals(8080, c.httpPort());
        assertEquals(10000, c.mediaPort());
        assertEquals(List.of("127.0.0.1"), c.publicAddresses());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "http.port=1111\nmedia.port=2222\nregion=from-file\n");
        MeridianConfig c = ConfigLoader.load(List.of("--config", file.toString(), "--dev", "--http-port", "3333"),
                Map.of("MERIDIAN_MEDIA_PORT", "4444"));
        assertEquals(3333, c.httpPort());
        assertEquals(4444, c.mediaPort());
        assertEquals("from-file", c.region());
    }

    @Test
    void congestionControlSettings() {
        MeridianConfig defaults = ConfigLoader.load(List.of("--dev"), Map.of());
        assertEquals(io.meridian.router.cc.CongestionSettings.DEFAULTS, defaults.congestion());
        MeridianConfig c = ConfigLoader.load(List.of("--dev", "--cc-feedback-ms", "100", "--cc-probing", "false"),
                Map.of("MERIDIAN_CC_TRANSPORT_CC", "false", "MERIDIAN_CC_PROBE_MAX_KBPS", "2500"));
        assertEquals(new io.meridian.router.cc.CongestionSettings(false, 100_000_000L, false, 2_500_000L),
                c.congestion());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(List.of("--dev", "--cc-feedback-ms", "5"), Map.of()));
        assertTrue(e.getMessage().contains("cc.feedback-ms"), e.getMessage());
    }

    @Test
    void unknownNamesAreRejectedByName(@TempDir Path dir) throws Exception {
        ConfigException flag = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(List.of("--dev", "--http-prot", "1"), Map.of()));
        assertTrue(flag.getMessage().contains("--http-prot"), flag.getMessage());
        ConfigException env = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(List.of("--dev"), Map.of("MERIDIAN_HTTP_PROT", "1")));
        assertTrue(env.getMessage().contains("MERIDIAN_HTTP_PROT"), env.getMessage());
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "media.prot=1\n");
        ConfigException key = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(List.of("--config", file.toString()), Map.of()));
        assertTrue(key.getMessage().contains("media.prot"), key.getMessage());
    }

    @Test
    void badValuesNameTheSetting() {
        ConfigException port = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(List.of("--dev", "--media-port", "70000"), Map.of()));
        assertTrue(port.getMessage().contains("media.port"), port.getMessage());
        ConfigException wildcard = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(List.of("--media-host", "0.0.0.0"), Map.of()));
        assertTrue(wildcard.getMessage().contains("media.public-address"), wildcard.getMessage());
        ConfigException devPublic = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(List.of("--dev", "--http-host", "0.0.0.0"), Map.of()));
        assertTrue(devPublic.getMessage().contains("loopback"), devPublic.getMessage());
    }

    @Test
    void publicAddressAliasAndList() {
        MeridianConfig c = ConfigLoader.load(List.of("--media-host", "0.0.0.0", "--public-address",
                "203.0.113.7, 2001:db8::1"), Map.of("MERIDIAN_AUTH_SECRET", "0123456789abcdef0123456789abcdef"));
        assertEquals(List.of("203.0.113.7", "2001:db8:0:0:0:0:0:1"), c.publicAddresses());
    }

    @Test
    void productionModeRefusesToStartWithoutAStrongSecret() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(List.of("--http-host", "127.0.0.1", "--media-host", "127.0.0.1"), Map.of()));
        assertTrue(missing.getMessage().contains("auth.secret"), missing.getMessage());
        ConfigException weak = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(List.of("--dev", "--auth-secret", "short"), Map.of()));
        assertTrue(weak.getMessage().contains("32 bytes"), weak.getMessage());
        assertTrue(!ConfigLoader.load(List.of("--dev"), Map.of()).authRequired());
    }

    @Test
    void readmeDocumentsEverySetting() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (Setting s : Setting.values()) {
            assertTrue(readme.contains("`" + s.key() + "`"), "README lacks key " + s.key());
            assertTrue(readme.contains(s.environmentVariable()), "README lacks " + s.environmentVariable());
        }
    }
}
