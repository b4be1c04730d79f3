package dev.gridforge.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.gridforge.Device;
import dev.gridforge.processor.diag.Messages;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * The {@code @Device} helpers one kernel calls: each is checked and translated once, on first
 * call, and given a name unique within the kernel's output. Recursion is an error (CUDA device
 * code has no reliable stack for it).
 */
final class HelperTable {
    private final Trees trees;
    private final ErrorSink errors;
    private final NameResolver names;
    private final Map<ExecutableElement, Function> translated = new LinkedHashMap<>();
    private final Map<ExecutableElement, String> assignedNames = new LinkedHashMap<>();
    private final Set<ExecutableElement> inProgress = new HashSet<>();
    private final Set<String> usedNames = new HashSet<>();

    HelperTable(Trees trees, ErrorSink errors, NameResolver names, Set<String> reservedNames) {
        this.trees = trees;
        this.errors = errors;
        this.names = names;
        this.usedNames.addAll(reservedNames);
    }

    /** Translated helpers, callees before callers. */
    List<Function> functions() {
        return new ArrayList<>(translated.values());
    }

    Expr call(MethodInvocationTree tree, CompilationUnitTree unit, TypeElement target, String method,
              boolean unqualified, List<Expr> args) {
        List<ExecutableElement> candidates = names.methods(target, method, unqualified);
        if (candidates.isEmpty()) {
            return report(tree, unit, Messages.name("cannot find the method '" + method + "' in "
                    + target.getQualifiedName()));
        }
        String where = target.getQualifiedName().toString();
        if (where.startsWith("java.") || where.startsWith("javax.")) {
            return report(tree, unit, Messages.unsupported("calling " + where + "." + method,
                    "kernels can call Math functions and static @Device helpers only"));
        }
        if (candidates.size() > 1) {
            return report(tree, unit, Messages.helper("'" + method + "' is overloaded; give each @Device helper its own name"));
        }
        ExecutableElement helper = candidates.get(0);
        if (helper.getAnnotation(Device.class) == null) {
            return report(tree, unit, Messages.helper("'" + method + "' is not marked @Device; annotate it with "
                    + "@dev.gridforge.Device to call it from a kernel"));
        }
        if (!helper.getModifiers().contains(Modifier.STATIC)) {
            return report(tree, unit, Messages.helper("'" + method + "' must be static to be called from a kernel"));
        }
        List<Type> parameterTypes = new ArrayList<>();
        for (VariableElement p : helper.getParameters()) {
            parameterTypes.add(primitive(p.asType()));
        }
        Type returnType = primitive(helper.getReturnType());
        if (parameterTypes.contains(null) || returnType == null || helper.isVarArgs()) {
            return report(tree, unit, Messages.helper("'" + method + "' must take and return int, long, float, double "
                    + "or boolean values"));
        }
        if (args.size() != parameterTypes.size()) {
            return report(tree, unit, Messages.type("'" + method + "' takes " + parameterTypes.size()
                    + " arguments, not " + args.size()));
        }
        List<Expr> converted = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (!args.get(i).type().widensTo(parameterTypes.get(i))) {
                return report(tree, unit, Messages.type("'" + method + "' takes (" + String.join(", ",
                        parameterTypes.stream().map(Type::javaName).toList()) + "), not ("
                        + BodyTranslator.typeList(args) + ")"));
            }
            converted.add(Operators.convert(args.get(i), parameterTypes.get(i)));
        }
        if (inProgress.contains(helper)) {
            return report(tree, unit, Messages.helper("'" + method + "' calls itself (directly or through other helpers); "
                    + "recursion is not supported in kernels: write it as a loop"));
        }
        String name = translate(helper, parameterTypes, returnType, tree, unit);
        return name == null ? null : new Expr.Call(name, converted, returnType);
    }

    private String translate(ExecutableElement helper, List<Type> parameterTypes, Type returnType,
                             MethodInvocationTree callSite, CompilationUnitTree callUnit) {
        if (translated.containsKey(helper)) {
            return assignedNames.get(helper);
        }
        TreePath path = trees.getPath(helper);
        TypeElement owner = (TypeElement) helper.getEnclosingElement();
        String sourceName = owner.getQualifiedName() + "." + helper.getSimpleName();
        if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
            errors.error(Messages.helper("the source of @Device helper " + sourceName + " is not part of this compilation;"
                    + " gridforge translates helpers from source, so compile it in the same module"), callSite, callUnit);
            return null;
        }
        String name = uniqueName(helper, owner);
        List<Function.Parameter> params = new ArrayList<>();
        for (VariableElement p : helper.getParameters()) {
            if (ReservedNames.isReserved(p.getSimpleName().toString())) {
                errors.error(ReservedNames.message(p.getSimpleName().toString()), trees.getTree(p), path.getCompilationUnit());
                return null;
            }
        }
        for (int i = 0; i < parameterTypes.size(); i++) {
            params.add(new Function.Parameter(helper.getParameters().get(i).getSimpleName().toString(), parameterTypes.get(i)));
        }
        inProgress.add(helper);
        int before = errors.count();
        BodyTranslator body = new BodyTranslator(errors, names, this, owner, path.getCompilationUnit());
        var block = body.translate(params, returnType, tree.getBody());
        inProgress.remove(helper);
        if (errors.count() > before) {
            return null;
        }
        assignedNames.put(helper, name);
        translated.put(helper, new Function(name, sourceName, returnType, params, block));
        return name;
    }

    private String uniqueName(ExecutableElement helper, TypeElement owner) {
        String simple = helper.getSimpleName().toString();
        String name = usedNames.contains(simple) ? owner.getSimpleName() + "_" + simple : simple;
        for (int i = 2; usedNames.contains(name); i++) {
            name = simple + "_" + i;
        }
        usedNames.add(name);
        return name;
    }

    static Type primitive(TypeMirror t) {
        return switch (t.getKind()) {
            case INT -> Type.INT;
            case LONG -> Type.LONG;
            case FLOAT -> Type.FLOAT;
            case DOUBLE -> Type.DOUBLE;
            case BOOLEAN -> Type.BOOLEAN;
            default -> null;
        };
    }

    private Expr report(MethodInvocationTree tree, CompilationUnitTree unit, String message) {
        errors.error(message, tree, unit);
        return null;
    }
}
