package io.wasmgi.calc.api;

/**
 * A {@link CalcOperator} could not compute a result. The message names the operator and says why, in one line.
 */
public class CalcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a call failed. */
    public enum Reason {
        /** The operator's code failed: a trap, an invalid memory access, an exit, a resource limit. */
        FAULT,
        /** The call did not finish within the operator's deadline and was stopped. */
        TIMEOUT,
        /** The operator has been removed (its plugin was stopped, updated or uninstalled). */
        GONE,
        /**
         * The calling thread was interrupted (by someone else than the deadline). Like
         * {@link InterruptedException}, the exception stands for the interrupt: the thread's interrupt status
         * is cleared when it is thrown.
         */
        INTERRUPTED
    }

    private final String operatorName;
    private final Reason reason;

    public CalcException(String operatorName, Reason reason, String message) {
        this(operatorName, reason, message, null);
    }

    public CalcException(String operatorName, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.operatorName = operatorName;
        this.reason = reason;
    }

    /** The name of the operator whose call failed. */
    public String operatorName() {
        return operatorName;
    }

    /** Why the call failed. */
    public Reason reason() {
        return reason;
    }
}
