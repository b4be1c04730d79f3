package dev.gridforge.processor.ir;

import java.util.List;

/**
 * An IR node: an expression or a statement. What a node holds is declared once, by its record
 * components; {@link NodeShape} reads them, so every traversal ({@link IrScanner}, {@link IrMutator})
 * reaches every child of every node, including a node added later, without a case written for it.
 * What differs per node (printing, differentiating) goes through {@link Expr.Visitor} and
 * {@link Stmt.Visitor}, which javac checks for completeness.
 */
public sealed interface Node permits Expr, Stmt {

    /** The node's expressions and statements, in the order of its components (a list gives its elements); nulls left out. */
    default List<Node> children() {
        return NodeShape.of(getClass()).children(this);
    }
}
