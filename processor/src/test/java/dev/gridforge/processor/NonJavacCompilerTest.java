package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * A compiler without javac's Trees API (Eclipse's ecj) gets one clear error, not a crash: the
 * processing environment here is a stand-in that is not javac's.
 */
class NonJavacCompilerTest {

    @Test
    void reportsOnceThatGridforgeNeedsJavac() {
        List<String> errors = new ArrayList<>();
        Element kernel = proxy(Element.class, (name, args) -> name.equals("getKind") ? ElementKind.METHOD : null);
        TypeElement pointwise = proxy(TypeElement.class, (name, args) -> null);
        Elements elements = proxy(Elements.class, (name, args) -> name.equals("getTypeElement")
                && args[0].toString().equals("dev.gridforge.Pointwise") ? pointwise : null);
        Messager messager = proxy(Messager.class, (name, args) -> {
            if (name.equals("printMessage") && args[0] == Diagnostic.Kind.ERROR) {
                errors.add(args[1].toString());
            }
            return null;
        });
        ProcessingEnvironment env = proxy(ProcessingEnvironment.class, (name, args) -> switch (name) {
            case "getElementUtils" -> elements;
            case "getMessager" -> messager;
            case "getOptions" -> Map.of();
            case "getSourceVersion" -> SourceVersion.latestSupported();
            default -> null;
        });
        RoundEnvironment round = proxy(RoundEnvironment.class, (name, args) -> switch (name) {
            case "getElementsAnnotatedWith" -> Set.of(kernel);
            case "processingOver" -> false;
            default -> null;
        });

        KernelProcessor processor = new KernelProcessor();
        processor.init(env);
        assertFalse(processor.process(Set.of(pointwise), round), "never claims the annotation");
        processor.process(Set.of(pointwise), round);

        assertEquals(1, errors.size(), "one error for the whole build: " + errors);
        assertTrue(errors.get(0).startsWith("[NeedsJavac]") && errors.get(0).contains("build with javac"), errors.get(0));
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getName().equals("toString")) {
                return "stand-in " + type.getSimpleName();
            }
            if (method.getName().equals("hashCode")) {
                return System.identityHashCode(self);
            }
            if (method.getName().equals("equals")) {
                return self == args[0];
            }
            return answer.answer(method.getName(), args);
        }));
    }
}
