package dev.brigade.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Options of {@link ChildProcesses#fork}.
 *
 * @param execArgv JVM options for the child, Node's {@code execArgv}: {@code -Xmx64m}, {@code -Xshare:auto}, ...
 * @param java the java executable, null for the one running this JVM
 * @param classpath the child's class path, null for {@link ChildClasspath#detect(String)}
 * @param cwd working directory, null for the parent's
 * @param env variables added to the parent's environment (null for none), or the child's whole environment when
 *        {@code replaceEnv}
 * @param replaceEnv true: the child sees only {@code env} (Node's {@code env} option); false: {@code env} extends
 *        the parent's environment
 * @param maxFrameBytes longest frame accepted from the child
 * @param stderrLines receives each line the child writes to stderr (including its stray {@code System.out});
 *        null logs it at INFO as {@code [child <pid>] line} in category {@code dev.brigade.worker.child}
 */
public record ForkOptions(List<String> execArgv, String java, String classpath, Path cwd, Map<String, String> env,
        boolean replaceEnv, int maxFrameBytes, Consumer<String> stderrLines) {

    public static ForkOptions defaults() {
        return new ForkOptions(List.of("-Xshare:auto"), null, null, null, null, false,
                ChildChannel.DEFAULT_MAX_FRAME_BYTES, null);
    }

    public ForkOptions withExecArgv(List<String> execArgv) {
        return new ForkOptions(List.copyOf(execArgv), java, classpath, cwd, env, replaceEnv, maxFrameBytes, stderrLines);
    }

    public ForkOptions withJava(String java) {
        return new ForkOptions(execArgv, java, classpath, cwd, env, replaceEnv, maxFrameBytes, stderrLines);
    }

    public ForkOptions withClasspath(String classpath) {
        return new ForkOptions(execArgv, java, classpath, cwd, env, replaceEnv, maxFrameBytes, stderrLines);
    }

    public ForkOptions withCwd(Path cwd) {
        return new ForkOptions(execArgv, java, classpath, cwd, env, replaceEnv, maxFrameBytes, stderrLines);
    }

    public ForkOptions withEnv(Map<String, String> env) {
        return new ForkOptions(execArgv, java, classpath, cwd, Map.copyOf(env), false, maxFrameBytes, stderrLines);
    }

    /** The child's whole environment: nothing of the parent's gets through that is not in {@code env}. */
    public ForkOptions withOnlyEnv(Map<String, String> env) {
        return new ForkOptions(execArgv, java, classpath, cwd, Map.copyOf(env), true, maxFrameBytes, stderrLines);
    }

    public ForkOptions withMaxFrameBytes(int maxFrameBytes) {
        return new ForkOptions(execArgv, java, classpath, cwd, env, replaceEnv, maxFrameBytes, stderrLines);
    }

    public ForkOptions withStderrLines(Consumer<String> stderrLines) {
        return new ForkOptions(execArgv, java, classpath, cwd, env, replaceEnv, maxFrameBytes, stderrLines);
    }
}
