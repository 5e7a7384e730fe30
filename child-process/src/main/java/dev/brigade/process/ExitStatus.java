package dev.brigade.process;

/**
 * How a child ended, as Node reports it: either an exit {@code code} (and no signal) or the {@code signal} that
 * terminated it (and no code).
 * <p>
 * Java does not expose the raw wait status: for a child that died of signal n, {@link Process#exitValue()} is
 * {@code 128 + n}, which is also what a program returns with {@code exit(128 + n)} and what a shell returns when
 * its own child died of that signal. The toolkit reads {@code 128 + n} (for a signal it knows) as "terminated by
 * n", the same convention shells use, and keeps the raw value in {@link #rawExitValue()}.
 *
 * @param code exit code, null when a signal ended the child
 * @param signal the terminating signal, null when the child exited by itself
 * @param rawExitValue what {@link Process#exitValue()} returned
 */
public record ExitStatus(Integer code, Signal signal, int rawExitValue) {

    public static ExitStatus fromExitValue(int value) {
        if (value > 128) {
            Signal signal = Signal.ofNumber(value - 128);
            if (signal != null) {
                return new ExitStatus(null, signal, value);
            }
        }
        return new ExitStatus(value, null, value);
    }

    public boolean success() {
        return code != null && code == 0;
    }

    @Override
    public String toString() {
        return signal != null ? "signal " + signal : "code " + code;
    }
}
