package dev.gridforge.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import dev.gridforge.processor.cuda.CudaPrinter;
import dev.gridforge.processor.diag.Messages;
import dev.gridforge.processor.front.FrontEnd;
import dev.gridforge.processor.front.KernelReader;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.bench.BenchReader;
import dev.gridforge.processor.ir.IrPrinter;
import dev.gridforge.processor.jvm.BenchSuiteWriter;
import dev.gridforge.processor.jvm.JmhWriter;
import dev.gridforge.processor.jvm.LauncherWriter;
import dev.gridforge.processor.passes.Lowering;
import dev.gridforge.processor.plan.LaunchPlan;
import dev.gridforge.processor.plan.PlanLaunch;
import dev.gridforge.processor.passes.PassException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Turns {@code @Pointwise} and {@code @Stencil} methods into a launcher class, JVM loops and CUDA C. The round is
 * a thin shell: one user class at a time through front end → passes → printers, and no
 * exception ever reaches javac (a failure is reported as an internal error on that class).
 * Never claims the annotation, so other processors still see it.
 */
@AutoService(Processor.class)
public final class KernelProcessor extends AbstractProcessor {
    static final String POINTWISE = "dev.gridforge.Pointwise";
    static final String STENCIL = "dev.gridforge.Stencil";
    static final String OPTION_DUMP_IR = "gridforge.dumpIr";
    static final String BENCH_SUITE = "dev.gridforge.benchmarks.BenchSuite";
    static final String JMH_BENCHMARK = "org.openjdk.jmh.annotations.Benchmark";
    /** The generated benchmark suites of this compilation, for META-INF/services at the last round. */
    private final java.util.Set<String> suites = new java.util.TreeSet<>();
    /** Methods every launcher has, which no kernel may be named after. */
    static final Set<String> LAUNCHER_METHODS = Set.of("on", "prepare", "cudaSource");

    private KernelReader reader;
    private boolean reportedNoTrees;
    private String version;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(POINTWISE, STENCIL, BenchReader.ANNOTATION);
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(OPTION_DUMP_IR, BenchReader.OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            writeSuiteServices();
            return false;
        }
        checkBenchTargets(round);
        Set<Element> marked = new java.util.LinkedHashSet<>();
        for (String annotation : List.of(POINTWISE, STENCIL)) {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(annotation);
            if (type != null) {
                marked.addAll(round.getElementsAnnotatedWith(type));
            }
        }
        if (marked.isEmpty()) {
            return false;
        }
        if (reader == null) {
            reader = FrontEnd.reader(processingEnv);
        }
        if (reader == null) {
            if (!reportedNoTrees) {
                reportedNoTrees = true;
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        Messages.needsJavac(processingEnv.getClass().getName()), marked.iterator().next());
            }
            return false;
        }
        Map<TypeElement, List<ExecutableElement>> byClass = new LinkedHashMap<>();
        for (Element e : marked) {
            if (e.getKind() == ElementKind.METHOD) {
                byClass.computeIfAbsent((TypeElement) e.getEnclosingElement(), k -> new ArrayList<>()).add((ExecutableElement) e);
            }
        }
        for (Map.Entry<TypeElement, List<ExecutableElement>> entry : byClass.entrySet()) {
            // in the order the class declares them, whichever annotation marks them
            List<? extends Element> declared = entry.getKey().getEnclosedElements();
            entry.getValue().sort(java.util.Comparator.comparingInt(declared::indexOf));
            try {
                processClass(entry.getKey(), entry.getValue());
            } catch (RuntimeException | LinkageError | AssertionError e) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        Messages.internal(entry.getKey().getQualifiedName().toString(), e), entry.getKey());
            }
        }
        return false;
    }

    private void processClass(TypeElement owner, List<ExecutableElement> methods) {
        Set<String> reserved = new HashSet<>();
        Set<String> seen = new HashSet<>();
        boolean badName = false;
        for (ExecutableElement m : methods) {
            String name = m.getSimpleName().toString();
            if (!seen.add(name)) {
                badName = true;
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.signature(
                        "two kernels are named '" + name + "'; give each kernel its own name"), m);
            } else if (LAUNCHER_METHODS.contains(name)) {
                badName = true;
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.signature("a kernel named '" + name
                        + "' would clash with the launcher's own " + name + "(...) method; rename the method"), m);
            }
            reserved.add(name);
            reserved.add(name + "_info");
            reserved.add(name + "_launch");
            reserved.add(name + "_jvm");
            reserved.add(name + "_edge");
            reserved.add(name + "Into");
        }
        for (ExecutableElement m : methods) {
            String name = m.getSimpleName().toString();
            if (name.endsWith("Into") && seen.contains(name.substring(0, name.length() - 4))) {
                badName = true;
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.signature("a kernel named '" + name
                        + "' would clash with the launcher's " + name + "(...) method, which writes kernel '"
                        + name.substring(0, name.length() - 4) + "' into given fields; rename it"), m);
            }
        }
        // The bodies are read even when a name is wrong, so one build reports every error; only
        // the output waits until the names are right.
        List<LaunchPlan> kernels = new ArrayList<>();
        for (Kernel k : reader.readClass(methods, reserved)) {
            ExecutableElement m = methods.stream().filter(x -> x.getSimpleName().contentEquals(k.name())).findFirst().orElseThrow();
            try {
                dump(m, "the front end", k);
                LaunchPlan plan = PlanLaunch.plan(Lowering.lower(k, (pass, after) -> dump(m, pass, after)));
                dumpPlan(m, plan);
                kernels.add(plan);
            } catch (PassException e) {
                badName = true; // nothing is written for a class with an error
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        Messages.UNSUPPORTED + " kernel '" + e.kernel() + "': " + e.getMessage(), m);
            }
        }
        if (processingEnv.getSourceVersion().compareTo(SourceVersion.RELEASE_16) < 0 && !methods.isEmpty()) {
            // The launcher is Java 16+ code (records for several results, javax.annotation.processing.Generated).
            badName = true;
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.signature("gridforge generates launchers"
                    + " in Java 17 (records), and this build compiles for " + processingEnv.getSourceVersion()
                    + "; compile for Java 17 or later (<maven.compiler.release>17</maven.compiler.release>, or javac --release 17)"),
                    methods.get(0));
        }
        BenchReader benchReader = new BenchReader(processingEnv.getMessager(), processingEnv.getOptions().get(BenchReader.OPTION));
        List<BenchSuiteWriter.Benched> benched = new ArrayList<>();
        for (LaunchPlan plan : kernels) {
            ExecutableElement m = methods.stream().filter(x -> x.getSimpleName().contentEquals(plan.kernel().name())).findFirst().orElseThrow();
            benchReader.read(m, plan.kernel()).ifPresent(spec -> benched.add(new BenchSuiteWriter.Benched(plan, spec)));
        }
        badName |= benchReader.errors() > 0;
        if (!benched.isEmpty() && processingEnv.getElementUtils().getTypeElement(BENCH_SUITE) == null) {
            badName = true;
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.bench("@Bench needs the benchmarks' runtime:"
                    + " add the dependency dev.gridforge:gridforge-benchmarks (docs/benchmarks.md)"), owner);
        }
        if (badName) {
            return;
        }
        if (kernels.isEmpty()) {
            return;
        }
        String pkg = processingEnv.getElementUtils().getPackageOf(owner).getQualifiedName().toString();
        String launcherName = launcherName(owner);
        for (LaunchPlan plan : kernels) {
            writeResource(pkg, LauncherWriter.cudaResourceName(launcherName, plan.kernel().name()), CudaPrinter.print(plan, version()),
                    owner);
        }
        try {
            new LauncherWriter(pkg, launcherName, ClassName.get(owner), version()).write(kernels, owner)
                    .writeTo(processingEnv.getFiler());
            if (!benched.isEmpty()) {
                new BenchSuiteWriter(pkg, launcherName, version()).write(benched, owner).writeTo(processingEnv.getFiler());
                suites.add((pkg.isEmpty() ? "" : pkg + ".") + BenchSuiteWriter.suiteName(launcherName));
                if (processingEnv.getElementUtils().getTypeElement(JMH_BENCHMARK) != null) {
                    new JmhWriter(pkg, launcherName, version()).write(benched, owner).writeTo(processingEnv.getFiler());
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "[Output] could not write " + launcherName + ": " + e.getMessage(), owner);
        }
    }

    /** @Bench on anything but a kernel method or a class with kernels is an error at it. */
    private void checkBenchTargets(RoundEnvironment round) {
        TypeElement bench = processingEnv.getElementUtils().getTypeElement(BenchReader.ANNOTATION);
        if (bench == null) {
            return;
        }
        for (Element e : round.getElementsAnnotatedWith(bench)) {
            boolean kernel = e.getKind() == ElementKind.METHOD && isKernel(e);
            boolean holder = e.getKind().isClass() && e.getEnclosedElements().stream().anyMatch(this::isKernel);
            if (!kernel && !holder) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.bench("@Bench marks a @Pointwise or @Stencil"
                        + " method, or a class that declares some; '" + e.getSimpleName() + "' is neither"), e);
            }
        }
    }

    private boolean isKernel(Element e) {
        return e.getAnnotationMirrors().stream().map(m -> m.getAnnotationType().toString())
                .anyMatch(n -> n.equals(POINTWISE) || n.equals(STENCIL));
    }

    /** META-INF/services/dev.gridforge.benchmarks.BenchSuite: every suite this compilation generated, for ServiceLoader. */
    private void writeSuiteServices() {
        if (suites.isEmpty()) {
            return;
        }
        try {
            FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                    "META-INF/services/" + BENCH_SUITE);
            try (Writer w = file.openWriter()) {
                for (String s : suites) {
                    w.write(s + "\n");
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "[Output] could not write the benchmark services: "
                    + e.getMessage());
        }
    }

    /** {@code Geo} → {@code GeoKernels}; a nested {@code Outer.Inner} → {@code Outer_InnerKernels}. */
    static String launcherName(TypeElement owner) {
        StringBuilder name = new StringBuilder(owner.getSimpleName());
        for (Element e = owner.getEnclosingElement(); e instanceof TypeElement t; e = t.getEnclosingElement()) {
            name.insert(0, t.getSimpleName() + "_");
        }
        return name + "Kernels";
    }

    private void writeResource(String pkg, String name, String text, Element origin) {
        try {
            FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, pkg, name, origin);
            try (Writer w = file.openWriter()) {
                w.write(text);
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "[Output] could not write " + name + ": " + e.getMessage(), origin);
        }
    }

    private void dump(ExecutableElement m, String pass, Kernel k) {
        if (Boolean.parseBoolean(processingEnv.getOptions().get(OPTION_DUMP_IR))) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE,
                    "gridforge IR of " + k.sourceName() + " after " + pass + ":\n" + IrPrinter.kernel(k), m);
        }
    }

    private void dumpPlan(ExecutableElement m, LaunchPlan plan) {
        if (Boolean.parseBoolean(processingEnv.getOptions().get(OPTION_DUMP_IR))) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, plan.describe(), m);
        }
    }

    private String version() {
        if (version == null) {
            Properties p = new Properties();
            try (InputStream in = KernelProcessor.class.getResourceAsStream("gridforge.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // the version only labels generated files
            }
            version = p.getProperty("version", "unknown");
        }
        return version;
    }
}
