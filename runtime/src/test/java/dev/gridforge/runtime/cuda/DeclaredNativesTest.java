package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The runtime's pom is what a Gradle build reads. JCuda's pom names its natives with a classifier
 * only Maven's OS-activated profiles define, which Gradle cannot resolve; so the runtime's pom must
 * cut that edge and name the natives itself, with a literal classifier.
 */
class DeclaredNativesTest {

    private static final Path POM = Path.of(System.getProperty("basedir", "."), "pom.xml");

    @Test
    void theRuntimePomExcludesJCudasPlatformChosenNativesAndNamesLinuxX8664() throws Exception {
        List<Element> dependencies = dependencies();
        Element jcuda = only(dependencies, "jcuda");
        List<String> excluded = new ArrayList<>();
        for (Element exclusion : children(jcuda, "exclusions", "exclusion")) {
            excluded.add(text(exclusion, "groupId") + ":" + text(exclusion, "artifactId"));
        }
        assertTrue(excluded.contains("org.jcuda:jcuda-natives"),
                "org.jcuda:jcuda must exclude org.jcuda:jcuda-natives, whose classifier ${jcuda.os}-${jcuda.arch} "
                        + "Gradle cannot resolve; excluded: " + excluded);
        Element natives = only(dependencies, "jcuda-natives");
        assertEquals("linux-x86_64", text(natives, "classifier"));
        String scope = text(natives, "scope");
        assertTrue(scope.isEmpty() || scope.equals("compile") || scope.equals("runtime"),
                "the natives must reach users' run-time class path, not scope " + scope);
    }

    @Test
    void theNativesJarIsOnTheClassPathOnce() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString())
                .filter(name -> name.startsWith("jcuda-natives-"))
                .toList();
        assertEquals(1, jars.size(), "jcuda-natives jars on the test class path: " + jars);
        assertTrue(jars.get(0).endsWith("-linux-x86_64.jar"), jars.get(0));
    }

    private static List<Element> dependencies() throws Exception {
        assertTrue(Files.isRegularFile(POM), POM + " (the runtime module's pom) not found");
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(POM.toFile()).getDocumentElement();
        return children(project, "dependencies", "dependency");
    }

    private static Element only(List<Element> dependencies, String artifactId) {
        List<Element> found = dependencies.stream()
                .filter(d -> text(d, "groupId").equals("org.jcuda") && text(d, "artifactId").equals(artifactId))
                .toList();
        assertEquals(1, found.size(), "dependencies on org.jcuda:" + artifactId + " in " + POM);
        assertFalse(text(found.get(0), "classifier").contains("${"), "a classifier made of properties");
        return found.get(0);
    }

    /** The elements {@code grandchild} under the direct child {@code child} of {@code parent}. */
    private static List<Element> children(Element parent, String child, String grandchild) {
        List<Element> out = new ArrayList<>();
        for (Element c : direct(parent, child)) {
            out.addAll(direct(c, grandchild));
        }
        return out;
    }

    private static List<Element> direct(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> found = direct(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
    }
}
