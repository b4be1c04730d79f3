package dev.gridforge.processor.ir;

/** Unary operators of the kernel language. Unary plus is dropped by the front end. */
public enum UnaryOp {
    NEG("-"), NOT("!"), BIT_NOT("~");

    private final String symbol;

    UnaryOp(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in Java and C. */
    public String symbol() {
        return symbol;
    }
}
