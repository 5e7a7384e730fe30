package dev.brigade.process;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A child that could not start, failed, timed out or overflowed its buffer; the fields mirror Node's error object.
 * <ul>
 * <li>{@link #errorCode()}: {@code ENOENT} / {@code EACCES} when the program or the cwd does not exist or cannot be
 * run (the child never started, {@link #spawned()} is false), {@code ERR_CHILD_PROCESS_STDIO_MAXBUFFER} when the
 * output outgrew {@code maxBuffer}, {@code ABORT_ERR} when the caller aborted it, null for a plain failure;</li>
 * <li>{@link #code()}: the exit code, null when a signal ended the child or it never started;</li>
 * <li>{@link #signal()}, {@link #killed()}: the terminating signal and whether this toolkit sent it (timeout,
 * maxBuffer, {@link ChildProcess#kill});</li>
 * <li>{@link #stdout()}, {@link #stderr()}: what was collected (truncated to maxBuffer), {@link #cmd()}.</li>
 * </ul>
 */
public class ChildProcessException extends RuntimeException {

    public static final String ENOENT = "ENOENT";
    public static final String EACCES = "EACCES";
    public static final String MAXBUFFER = "ERR_CHILD_PROCESS_STDIO_MAXBUFFER";
    public static final String ABORT = "ABORT_ERR";

    private final String errorCode;
    private final Integer code;
    private final Signal signal;
    private final boolean killed;
    private final String cmd;
    private final byte[] stdout;
    private final byte[] stderr;
    private final boolean spawned;

    ChildProcessException(String message, String errorCode, Integer code, Signal signal, boolean killed, String cmd,
            byte[] stdout, byte[] stderr, boolean spawned, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.code = code;
        this.signal = signal;
        this.killed = killed;
        this.cmd = cmd;
        this.stdout = stdout == null ? new byte[0] : stdout;
        this.stderr = stderr == null ? new byte[0] : stderr;
        this.spawned = spawned;
    }

    static ChildProcessException spawnFailed(String errorCode, String cmd, String path, String detail, Throwable cause) {
        return new ChildProcessException("spawn " + path + " " + errorCode + (detail == null ? "" : ": " + detail),
                errorCode, null, null, false, cmd, null, null, false, cause);
    }

    /** "Command failed: cmd args" plus stderr, as Node words it. */
    static String commandFailed(String cmd, byte[] stderr) {
        String err = new String(stderr, StandardCharsets.UTF_8);
        return "Command failed: " + cmd + (err.isEmpty() ? "" : "\n" + err);
    }

    static String commandLine(String file, List<String> args) {
        return args.isEmpty() ? file : file + " " + String.join(" ", args);
    }

    public String errorCode() {
        return errorCode;
    }

    public Integer code() {
        return code;
    }

    public Signal signal() {
        return signal;
    }

    public boolean killed() {
        return killed;
    }

    public String cmd() {
        return cmd;
    }

    public byte[] stdoutBytes() {
        return stdout.clone();
    }

    public byte[] stderrBytes() {
        return stderr.clone();
    }

    public String stdout() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** False when the program never ran (ENOENT, EACCES, missing cwd). */
    public boolean spawned() {
        return spawned;
    }
}
