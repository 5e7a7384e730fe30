package dev.brigade.worker.pool;

/** Why a slot's child was replaced: the few cases its supervisor tells apart (a metric's label, so a fixed set). */
public enum RestartReason {
    /** It exited on its own: the JVM crashed, was killed from outside, or could not start. */
    CRASHED("crashed"),
    /** It stopped answering heartbeats and was killed. */
    UNRESPONSIVE("unresponsive"),
    /** Its job ran past worker.job.timeout and it was killed. */
    TIMED_OUT("timed_out"),
    /** It sent no ready message within worker.child.ready-timeout and was killed. */
    NOT_READY("not_ready"),
    /** Its ready message named another protocol version (a class path from another build) and it was killed. */
    PROTOCOL_MISMATCH("protocol_mismatch");

    private final String label;

    RestartReason(String label) {
        this.label = label;
    }

    /** The reason as a metric's label value. */
    public String label() {
        return label;
    }
}
