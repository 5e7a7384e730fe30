/**
 * Node's {@code child_process}, for Java: {@link dev.brigade.process.ChildProcesses#spawn spawn},
 * {@link dev.brigade.process.ChildProcesses#exec exec}, {@link dev.brigade.process.ChildProcesses#execFile
 * execFile} and {@link dev.brigade.process.ChildProcesses#fork fork}.
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li>A program that cannot be started (missing file, missing cwd, not executable) is a
 * {@link dev.brigade.process.ChildProcessException} with {@code errorCode} {@code ENOENT}/{@code EACCES} and
 * {@code spawned() == false}, never confused with a non-zero exit ({@code code()}).</li>
 * <li>Every pipe is drained by its own thread whether or not anyone listens, so no child blocks on a full pipe;
 * stdin content is written by another thread, so large input and large output cannot deadlock. Java's process
 * reaper waits for every child (no zombies); all three pipes are closed when the child has exited and its output
 * has ended.</li>
 * <li>Signals: Java sends only {@code SIGTERM} ({@code destroy}) and {@code SIGKILL} ({@code destroyForcibly});
 * other signals are sent with {@code kill -s NAME pid}. Java reports a child that died of signal n as exit value
 * {@code 128 + n}; {@link dev.brigade.process.ExitStatus} reads such a value as that signal (the shell
 * convention), so a program that itself calls {@code exit(143)} is reported as {@code SIGTERM}: the raw value is
 * kept in {@code rawExitValue()}.</li>
 * <li>Timeout: the child (and its descendants) get {@code killSignal}; whatever still runs after {@code killGrace}
 * gets {@code SIGKILL}. The error then has {@code killed() == true}, the {@code signal}, {@code code() == null}.</li>
 * <li>{@code maxBuffer} counts bytes, on stdout and on stderr separately: output of exactly maxBuffer bytes passes,
 * one byte more kills the child and fails with {@code ERR_CHILD_PROCESS_STDIO_MAXBUFFER}, keeping the first
 * maxBuffer bytes.</li>
 * <li>Abort (Node's {@code signal} option): a {@code CompletionStage} in {@code SpawnOptions.withAbort} or the
 * {@code exec}/{@code execFile} overloads. Completed before the start: nothing is spawned ({@code ABORT_ERR});
 * completed while the child runs: it gets {@code killSignal} and {@code exec} fails with {@code ABORT_ERR};
 * completed after the exit: nothing happens.</li>
 * <li>{@code exec} runs {@code /bin/sh -c line}: for trusted, configured commands only. {@code execFile} passes each
 * argument to the program as it is; nothing is interpreted.</li>
 * </ul>
 *
 * <h2>The fork channel</h2>
 * The forked JVM gets the same {@code java}, the given JVM options, and a class path from
 * {@link dev.brigade.process.ChildClasspath}. Parent and child exchange JSON objects over the child's stdin
 * (parent to child) and stdout (child to parent).
 * <p>
 * <b>Framing: newline-delimited JSON.</b> One frame is one JSON object in compact form (Jackson escapes every
 * control character inside strings, so the document contains no raw newline) followed by one {@code \n} (a
 * preceding {@code \r} and blank lines are ignored). The reader scans each received byte exactly once for the
 * newline, so a frame's cost is linear in its size whatever the chunking; a frame that fits in one received chunk
 * is parsed in place; a frame of plain ASCII JSON (no escapes, no bytes above 127, integer numbers) is read by
 * {@code AsciiJson} without Jackson's parser, anything else by Jackson. Frames longer than {@code maxFrameBytes} (64 MiB by default) are dropped up to the next
 * newline. A line that is not a JSON object is reported as a
 * {@link dev.brigade.process.MalformedFrameException} (with an excerpt) and skipped: the channel carries on
 * and neither side waits for bytes that will never come. A stream that ends inside a frame is reported too.
 * <p>
 * In the child, {@link dev.brigade.process.ChildChannel#open()} keeps the real stdout for frames and points
 * {@code System.out} at stderr, so stray prints end up in the parent's log, prefixed with the child's pid. Only
 * native code writing to file descriptor 1 directly could still corrupt the channel; that shows up as a malformed
 * frame, not a hang. The child exits when its stdin reaches EOF: when the parent disconnects, exits or is killed.
 * <p>
 * The parent hands each message on as a tree, or as a {@link dev.brigade.process.Frame}: the bytes the child wrote,
 * checked to be one JSON object but not parsed, for a consumer that needs no tree.
 * <p>
 * Writes are flushed per message on the parent side; the child flushes once per batch of messages it handled from
 * one read, so pipelined traffic costs about one system call per batch rather than per message.
 */
package dev.brigade.process;
