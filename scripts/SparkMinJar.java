import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cuts spark-min.jar for the GPU machine's kit (scripts/devkit.sh, docs/gpu-checks.md) from Spark's jars, taken in
 * class path order: the classes named in scripts/spark-classes.txt (what scripts/record-spark-classes.sh saw loaded),
 * the nested classes of those under the --nested prefixes (a margin: Spark's messages and events on paths the
 * recording did not take), and every other file of each jar that gave at least one class (and of each jar of native
 * libraries only whose Linux x86-64 library a class taken names), except
 * <ul>
 *   <li>native libraries for other platforms than Linux x86-64;</li>
 *   <li>signatures (*.SF, *.RSA, *.DSA, *.EC: they would not match this jar), manifests, INDEX.LIST, module-info.</li>
 * </ul>
 * Files that several jars hold: META-INF/services/* and META-INF/io.netty.versions.properties are concatenated, log4j's
 * plugin index (Log4j2Plugins.dat) merged as log4j merges the indexes it finds, anything else is the first jar's.
 * A class of a multi-release jar comes with its META-INF/versions copies (the jar is then multi-release).
 *
 * <p>{@code java scripts/SparkMinJar.java [--nested PREFIX]... CLASSES.txt OUT.jar JAR...}
 */
public final class SparkMinJar {
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/\\d+/(.*)");
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib)$");
    private static final Pattern DROPPED = Pattern.compile(
            "META-INF/[^/]*\\.(SF|RSA|DSA|EC)|META-INF/MANIFEST\\.MF|META-INF/INDEX\\.LIST|(META-INF/versions/\\d+/)?module-info\\.class");
    private static final String PLUGINS = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";

    public static void main(String[] args) throws IOException {
        List<String> nested = new ArrayList<>();
        int a = 0;
        while (a + 1 < args.length && args[a].equals("--nested")) {
            nested.add(args[a + 1].replace('.', '/'));
            a += 2;
        }
        if (args.length - a < 3) {
            System.err.println("usage: java SparkMinJar.java [--nested PREFIX]... CLASSES.txt OUT.jar JAR...");
            System.exit(2);
        }
        Set<String> wanted = new HashSet<>();
        for (String line : Files.readAllLines(Path.of(args[a]))) {
            line = line.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                wanted.add(line.replace('.', '/') + ".class");
            }
        }
        Set<String> outers = new HashSet<>();
        for (String w : wanted) {
            if (nested.stream().anyMatch(w::startsWith)) {
                outers.add(w.substring(0, w.length() - ".class".length()).split("\\$", 2)[0]);
            }
        }
        Path out = Path.of(args[a + 1]);
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, ByteArrayOutputStream> appended = new LinkedHashMap<>();
        Map<String, Map<String, Plugin>> plugins = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        List<String> unused = new ArrayList<>();
        List<String> firstOnly = new ArrayList<>();
        boolean multiRelease = false;
        int classes = 0;
        int margin = 0;
        int jars = 0;
        long otherNatives = 0;
        List<Path> jarsIn = new ArrayList<>();
        for (int j = a + 2; j < args.length; j++) {
            jarsIn.add(Path.of(args[j]));
        }
        List<Path> nativeOnly = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
          for (Path jar : pass == 0 ? jarsIn : List.copyOf(nativeOnly)) {
            if (pass == 1 && !namedNative(jar, files)) {
                unused.add(jar.getFileName().toString());
                continue;
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                boolean gives = pass == 1 || zip.stream().anyMatch(e -> wanted.contains(e.getName()) && !taken.contains(e.getName()));
                if (!gives) {
                    if (zip.stream().noneMatch(e -> e.getName().endsWith(".class") && !DROPPED.matcher(e.getName()).matches())) {
                        nativeOnly.add(jar); // a native library's jar, such as netty-transport-native-epoll-...-linux-x86_64: see below
                    } else {
                        unused.add(jar.getFileName().toString());
                    }
                    continue;
                }
                jars++;
                int c = 0;
                int m = 0;
                for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                    ZipEntry z = en.nextElement();
                    String n = z.getName();
                    if (z.isDirectory() || DROPPED.matcher(n).matches()) {
                        continue;
                    }
                    Matcher v = VERSIONED.matcher(n);
                    String base = v.matches() ? v.group(1) : n;
                    if (base.endsWith(".class")) {
                        boolean listed = wanted.contains(base);
                        boolean inMargin = !listed && outers.contains(base.substring(0, base.length() - 6).split("\\$", 2)[0]);
                        if (!(listed || inMargin) || files.containsKey(n) || n.equals(base) && taken.contains(n)) {
                            continue;
                        }
                        if (n.equals(base)) {
                            taken.add(n);
                            if (listed) {
                                c++;
                            } else {
                                m++;
                            }
                        } else {
                            multiRelease = true;
                        }
                    } else if (NATIVE.matcher(n.toLowerCase(Locale.ROOT)).matches() && !linuxX86(n)) {
                        otherNatives += z.getSize();
                        continue;
                    } else if (n.startsWith("META-INF/services/") && !n.endsWith("/") || n.equals("META-INF/io.netty.versions.properties")) {
                        ByteArrayOutputStream s = appended.computeIfAbsent(n, k -> new ByteArrayOutputStream());
                        byte[] b = read(zip, z);
                        s.write(b);
                        if (b.length > 0 && b[b.length - 1] != '\n') {
                            s.write('\n');
                        }
                        continue;
                    } else if (n.equals(PLUGINS)) {
                        readPlugins(read(zip, z), plugins, jar);
                        continue;
                    } else if (files.containsKey(n)) {
                        if (!n.startsWith("META-INF/")) {
                            firstOnly.add(n + " (also in " + jar.getFileName() + ")");
                        }
                        continue;
                    }
                    files.put(n, read(zip, z));
                }
                classes += c;
                margin += m;
                System.out.printf(Locale.ROOT, "  %-56s %5d classes%s%n", jar.getFileName(), c, m > 0 ? " + " + m + " nested" : "");
            }
          }
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Created-By", "gridforge scripts/SparkMinJar.java from scripts/spark-classes.txt");
        if (multiRelease) {
            mf.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os, mf)) {
            jar.setLevel(Deflater.BEST_COMPRESSION);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                put(jar, f.getKey(), f.getValue());
            }
            for (Map.Entry<String, ByteArrayOutputStream> s : appended.entrySet()) {
                put(jar, s.getKey(), s.getValue().toByteArray());
            }
            if (!plugins.isEmpty()) {
                put(jar, PLUGINS, writePlugins(plugins));
            }
        }
        for (String d : firstOnly) {
            System.out.println("  in several jars, the first one's kept: " + d);
        }
        System.out.println("  left out, no recorded class: " + unused.size() + " jars (" + String.join(" ", unused) + ")");
        System.out.printf(Locale.ROOT, "spark-min: %d recorded classes + %d nested (%s), %d other files, from %d of %d jars: %s, %d bytes;"
                        + " %d bytes of other platforms' native libraries left out%n", classes, margin, String.join(" ", nested),
                files.size() + appended.size() + (plugins.isEmpty() ? 0 : 1) - classes - margin, jars, args.length - a - 2, out,
                Files.size(out), otherNatives);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(taken);
        if (!missing.isEmpty()) {
            System.out.println("spark-min: " + missing.size() + " recorded classes are in none of the jars, e.g. " + missing.iterator().next()
                    + ": Spark's jars changed since the recording; run scripts/record-spark-classes.sh");
            System.exit(1);
        }
    }

    private static final Pattern OTHER_OS = Pattern.compile(
            ".*(^|[/_.-])(osx|darwin|mac|macos|windows|win32|win64|freebsd|openbsd|netbsd|aix|sunos|solaris|android|musl)([/_.-]|$).*");
    private static final Pattern X86_64 = Pattern.compile(".*(x86_64|x86-64|amd64|x64|linux64).*");

    /**
     * Whether a native library is for Linux on x86-64: its path says x86-64 (zstd-jni's linux/amd64, snappy's
     * Linux/x86_64, netty's libnetty_transport_native_epoll_x86_64.so), names no other system, and it is a .so or its
     * path says Linux.
     */
    private static boolean linuxX86(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return X86_64.matcher(n).matches() && !OTHER_OS.matcher(n).matches() && (n.contains("linux") || n.matches(".*\\.so(\\.\\d+)*$"));
    }

    /**
     * Whether a jar of native libraries only has one for Linux x86-64 that a class taken names (netty's epoll transport
     * loads "netty_transport_native_epoll" + "_" + the architecture): only then it goes in, as its classes' jar would.
     */
    private static boolean namedNative(Path jar, Map<String, byte[]> files) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (!NATIVE.matcher(n.toLowerCase(Locale.ROOT)).matches() || !linuxX86(n)) {
                    continue;
                }
                String stem = n.substring(n.lastIndexOf('/') + 1).replaceFirst("^lib", "").replaceFirst("\\.(so|dll|dylib|jnilib).*$", "")
                        .replaceFirst("(?i)[_-](linux[_-])?(x86[_-]64|amd64|x64)$", "");
                byte[] s = stem.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    if (f.getKey().endsWith(".class") && indexOf(f.getValue(), s) >= 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** One entry of log4j's plugin index (log4j-core's PluginCache: key, class, name, printable, defer). */
    private record Plugin(String key, String className, String name, boolean printable, boolean defer) {
    }

    /** Reads a Log4j2Plugins.dat into the categories, as PluginCache.loadCacheFiles does: the first entry of a key stays. */
    private static void readPlugins(byte[] dat, Map<String, Map<String, Plugin>> into, Path jar) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(dat))) {
            int categories = in.readInt();
            for (int i = 0; i < categories; i++) {
                Map<String, Plugin> m = into.computeIfAbsent(in.readUTF().toLowerCase(Locale.ROOT), k -> new LinkedHashMap<>());
                int entries = in.readInt();
                for (int e = 0; e < entries; e++) {
                    Plugin p = new Plugin(in.readUTF(), in.readUTF(), in.readUTF(), in.readBoolean(), in.readBoolean());
                    m.putIfAbsent(p.key(), p);
                }
            }
            if (in.available() != 0) {
                throw new IOException(PLUGINS + " of " + jar + ": " + in.available() + " bytes after the index (not log4j's format?)");
            }
        }
    }

    private static byte[] writePlugins(Map<String, Map<String, Plugin>> plugins) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(plugins.size());
            for (Map.Entry<String, Map<String, Plugin>> c : plugins.entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().size());
                for (Plugin p : c.getValue().values()) {
                    out.writeUTF(p.key());
                    out.writeUTF(p.className());
                    out.writeUTF(p.name());
                    out.writeBoolean(p.printable());
                    out.writeBoolean(p.defer());
                }
            }
        }
        return b.toByteArray();
    }

    private static byte[] read(ZipFile zip, ZipEntry z) throws IOException {
        try (InputStream in = zip.getInputStream(z)) {
            return in.readAllBytes();
        }
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(LocalDateTime.of(2000, 1, 1, 0, 0)); // the same bytes from the same inputs
        jar.putNextEntry(e);
        jar.write(bytes);
        jar.closeEntry();
    }
}
