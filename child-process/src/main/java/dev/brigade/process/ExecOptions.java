package dev.brigade.process;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Options of {@link ChildProcesses#exec} and {@link ChildProcesses#execFile}.
 *
 * @param cwd working directory, null for the parent's
 * @param env variables to set, null for none
 * @param replaceEnv true: the child sees only {@code env}; false: {@code env} extends the parent's environment
 * @param timeout kill the child with {@code killSignal} after this long, null for never
 * @param killSignal the signal a timeout or an exceeded {@code maxBuffer} sends
 * @param killGrace after {@code killSignal}, wait this long, then {@code SIGKILL}
 * @param maxBuffer the most bytes kept of stdout, and separately of stderr (Node's default 1 MiB); one more byte
 *        kills the child and fails with {@code ERR_CHILD_PROCESS_STDIO_MAXBUFFER}, keeping the first maxBuffer bytes
 * @param encoding how {@link ExecResult#stdout()} and {@link ExecResult#stderr()} decode the bytes
 * @param input what the child reads on stdin, then EOF (empty when null)
 */
public record ExecOptions(Path cwd, Map<String, String> env, boolean replaceEnv, Duration timeout, Signal killSignal,
        Duration killGrace, long maxBuffer, Charset encoding, byte[] input) {

    public static final long DEFAULT_MAX_BUFFER = 1024 * 1024;

    public static ExecOptions defaults() {
        return new ExecOptions(null, null, false, null, Signal.SIGTERM, Duration.ofSeconds(2), DEFAULT_MAX_BUFFER,
                StandardCharsets.UTF_8, null);
    }

    public ExecOptions withCwd(Path cwd) {
        return new ExecOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, maxBuffer, encoding, input);
    }

    public ExecOptions withEnv(Map<String, String> env) {
        return new ExecOptions(cwd, Map.copyOf(env), false, timeout, killSignal, killGrace, maxBuffer, encoding, input);
    }

    public ExecOptions withOnlyEnv(Map<String, String> env) {
        return new ExecOptions(cwd, Map.copyOf(env), true, timeout, killSignal, killGrace, maxBuffer, encoding, input);
    }

    public ExecOptions withTimeout(Duration timeout) {
        return new ExecOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, maxBuffer, encoding, input);
    }

    public ExecOptions withKillSignal(Signal killSignal) {
        return new ExecOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, maxBuffer, encoding, input);
    }

    public ExecOptions withKillGrace(Duration killGrace) {
        return new ExecOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, maxBuffer, encoding, input);
    }

    public ExecOptions withMaxBuffer(long maxBuffer) {
        return new ExecOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, maxBuffer, encoding, input);
    }

    public ExecOptions withEncoding(Charset encoding) {
        return new ExecOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, maxBuffer, encoding, input);
    }

    public ExecOptions withInput(byte[] input) {
        return new ExecOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, maxBuffer, encoding,
                input.clone());
    }

    SpawnOptions toSpawnOptions() {
        return new SpawnOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace,
                input == null ? Stdin.empty() : Stdin.of(input), null, null, null);
    }
}
