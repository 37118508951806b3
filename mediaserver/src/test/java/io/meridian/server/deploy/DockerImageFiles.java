package io.meridian.server.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The repository's docker/ files, read the way the tests need them: the Dockerfile's instructions and ENV. */
final class DockerImageFiles {
    /** The repository root: surefire runs in the mediaserver module's directory. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DOCKERFILE = ROOT.resolve("docker/Dockerfile");
    static final Path ENTRYPOINT = ROOT.resolve("docker/entrypoint.sh");
    static final Path HEALTHCHECK = ROOT.resolve("docker/healthcheck.sh");

    private DockerImageFiles() {
    }

    /** The Dockerfile's instructions of every stage, continuation lines joined, comments dropped. */
    static List<String> instructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString().strip());
            current.setLength(0);
        }
        return instructions;
    }

    /** The instructions of the last stage only, its FROM first. */
    static List<String> runtimeInstructions() throws IOException {
        List<String> instructions = instructions();
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).regionMatches(true, 0, "FROM ", 0, 5)) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    /**
     * The environment the image sets: every {@code ENV KEY=VALUE [KEY=VALUE...]} of the runtime stage. Values are
     * kept simple on purpose (no quotes, no spaces, no variable references), and this fails on anything else so the
     * test never runs with an environment different from the image's.
     */
    static Map<String, String> imageEnvironment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : runtimeInstructions()) {
            if (!instruction.regionMatches(true, 0, "ENV ", 0, 4)) {
                continue;
            }
            for (String pair : instruction.substring(4).strip().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || pair.contains("\"") || pair.contains("'") || pair.contains("$")) {
                    throw new AssertionError("the Dockerfile's '" + instruction
                            + "' is not of the plain form ENV KEY=VALUE that this test reads");
                }
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return env;
    }
}
