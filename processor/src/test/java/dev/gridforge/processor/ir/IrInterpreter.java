package dev.gridforge.processor.ir;

import dev.gridforge.processor.ir.Expr.Literal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support: runs a point function or helper of IR with Java's semantics (operators through
 * {@link Evaluator}, library calls through {@code java.lang.Math}), so a test can check what a
 * pass's output computes rather than how it is written. Scalars, local arrays, every statement and
 * helper calls; no grids or array views (a test of a pass builds its kernels without them). One
 * flat scope per call: the kernels of a test do not reuse a name in sibling scopes.
 */
public final class IrInterpreter {
    private final Map<String, Function> functions = new HashMap<>();

    private IrInterpreter(List<Function> helpers) {
        helpers.forEach(f -> functions.put(f.name(), f));
    }

    /** The value the kernel's point function returns for these arguments (by parameter name, in the parameter's type). */
    public static double run(Kernel k, Map<String, ? extends Number> args) {
        IrInterpreter in = new IrInterpreter(k.helpers());
        Object[] values = new Object[k.point().parameters().size()];
        for (int i = 0; i < values.length; i++) {
            Function.Parameter p = k.point().parameters().get(i);
            Number n = args.get(p.name());
            if (n == null) {
                throw new IllegalArgumentException("no argument for " + p.name());
            }
            values[i] = Literal.of(n.doubleValue()).castTo(p.type());
        }
        return ((Number) in.call(k.point(), values).value()).doubleValue();
    }

    private Literal call(Function f, Object[] args) {
        Frame frame = new Frame();
        for (int i = 0; i < args.length; i++) {
            frame.vars.put(f.parameters().get(i).name(), args[i]);
        }
        Flow flow = frame.exec(f.body());
        if (flow != Flow.RETURN) {
            throw new IllegalStateException(f.name() + " ended without returning");
        }
        return frame.returned;
    }

    private enum Flow { NORMAL, BREAK, CONTINUE, RETURN }

    private final class Frame {
        final Map<String, Object> vars = new HashMap<>(); // Literal, or Literal[] for a local array
        Literal returned;

        Flow exec(Stmt s) {
            if (s instanceof Stmt.Declare d) {
                vars.put(d.name(), d.init() == null ? Literal.of(0).castTo(d.type()) : eval(d.init()));
            } else if (s instanceof Stmt.Assign a) {
                Literal v = eval(a.value());
                Literal old = (Literal) vars.get(a.name());
                vars.put(a.name(), old == null ? v : v.castTo(old.type()));
            } else if (s instanceof Stmt.DeclareArray a) {
                Literal[] array = new Literal[a.length()];
                java.util.Arrays.fill(array, Literal.of(0).castTo(a.type()));
                vars.put(a.name(), array);
            } else if (s instanceof Stmt.StoreElement e) {
                Literal[] array = (Literal[]) vars.get(e.name());
                int i = (Integer) eval(e.index()).value();
                array[i] = eval(e.value()).castTo(array[i].type());
            } else if (s instanceof Stmt.If i) {
                if (test(i.cond())) {
                    return exec(i.then());
                } else if (i.otherwise() != null) {
                    return exec(i.otherwise());
                }
            } else if (s instanceof Stmt.While w) {
                while (test(w.cond())) {
                    Flow f = exec(w.body());
                    if (f == Flow.BREAK) {
                        break;
                    } else if (f == Flow.RETURN) {
                        return f;
                    }
                }
            } else if (s instanceof Stmt.DoWhile d) {
                do {
                    Flow f = exec(d.body());
                    if (f == Flow.BREAK) {
                        break;
                    } else if (f == Flow.RETURN) {
                        return f;
                    }
                } while (test(d.cond()));
            } else if (s instanceof Stmt.For f) {
                for (Stmt init : f.init()) {
                    exec(init);
                }
                while (f.cond() == null || test(f.cond())) {
                    Flow flow = exec(f.body());
                    if (flow == Flow.BREAK) {
                        break;
                    } else if (flow == Flow.RETURN) {
                        return flow;
                    }
                    for (Stmt u : f.update()) {
                        exec(u);
                    }
                }
            } else if (s instanceof Stmt.Break) {
                return Flow.BREAK;
            } else if (s instanceof Stmt.Continue) {
                return Flow.CONTINUE;
            } else if (s instanceof Stmt.Return r) {
                returned = r.value() == null ? null : eval(r.value());
                return Flow.RETURN;
            } else if (s instanceof Stmt.Store st) {
                throw new UnsupportedOperationException("a store to an output: " + st);
            } else if (s instanceof Stmt.Block b) {
                for (Stmt inner : b.statements()) {
                    Flow f = exec(inner);
                    if (f != Flow.NORMAL) {
                        return f;
                    }
                }
            }
            return Flow.NORMAL;
        }

        boolean test(Expr cond) {
            return (Boolean) eval(cond).value();
        }

        Literal eval(Expr e) {
            if (e instanceof Literal l) {
                return l;
            } else if (e instanceof Expr.Var v) {
                Object value = vars.get(v.name());
                if (!(value instanceof Literal l)) {
                    throw new IllegalStateException("no value for " + v.name());
                }
                return l;
            } else if (e instanceof Expr.Unary u) {
                return Evaluator.unary(u.op(), eval(u.operand()));
            } else if (e instanceof Expr.Binary b) {
                if (b.op() == BinaryOp.COND_AND || b.op() == BinaryOp.COND_OR) {
                    boolean left = test(b.left());
                    return left == (b.op() == BinaryOp.COND_OR) ? Literal.of(left) : eval(b.right());
                }
                Literal v = Evaluator.binary(b.op(), eval(b.left()), eval(b.right()));
                if (v == null) {
                    throw new ArithmeticException("/ by zero");
                }
                return v;
            } else if (e instanceof Expr.Cast c) {
                return eval(c.operand()).castTo(c.type());
            } else if (e instanceof Expr.Conditional c) {
                return test(c.cond()) ? eval(c.then()) : eval(c.otherwise());
            } else if (e instanceof Expr.MathCall m) {
                return math(m.function(), m.args().stream().map(this::eval).toList());
            } else if (e instanceof Expr.Call c) {
                Function f = functions.get(c.function());
                if (f == null) {
                    throw new IllegalStateException("no helper " + c.function());
                }
                return call(f, c.args().stream().map(this::eval).toArray());
            } else if (e instanceof Expr.Element el) {
                return ((Literal[]) vars.get(el.array()))[(Integer) eval(el.index()).value()];
            }
            throw new UnsupportedOperationException("cannot evaluate " + IrPrinter.expression(e));
        }
    }

    private static Literal math(MathFunction f, List<Literal> args) {
        Class<?>[] types = f.parameterTypes().stream().map(IrInterpreter::javaClass).toArray(Class<?>[]::new);
        try {
            Method m = Class.forName("java.lang." + f.owner()).getMethod(f.javaName(), types);
            Object result = m.invoke(null, args.stream().map(Literal::value).toArray());
            return new Literal(f.returnType(), result);
        } catch (InvocationTargetException ex) {
            throw ex.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ex.getCause());
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Class<?> javaClass(Type t) {
        return switch (t) {
            case BOOLEAN -> boolean.class;
            case INT -> int.class;
            case LONG -> long.class;
            case FLOAT -> float.class;
            case DOUBLE -> double.class;
        };
    }
}
