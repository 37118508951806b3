package io.meridian.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error code the node can send is snake_case (API.md), checked where codes are written rather than by
 * provoking each refusal: every code given to {@code ApiException} (and its factories), {@code SdpException} or an
 * events-socket error in the main sources of every module is a string literal in snake_case, or passes on another
 * exception's code. A code built at run time ({@code "invalid_" + field} once sent {@code invalid_displayName}) fails
 * here. The codes the OpenAPI document lists must be spelt the same way and be ones the sources send.
 */
class ErrorCodeSpellingTest {
    /** The repository root: surefire runs in the mediaserver module's directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** A call that takes an error code, up to its first argument (the code) and the comma after it. */
    private static final Pattern CODE_ARGUMENT = Pattern.compile(
            "(?:new ApiException\\([^,;]+,|\\bbadRequest\\(|\\bnotFound\\(|\\bunauthorized\\("
                    + "|new SdpException\\(|SignalMessage\\.error\\()\\s*([^,;]*?)\\s*,");
    private static final Pattern LITERAL = Pattern.compile("\"([^\"\\\\]*)\"");
    /** Passing on a code that was checked where it was written: a factory's parameter, another error's code. */
    private static final Pattern PASSED_ON = Pattern.compile("(?:String )?code|\\w+\\.code\\(\\)");
    private static final Pattern DOCUMENTED = Pattern.compile("Codes?: (.*)");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    @Test
    void everyCodeInTheSourcesIsASnakeCaseLiteral() throws IOException {
        List<String> offending = new ArrayList<>();
        Set<String> codes = sourceCodes(offending);
        assertEquals(List.of(), offending, "codes must be snake_case string literals ([a-z0-9_]+)");
        // The scan saw the codes it is meant to see, so a pattern that matches nothing cannot pass.
        assertTrue(codes.containsAll(Set.of("invalid_id", "missing_fingerprint", "invalid_message", "not_found",
                "missing_token", "invalid_display_name", "invalid_uri", "uri_too_long")), codes.toString());
    }

    @Test
    void theOpenApiDocumentListsOnlyCodesTheNodeSends() throws IOException {
        JsonNode document = new ObjectMapper().readTree(
                ROOT.resolve("conference-api/src/main/resources/openapi.json").toFile());
        assertEquals("^[a-z0-9_]+$", document.at("/components/schemas/Error/properties/error/properties/code/pattern")
                .asText(), "the Error schema states the spelling");
        Set<String> documented = new TreeSet<>();
        collectDocumentedCodes(document, documented);
        assertTrue(documented.size() > 10, documented.toString());
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(sourceCodes(new ArrayList<>()));
        assertEquals(Set.of(), unknown, "openapi.json lists codes that no source sends (or misspells them)");
    }

    /** The literal codes of every module's main sources; every other code argument goes to {@code offending}. */
    private static Set<String> sourceCodes(List<String> offending) throws IOException {
        Set<String> codes = new TreeSet<>();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        assertTrue(sources.size() > 100, "the modules' sources were found under " + ROOT);
        for (Path source : sources) {
            Matcher call = CODE_ARGUMENT.matcher(Files.readString(source));
            while (call.find()) {
                String argument = call.group(1);
                Matcher literal = LITERAL.matcher(argument);
                if (literal.matches() && ErrorReplies.SNAKE_CASE.matcher(literal.group(1)).matches()) {
                    codes.add(literal.group(1));
                } else if (!PASSED_ON.matcher(argument).matches()) {
                    offending.add(ROOT.relativize(source) + ": " + argument);
                }
            }
        }
        return codes;
    }

    private static void collectDocumentedCodes(JsonNode node, Set<String> codes) {
        if (node.isTextual()) {
            Matcher listed = DOCUMENTED.matcher(node.asText());
            if (listed.find()) {
                Matcher code = BACKTICKED.matcher(listed.group(1));
                while (code.find()) {
                    codes.add(code.group(1));
                }
            }
        }
        node.forEach(child -> collectDocumentedCodes(child, codes));
    }
}
