package io.meridian.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a {@link MeridianConfig} from, in increasing precedence: defaults, a properties file ({@code --config FILE}
 * or {@code MERIDIAN_CONFIG}), environment variables and command-line flags. Unknown keys, flags and
 * {@code MERIDIAN_*} variables are rejected with the offending name, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    /** Short flags the launcher documents; each maps to a setting. */
    private static final Map<String, Setting> ALIASES = Map.of(
            "--public-address", Setting.PUBLIC_ADDRESS,
            "--redis-url", Setting.CLUSTER_REDIS_URL,
            "--dev", Setting.DEV);
    private static final String CONFIG_FLAG = "--config";
    private static final String CONFIG_ENV = "MERIDIAN_CONFIG";

    private ConfigLoader() {
    }

    public static MeridianConfig load(List<String> args, Map<String, String> env) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, String> fromArgs = parseArgs(args);
        String file = configFile(args, env);
        if (file != null) {
            values.putAll(readFile(Path.of(file)));
        }
        values.putAll(readEnv(env));
        values.putAll(fromArgs);
        return MeridianConfig.from(values);
    }

    private static String configFile(List<String> args, Map<String, String> env) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(CONFIG_FLAG)) {
                if (i + 1 >= args.size()) {
                    throw new ConfigException(CONFIG_FLAG + " needs a file name");
                }
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(CONFIG_FLAG + "=")) {
                return args.get(i).substring(CONFIG_FLAG.length() + 1);
            }
        }
        return env.get(CONFIG_ENV);
    }

    private static Map<Setting, String> parseArgs(List<String> args) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals(CONFIG_FLAG)) {
                if (value == null) {
                    i++;
                }
                continue;
            }
            Setting setting = flagSetting(name);
            if (setting == null) {
                throw new ConfigException("Unknown option '" + arg + "'. Options: " + knownFlags());
            }
            if (value == null) {
                boolean isBoolean = setting == Setting.DEV || setting == Setting.DEMO_PAGE;
                // A boolean flag alone means true; "--dev false" still works.
                if (isBoolean && (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))) {
                    value = "true";
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new ConfigException("Option " + name + " needs a value");
                }
            }
            values.put(setting, value);
        }
        return values;
    }

    private static Setting flagSetting(String flag) {
        Setting alias = ALIASES.get(flag);
        if (alias != null) {
            return alias;
        }
        for (Setting s : Setting.values()) {
            if (s.flag().equals(flag)) {
                return s;
            }
        }
        return null;
    }

    private static String knownFlags() {
        StringBuilder sb = new StringBuilder(CONFIG_FLAG);
        for (Setting s : Setting.values()) {
            sb.append(", ").append(s.flag());
        }
        return sb.append(", --public-address, --redis-url").toString();
    }

    private static Map<Setting, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (String key : props.stringPropertyNames()) {
            Setting setting = Setting.byKey(key);
            if (setting == null) {
                throw new ConfigException("Unknown key '" + key + "' in " + file);
            }
            values.put(setting, props.getProperty(key).trim());
        }
        return values;
    }

    private static Map<Setting, String> readEnv(Map<String, String> env) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith("MERIDIAN_") || e.getKey().equals(CONFIG_ENV)) {
                continue;
            }
            Setting match = null;
            for (Setting s : Setting.values()) {
                if (s.environmentVariable().equals(e.getKey())) {
                    match = s;
                }
            }
            if (match == null) {
                throw new ConfigException("Unknown environment variable " + e.getKey());
            }
            values.put(match, e.getValue());
        }
        return values;
    }
}
