package dev.gridforge.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.tools.Diagnostic;

/** Reports user errors at the exact source position of a tree, and counts them. */
final class ErrorSink {
    private final Trees trees;
    private int errors;

    ErrorSink(Trees trees) {
        this.trees = trees;
    }

    void error(String message, Tree tree, CompilationUnitTree unit) {
        errors++;
        trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
    }

    int count() {
        return errors;
    }
}
