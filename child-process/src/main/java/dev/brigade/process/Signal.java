package dev.brigade.process;

/**
 * The POSIX signals the toolkit sends or reports, with their Linux numbers.
 * <p>
 * Java's {@link Process} can only send {@code SIGTERM} ({@link Process#destroy()}) and {@code SIGKILL}
 * ({@link Process#destroyForcibly()}); every other signal is sent by running {@code kill -s NAME pid}.
 */
public enum Signal {
    SIGHUP(1), SIGINT(2), SIGQUIT(3), SIGABRT(6), SIGKILL(9), SIGUSR1(10), SIGSEGV(11), SIGUSR2(12), SIGPIPE(13),
    SIGALRM(14), SIGTERM(15), SIGCONT(18), SIGSTOP(19);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The name {@code kill -s} understands: {@code TERM} for {@code SIGTERM}. */
    public String shortName() {
        return name().substring(3);
    }

    /** The signal with this Linux number, or null. */
    public static Signal ofNumber(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        return null;
    }
}
