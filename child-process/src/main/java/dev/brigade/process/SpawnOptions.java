package dev.brigade.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Options of {@link ChildProcesses#spawn}. Start from {@link #defaults()} and change what you need:
 * {@code SpawnOptions.defaults().withCwd(dir).withTimeout(Duration.ofSeconds(5))}.
 *
 * @param cwd working directory, null for the parent's; a missing directory is an {@code ENOENT} error
 * @param env variables to set, null for none
 * @param replaceEnv true: the child sees only {@code env}; false: {@code env} extends the parent's environment
 * @param timeout kill the child with {@code killSignal} after this long, null for never
 * @param killSignal the signal a timeout sends (Node's default {@code SIGTERM})
 * @param killGrace after {@code killSignal}, wait this long, then {@code SIGKILL}
 * @param stdin what the child reads
 * @param stdout receives each chunk of standard output as it arrives; null drains and drops it
 * @param stderr the same for standard error
 * @param abort Node's {@code signal} (an AbortSignal): when it completes, a running child is killed with
 *        {@code killSignal}; already complete at spawn time, nothing is started; null for none
 */
public record SpawnOptions(Path cwd, Map<String, String> env, boolean replaceEnv, Duration timeout, Signal killSignal,
        Duration killGrace, Stdin stdin, Consumer<byte[]> stdout, Consumer<byte[]> stderr,
        CompletionStage<?> abort) {

    public static SpawnOptions defaults() {
        return new SpawnOptions(null, null, false, null, Signal.SIGTERM, Duration.ofSeconds(2), Stdin.pipe(), null,
                null, null);
    }

    public SpawnOptions withCwd(Path cwd) {
        return new SpawnOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }

    /** Adds these variables to the parent's environment. */
    public SpawnOptions withEnv(Map<String, String> env) {
        return new SpawnOptions(cwd, Map.copyOf(env), false, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }

    /** The child sees these variables and no others. */
    public SpawnOptions withOnlyEnv(Map<String, String> env) {
        return new SpawnOptions(cwd, Map.copyOf(env), true, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }

    public SpawnOptions withTimeout(Duration timeout) {
        return new SpawnOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }

    public SpawnOptions withKillSignal(Signal killSignal) {
        return new SpawnOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }

    public SpawnOptions withKillGrace(Duration killGrace) {
        return new SpawnOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }

    public SpawnOptions withStdin(Stdin stdin) {
        return new SpawnOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }

    public SpawnOptions withStdout(Consumer<byte[]> stdout) {
        return new SpawnOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }

    public SpawnOptions withAbort(CompletionStage<?> abort) {
        return new SpawnOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }

    public SpawnOptions withStderr(Consumer<byte[]> stderr) {
        return new SpawnOptions(cwd, env, replaceEnv, timeout, killSignal, killGrace, stdin, stdout, stderr, abort);
    }
}
