package dev.gridforge.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** Test support: runs javac with the processor on in-memory sources and loads what it made. */
final class Compiler {
    private Compiler() {
    }

    static JavaFileObject source(String qualifiedName, String text) {
        return JavaFileObjects.forSourceString(qualifiedName, text);
    }

    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new KernelProcessor()).compile(sources);
    }

    /** A kernel class {@code test.K} with the given members, imports of the gridforge annotations included. */
    static JavaFileObject kernelClass(String members) {
        return kernelClass("", members);
    }

    /** The same, with extra import lines. */
    static JavaFileObject kernelClass(String imports, String members) {
        return source("test.K", "package test;\n\nimport dev.gridforge.*;\n" + imports + "\npublic class K {\n" + members + "\n}\n");
    }

    /** The text of a generated resource (a .cu file) in package {@code pkg}. */
    static String resource(Compilation c, String pkg, String name) {
        JavaFileObject f = c.generatedFile(StandardLocation.CLASS_OUTPUT, pkg, name)
                .orElseThrow(() -> new AssertionError("no generated " + pkg + "/" + name));
        try {
            return f.getCharContent(true).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class loader over everything the compilation wrote: classes and resources. */
    static ClassLoader loader(Compilation c) {
        Map<String, byte[]> files = new HashMap<>();
        for (JavaFileObject f : c.generatedFiles()) {
            String uri = f.toUri().getPath();
            int at = uri.indexOf("/CLASS_OUTPUT/");
            if (at < 0) {
                continue;
            }
            try (InputStream in = f.openInputStream()) {
                files.put(uri.substring(at + "/CLASS_OUTPUT/".length()), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ClassLoader(Compiler.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = files.get(name.replace('.', '/') + ".class");
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }

            @Override
            public InputStream getResourceAsStream(String name) {
                byte[] bytes = files.get(name);
                return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
            }
        };
    }
}
