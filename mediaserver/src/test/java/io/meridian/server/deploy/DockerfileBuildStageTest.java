package io.meridian.server.deploy;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build stage's dependency-cache layer copies only POMs and runs {@code dependency:go-offline} before the sources
 * arrive. Maven refuses to load a reactor whose root pom.xml names a module without a POM, so that layer must copy the
 * POM of every module, each to its own path, and its go-offline must be able to fail the image build instead of being
 * silenced: a module added to the reactor but not to the Dockerfile used to make it fail on every build, unnoticed.
 */
class DockerfileBuildStageTest {

    @Test
    void theDependencyLayerCopiesThePomOfEveryReactorModuleBeforeGoOffline() throws Exception {
        List<String> instructions = DockerImageFiles.instructions();
        int goOffline = goOfflineIndex(instructions);
        Set<String> copied = new TreeSet<>();
        for (String instruction : instructions.subList(0, goOffline)) {
            copied.addAll(pomsCopiedInPlace(instruction));
        }
        Set<String> expected = new TreeSet<>();
        expected.add("pom.xml");
        List<String> modules = reactorModules();
        assertFalse(modules.isEmpty(), "the root pom.xml lists no <module>");
        for (String module : modules) {
            expected.add(module + "/pom.xml");
        }
        assertEquals(expected, copied, "POMs the Dockerfile copies to their own path before go-offline, against "
                + "the root pom.xml and its <modules>");
    }

    @Test
    void goOfflineFailuresFailTheImageBuild() throws IOException {
        List<String> instructions = DockerImageFiles.instructions();
        String run = instructions.get(goOfflineIndex(instructions));
        assertFalse(run.contains("||"), "go-offline must not be silenced: " + run);
    }

    private static int goOfflineIndex(List<String> instructions) {
        for (int i = 0; i < instructions.size(); i++) {
            String instruction = instructions.get(i);
            if (instruction.startsWith("RUN ") && instruction.contains("dependency:go-offline")) {
                return i;
            }
        }
        throw new AssertionError("no RUN of dependency:go-offline in\n" + String.join("\n", instructions));
    }

    /**
     * The pom.xml files a {@code COPY [--flag...] src... dest} puts at the same path in the image's working directory
     * as in the build context, e.g. {@code rtp-core/pom.xml} for {@code COPY rtp-core/pom.xml rtp-core/}. A POM
     * copied elsewhere is left out, so the comparison with the reactor fails on it.
     */
    private static List<String> pomsCopiedInPlace(String instruction) {
        List<String> words = new ArrayList<>(Arrays.asList(instruction.split("\\s+")));
        if (!words.get(0).equalsIgnoreCase("COPY")) {
            return List.of();
        }
        words.remove(0);
        words.removeIf(word -> word.startsWith("--"));
        if (words.size() < 2) {
            return List.of();
        }
        String dest = stripDotSlash(words.remove(words.size() - 1));
        String destDir = dest.equals(".") ? "" : dest;
        List<String> poms = new ArrayList<>();
        for (String source : words) {
            String path = stripDotSlash(source);
            if (!path.equals("pom.xml") && !path.endsWith("/pom.xml")) {
                continue;
            }
            String target = destDir.isEmpty() || destDir.endsWith("/") ? destDir + "pom.xml" : dest;
            if (target.equals(path)) {
                poms.add(path);
            }
        }
        return poms;
    }

    private static String stripDotSlash(String path) {
        return path.startsWith("./") ? path.substring(2) : path;
    }

    /** The {@code <modules>} of the root pom.xml's project (not of any profile). */
    private static List<String> reactorModules() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(DockerImageFiles.ROOT.resolve("pom.xml").toFile()).getDocumentElement();
        List<String> modules = new ArrayList<>();
        for (Element list : children(project, "modules")) {
            for (Element module : children(list, "module")) {
                modules.add(module.getTextContent().strip());
            }
        }
        return modules;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                children.add(element);
            }
        }
        return children;
    }
}
