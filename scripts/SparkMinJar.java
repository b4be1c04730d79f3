import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cuts spark-min.jar for the GPU machine's kit (scripts/devkit.sh, docs/gpu-checks.md) from Spark's jars, taken in
 * class path order:
 * <ul>
 *   <li>the classes named in scripts/spark-classes.txt (what scripts/record-spark-classes.sh saw loaded);</li>
 *   <li>a margin for paths the recording did not take (which classes load depends on timing too: netty's promises, a
 *       task killed or not): the nested classes of every recorded class ({@code --nested}), and every class of a
 *       package that has a recorded class, under the {@code --package} prefixes;</li>
 *   <li>every other file of each jar that gave a recorded class, and of each jar of native libraries only (netty's
 *       epoll transport) whose Linux x86-64 library a class taken names;</li>
 * </ul>
 * but no native library for another platform than Linux x86-64, no signature (*.SF, *.RSA, *.DSA, *.EC: they would
 * not match this jar), manifest, INDEX.LIST or module-info. Files that several jars hold: META-INF/services/* are
 * concatenated keeping only the providers whose classes the jar holds (ServiceLoader fails on one it cannot load: javac
 * would stop at log4j-core's annotation processors), META-INF/io.netty.versions.properties concatenated, log4j's plugin
 * index (Log4j2Plugins.dat) merged as log4j merges the indexes it finds; of anything else the first jar's. A class of a
 * multi-release jar comes with its META-INF/versions copies (the jar is then multi-release). Entries are stored with
 * one date, so the same inputs give the same bytes. Fails, naming one, when a recorded class is in none of the jars.
 *
 * <p>With {@code --stored} the entries are stored, not deflated: the jar is then packed whole (with xz, which makes it
 * half the size of a deflated one), as scripts/devkit.sh does.
 *
 * <p>{@code java scripts/SparkMinJar.java [--nested] [--stored] [--package PREFIX]... CLASSES.txt OUT.jar JAR...}
 */
public final class SparkMinJar {
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/\\d+/(.*)");
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so(\\.\\d+)*|dll|dylib|jnilib)$");
    private static final Pattern DROPPED = Pattern.compile(
            "META-INF/[^/]*\\.(SF|RSA|DSA|EC)|META-INF/MANIFEST\\.MF|META-INF/INDEX\\.LIST|(META-INF/versions/\\d+/)?module-info\\.class");
    private static final Pattern OTHER_OS = Pattern.compile(
            ".*(^|[/_.-])(osx|darwin|mac|macos|windows|win32|win64|freebsd|openbsd|netbsd|aix|sunos|solaris|android|musl)([/_.-]|$).*");
    private static final Pattern X86_64 = Pattern.compile(".*(x86_64|x86-64|amd64|x64|linux64).*");
    private static final String PLUGINS = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";
    private static final String NETTY_VERSIONS = "META-INF/io.netty.versions.properties";

    private final Set<String> wanted = new HashSet<>();
    private final Set<String> outers = new HashSet<>();
    private final Set<String> wholePackages = new HashSet<>();
    /** What goes in, in order: classes (and their versioned copies) and other files. */
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, ByteArrayOutputStream> appended = new LinkedHashMap<>();
    private final Map<String, Map<String, Plugin>> plugins = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final List<String> unused = new ArrayList<>();
    private final List<String> firstOnly = new ArrayList<>();
    private int recorded;
    private int margin;
    private int jars;
    private long otherNatives;
    private boolean multiRelease;
    /** Entries stored, not deflated ({@code --stored}). */
    private static boolean stored;

    public static void main(String[] args) throws IOException {
        boolean nested = false;
        List<String> packages = new ArrayList<>();
        int a = 0;
        for (; a < args.length && args[a].startsWith("--"); a++) {
            if (args[a].equals("--nested")) {
                nested = true;
            } else if (args[a].equals("--stored")) {
                stored = true;
            } else if (args[a].equals("--package") && a + 1 < args.length) {
                packages.add(args[++a].replace('.', '/'));
            } else {
                a = args.length;
            }
        }
        if (args.length - a < 3) {
            System.err.println("usage: java SparkMinJar.java [--nested] [--stored] [--package PREFIX]... CLASSES.txt OUT.jar JAR...");
            System.exit(2);
        }
        SparkMinJar cut = new SparkMinJar();
        for (String line : Files.readAllLines(Path.of(args[a]))) {
            line = line.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                cut.wanted.add(line.replace('.', '/') + ".class");
            }
        }
        for (String w : cut.wanted) {
            if (nested) {
                cut.outers.add(outer(w));
            }
            if (packages.stream().anyMatch(w::startsWith)) {
                cut.wholePackages.add(w.substring(0, w.lastIndexOf('/') + 1));
            }
        }
        List<Path> nativeOnly = new ArrayList<>();
        for (int j = a + 2; j < args.length; j++) {
            cut.take(Path.of(args[j]), false, nativeOnly);
        }
        for (Path jar : nativeOnly) {
            if (cut.namesNative(jar)) {
                cut.take(jar, true, null);
            } else {
                cut.unused.add(jar.getFileName().toString());
            }
        }
        Path out = Path.of(args[a + 1]);
        int others = cut.write(out);
        for (String d : cut.firstOnly) {
            System.out.println("  in several jars, the first one's kept: " + d);
        }
        System.out.println("  left out, no recorded class: " + cut.unused.size() + " jars (" + String.join(" ", cut.unused) + ")");
        String how = (nested ? "nested classes" : "") + (packages.isEmpty() ? ""
                : (nested ? ", " : "") + "whole packages under " + String.join(" ", packages));
        System.out.printf(Locale.ROOT, "spark-min: %d recorded classes + %d of the margin (%s), %d other files, from %d of %d jars:"
                        + " %s, %d bytes; %d bytes of other platforms' native libraries left out%n", cut.recorded, cut.margin, how,
                others, cut.jars, args.length - a - 2, out, Files.size(out), cut.otherNatives);
        Set<String> missing = new TreeSet<>(cut.wanted);
        missing.removeAll(cut.taken);
        if (!missing.isEmpty()) {
            System.out.println("spark-min: " + missing.size() + " recorded classes are in none of the jars, e.g. "
                    + missing.iterator().next() + ": Spark's jars changed since the recording; run scripts/record-spark-classes.sh");
            System.exit(1);
        }
    }

    /** The top-level class of a class file's name: a/b/C$D$1.class is a/b/C. */
    private static String outer(String classFile) {
        return classFile.substring(0, classFile.length() - ".class".length()).split("\\$", 2)[0];
    }

    /**
     * Takes what a jar gives: nothing when none of its classes is recorded (a jar without classes is put aside in
     * nativeOnly, for a second look), else its recorded and margin classes and its other files. {@code whole}: take its
     * files though it has no recorded class.
     */
    private void take(Path jar, boolean whole, List<Path> nativeOnly) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (!whole && zip.stream().noneMatch(e -> wanted.contains(e.getName()) && !taken.contains(e.getName()))) {
                if (zip.stream().noneMatch(e -> e.getName().endsWith(".class") && !DROPPED.matcher(e.getName()).matches())) {
                    nativeOnly.add(jar);
                } else {
                    unused.add(jar.getFileName().toString());
                }
                return;
            }
            jars++;
            int c = 0;
            int m = 0;
            for (ZipEntry z : Collections.list(zip.entries())) {
                String n = z.getName();
                if (z.isDirectory() || DROPPED.matcher(n).matches()) {
                    continue;
                }
                Matcher v = VERSIONED.matcher(n);
                String base = v.matches() ? v.group(1) : n;
                if (base.endsWith(".class")) {
                    boolean listed = wanted.contains(base);
                    boolean inMargin = !listed && (outers.contains(outer(base))
                            || wholePackages.contains(base.substring(0, base.lastIndexOf('/') + 1)));
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
                    files.put(n, read(zip, z));
                } else if (NATIVE.matcher(n.toLowerCase(Locale.ROOT)).matches() && !linuxX86(n)) {
                    otherNatives += z.getSize();
                } else if (n.startsWith("META-INF/services/") || n.equals(NETTY_VERSIONS)) {
                    ByteArrayOutputStream s = appended.computeIfAbsent(n, k -> new ByteArrayOutputStream());
                    byte[] b = read(zip, z);
                    s.write(b);
                    if (b.length > 0 && b[b.length - 1] != '\n') {
                        s.write('\n');
                    }
                } else if (n.equals(PLUGINS)) {
                    readPlugins(read(zip, z), jar);
                } else if (files.containsKey(n)) {
                    if (!n.startsWith("META-INF/")) {
                        firstOnly.add(n + " (also in " + jar.getFileName() + ")");
                    }
                } else {
                    files.put(n, read(zip, z));
                }
            }
            recorded += c;
            margin += m;
            System.out.printf(Locale.ROOT, "  %-56s %5d classes%s%n", jar.getFileName(), c, m > 0 ? " + " + m + " of the margin" : "");
        }
    }

    /** Writes the jar; returns how many files other than classes it holds. */
    private int write(Path out) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Created-By", "gridforge scripts/SparkMinJar.java from scripts/spark-classes.txt");
        if (multiRelease) {
            mf.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        int others = 0;
        List<String> dropped = new ArrayList<>();
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os)) {
            jar.setLevel(Deflater.BEST_COMPRESSION);
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            mf.write(m);
            put(jar, "META-INF/MANIFEST.MF", m.toByteArray()); // first, as JarInputStream wants it, and with the date below
            // Every directory as an entry of its own, as jar tools write them: ClassLoader.getResource finds a directory
            // of a jar only by its entry (Spark's web UIs look up org/apache/spark/ui/static, the standalone Master's
            // at its start).
            Set<String> names = new HashSet<>(files.keySet());
            names.addAll(appended.keySet());
            if (!plugins.isEmpty()) {
                names.add(PLUGINS);
            }
            for (String dir : directories(names)) {
                put(jar, dir, new byte[0]);
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                put(jar, f.getKey(), f.getValue());
                others += f.getKey().endsWith(".class") ? 0 : 1;
            }
            for (Map.Entry<String, ByteArrayOutputStream> s : appended.entrySet()) {
                byte[] b = s.getValue().toByteArray();
                if (s.getKey().startsWith("META-INF/services/")) {
                    b = present(b, dropped);
                }
                if (b.length > 0) {
                    put(jar, s.getKey(), b);
                    others++;
                }
            }
            if (!plugins.isEmpty()) {
                put(jar, PLUGINS, writePlugins());
                others++;
            }
        }
        if (!dropped.isEmpty()) {
            System.out.println("  service providers left out, their classes not recorded: " + dropped.size() + " ("
                    + String.join(" ", dropped) + ")");
        }
        return others;
    }

    /** A services file with only the providers whose classes the jar holds, one a line, without comments. */
    private byte[] present(byte[] text, List<String> dropped) {
        StringBuilder kept = new StringBuilder();
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            String provider = line.replaceFirst("#.*", "").strip();
            if (provider.isEmpty()) {
                continue;
            }
            if (files.containsKey(provider.replace('.', '/') + ".class")) {
                kept.append(provider).append('\n');
            } else {
                dropped.add(provider);
            }
        }
        return kept.toString().getBytes(StandardCharsets.UTF_8);
    }

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
     * loads "netty_transport_native_epoll" + "_" + the architecture).
     */
    private boolean namesNative(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                String n = e.getName();
                if (!NATIVE.matcher(n.toLowerCase(Locale.ROOT)).matches() || !linuxX86(n)) {
                    continue;
                }
                String stem = n.substring(n.lastIndexOf('/') + 1).replaceFirst("^lib", "").replaceFirst("\\.(so|dll|dylib|jnilib).*$", "")
                        .replaceFirst("(?i)[_-](linux[_-])?(x86[_-]64|amd64|x64)$", "");
                byte[] s = stem.getBytes(StandardCharsets.US_ASCII);
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
    private void readPlugins(byte[] dat, Path jar) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(dat))) {
            int categories = in.readInt();
            for (int i = 0; i < categories; i++) {
                Map<String, Plugin> m = plugins.computeIfAbsent(in.readUTF().toLowerCase(Locale.ROOT), k -> new LinkedHashMap<>());
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

    /** The merged index, as PluginCache.writeCache writes one. */
    private byte[] writePlugins() throws IOException {
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

    /** The directories of {@code names} ("a/", "a/b/", ...), sorted, without META-INF/ (written with the manifest). */
    private static Set<String> directories(Set<String> names) {
        Set<String> dirs = new TreeSet<>();
        for (String name : names) {
            for (int slash = name.indexOf('/'); slash >= 0 && slash < name.length() - 1; slash = name.indexOf('/', slash + 1)) {
                dirs.add(name.substring(0, slash + 1));
            }
        }
        dirs.remove("META-INF/");
        return dirs;
    }

    private static byte[] read(ZipFile zip, ZipEntry z) throws IOException {
        try (InputStream in = zip.getInputStream(z)) {
            return in.readAllBytes();
        }
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(LocalDateTime.of(2000, 1, 1, 0, 0));
        if (stored) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            e.setMethod(ZipEntry.STORED);
            e.setSize(bytes.length);
            e.setCompressedSize(bytes.length);
            e.setCrc(crc.getValue());
        }
        jar.putNextEntry(e);
        jar.write(bytes);
        jar.closeEntry();
    }
}
