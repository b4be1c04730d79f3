package dev.gridforge.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Resolves the names a kernel body uses, as javac would, without attributing the body: type
 * names through the enclosing classes, the imports, the package and {@code java.lang}; static
 * fields and methods through a type, its enclosing types and its supertypes.
 */
final class NameResolver {
    private final Elements elements;

    NameResolver(Elements elements) {
        this.elements = elements;
    }

    /** The type a simple or dotted name denotes from inside {@code context}, or null. */
    TypeElement resolveType(String name, TypeElement context, CompilationUnitTree unit) {
        TypeElement qualified = elements.getTypeElement(name);
        if (name.contains(".")) {
            if (qualified != null) {
                return qualified;
            }
            int dot = name.indexOf('.');
            TypeElement outer = resolveType(name.substring(0, dot), context, unit);
            return outer == null ? null : memberType(outer, name.substring(dot + 1));
        }
        for (Element e = context; e instanceof TypeElement t; e = t.getEnclosingElement()) {
            if (t.getSimpleName().contentEquals(name)) {
                return t;
            }
            TypeElement nested = memberType(t, name);
            if (nested != null) {
                return nested;
            }
        }
        List<String> onDemand = new ArrayList<>();
        for (ImportTree imp : unit.getImports()) {
            if (imp.isStatic()) {
                continue;
            }
            String imported = imp.getQualifiedIdentifier().toString();
            if (imported.endsWith(".*")) {
                onDemand.add(imported.substring(0, imported.length() - 2));
            } else if (imported.endsWith("." + name)) {
                return elements.getTypeElement(imported);
            }
        }
        PackageElement pkg = elements.getPackageOf(context);
        TypeElement samePackage = elements.getTypeElement(
                pkg.isUnnamed() ? name : pkg.getQualifiedName() + "." + name);
        if (samePackage != null) {
            return samePackage;
        }
        for (String prefix : onDemand) {
            TypeElement t = elements.getTypeElement(prefix + "." + name);
            if (t != null) {
                return t;
            }
        }
        return elements.getTypeElement("java.lang." + name);
    }

    /**
     * The type whose static member {@code member} a static import of {@code unit} brings in
     * ({@code import static java.lang.Math.sqrt;} or {@code import static java.lang.Math.*;}), or null.
     */
    TypeElement staticImportOwner(String member, CompilationUnitTree unit) {
        for (ImportTree imp : unit.getImports()) {
            if (!imp.isStatic()) {
                continue;
            }
            String imported = imp.getQualifiedIdentifier().toString();
            int dot = imported.lastIndexOf('.');
            String last = imported.substring(dot + 1);
            if (!last.equals("*") && !last.equals(member)) {
                continue;
            }
            TypeElement type = elements.getTypeElement(imported.substring(0, dot));
            if (type == null) {
                continue;
            }
            if (last.equals(member) || field(type, member, false) != null || !methods(type, member, false).isEmpty()) {
                return type;
            }
        }
        return null;
    }

    /** A dotted name written as identifiers and member selects ({@code a.b.C}), or null for anything else. */
    static String dottedName(Tree tree) {
        if (tree instanceof com.sun.source.tree.IdentifierTree id) {
            return id.getName().toString();
        }
        if (tree instanceof MemberSelectTree sel) {
            String left = dottedName(sel.getExpression());
            return left == null ? null : left + "." + sel.getIdentifier();
        }
        return null;
    }

    /** A field named {@code name} visible in {@code type} (its own, inherited, or of an enclosing type). */
    VariableElement field(TypeElement type, String name, boolean searchEnclosing) {
        for (Element e = type; e instanceof TypeElement t; e = t.getEnclosingElement()) {
            for (VariableElement f : ElementFilter.fieldsIn(elements.getAllMembers(t))) {
                if (f.getSimpleName().contentEquals(name)) {
                    return f;
                }
            }
            if (!searchEnclosing) {
                break;
            }
        }
        return null;
    }

    /** Methods named {@code name} in {@code type} (and, if asked, its enclosing types: the nearest that has any). */
    List<ExecutableElement> methods(TypeElement type, String name, boolean searchEnclosing) {
        for (Element e = type; e instanceof TypeElement t; e = t.getEnclosingElement()) {
            List<ExecutableElement> found = new ArrayList<>();
            for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(t))) {
                if (m.getSimpleName().contentEquals(name)) {
                    found.add(m);
                }
            }
            if (!found.isEmpty() || !searchEnclosing) {
                return found;
            }
        }
        return List.of();
    }

    private TypeElement memberType(TypeElement outer, String name) {
        for (Element member : outer.getEnclosedElements()) {
            if ((member.getKind().isClass() || member.getKind().isInterface() || member.getKind() == ElementKind.ENUM)
                    && member.getSimpleName().contentEquals(name)) {
                return (TypeElement) member;
            }
        }
        return null;
    }
}
