package dev.brigade.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessesTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void nonZeroExitFailsWithTheCodeAndNodesMessage() {
        ChildProcessException e = failure(ChildProcesses.execFile("sh", List.of("-c", "echo oops >&2; exit 3"),
                ExecOptions.defaults()));
        assertEquals(3, e.code());
        assertNull(e.signal());
        assertFalse(e.killed());
        assertNull(e.errorCode());
        assertTrue(e.getMessage().startsWith("Command failed: sh -c echo oops >&2; exit 3"), e.getMessage());
        assertEquals("oops\n", e.stderr());
        assertEquals("sh -c echo oops >&2; exit 3", e.cmd());
    }

    @Test
    void successCollectsStdoutAndStderr() throws Exception {
        ExecResult result = ChildProcesses.execFile("sh", List.of("-c", "printf out; printf err >&2"),
                ExecOptions.defaults()).get(10, TimeUnit.SECONDS);
        assertEquals("out", result.stdout());
        assertEquals("err", result.stderr());
    }

    @Test
    void aMissingProgramIsAnEnoentErrorNotAnExitCode() throws Exception {
        ChildProcess child = ChildProcesses.spawn("/no/such/program", "x");
        assertFalse(child.spawned());
        assertEquals(-1, child.pid());
        ChildProcessException e = failure(child.onExit());
        assertEquals(ChildProcessException.ENOENT, e.errorCode());
        assertNull(e.code());
        assertFalse(e.spawned());
        assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());

        ChildProcessException viaExec = failure(ChildProcesses.execFile("/no/such/program", List.of(),
                ExecOptions.defaults()));
        assertEquals(ChildProcessException.ENOENT, viaExec.errorCode());

        // A shell that cannot find the program does start, and exits 127: a different outcome.
        ChildProcessException viaShell = failure(ChildProcesses.exec("/no/such/program", ExecOptions.defaults()));
        assertNull(viaShell.errorCode());
        assertEquals(127, viaShell.code());
    }

    @Test
    void aMissingCwdIsAnErrorNotACrash() {
        ChildProcessException e = failure(ChildProcesses.execFile("pwd", List.of(),
                ExecOptions.defaults().withCwd(Path.of("/no/such/dir"))));
        assertEquals(ChildProcessException.ENOENT, e.errorCode());
        assertTrue(e.getMessage().contains("/no/such/dir"), e.getMessage());
    }

    @Test
    void cwdAndEnvironment(@TempDir Path dir) throws Exception {
        assertEquals(dir.toRealPath().toString() + "\n", ChildProcesses.execFile("pwd", List.of(),
                ExecOptions.defaults().withCwd(dir)).get(10, TimeUnit.SECONDS).stdout());

        ExecResult extended = ChildProcesses.exec("echo \"$BRIGADE_TEST:$PATH\"",
                ExecOptions.defaults().withEnv(Map.of("BRIGADE_TEST", "hello"))).get(10, TimeUnit.SECONDS);
        assertTrue(extended.stdout().startsWith("hello:/"), extended.stdout());

        ExecResult replaced = ChildProcesses.execFile("/usr/bin/env", List.of(),
                ExecOptions.defaults().withOnlyEnv(Map.of("ONLY", "this"))).get(10, TimeUnit.SECONDS);
        assertEquals("ONLY=this\n", replaced.stdout());
    }

    @Test
    void stdinContentReachesTheChild() throws Exception {
        ExecResult result = ChildProcesses.execFile("cat", List.of(),
                ExecOptions.defaults().withInput("héllo\n".getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        assertEquals("héllo\n", result.stdout());
    }

    @Test
    void everyByteWrittenBeforeEndReachesTheChild() throws Exception {
        StringBuilder out = new StringBuilder();
        ChildProcess child = ChildProcesses.spawn("wc", List.of("-c"),
                SpawnOptions.defaults().withStdout(chunk -> out.append(new String(chunk, StandardCharsets.UTF_8))));
        byte[] block = new byte[64 * 1024];
        try (OutputStream stdin = child.stdin()) {
            for (int i = 0; i < 5 * 16; i++) {
                stdin.write(block);
            }
        }
        assertTrue(child.onClose().get(10, TimeUnit.SECONDS).success());
        assertEquals(String.valueOf(5 * MIB), out.toString().trim());
    }

    @Test
    void tenMebibytesOnBothPipesAtOnceDoNotDeadlock() throws Exception {
        String script = "head -c 10485760 /dev/zero & head -c 10485760 /dev/zero >&2; wait";
        ExecResult result = ChildProcesses.execFile("sh", List.of("-c", script),
                ExecOptions.defaults().withMaxBuffer(32L * MIB)).get(30, TimeUnit.SECONDS);
        assertEquals(10 * MIB, result.stdoutBytes().length);
        assertEquals(10 * MIB, result.stderrBytes().length);

        AtomicLong out = new AtomicLong();
        AtomicLong err = new AtomicLong();
        ChildProcess child = ChildProcesses.spawn("sh", List.of("-c", script), SpawnOptions.defaults()
                .withStdout(c -> out.addAndGet(c.length)).withStderr(c -> err.addAndGet(c.length)));
        assertTrue(child.onClose().get(30, TimeUnit.SECONDS).success());
        assertEquals(10 * MIB, out.get());
        assertEquals(10 * MIB, err.get());
    }

    @Test
    void outputOfExactlyMaxBufferPassesOneMoreByteFailsAndKeepsTheTruncatedOutput() throws Exception {
        ExecResult atLimit = ChildProcesses.execFile("head", List.of("-c", "1000", "/dev/zero"),
                ExecOptions.defaults().withMaxBuffer(1000)).get(10, TimeUnit.SECONDS);
        assertEquals(1000, atLimit.stdoutBytes().length);

        ChildProcessException over = failure(ChildProcesses.execFile("head", List.of("-c", "1001", "/dev/zero"),
                ExecOptions.defaults().withMaxBuffer(1000)));
        assertEquals(ChildProcessException.MAXBUFFER, over.errorCode());
        assertEquals("stdout maxBuffer length exceeded", over.getMessage());
        assertEquals(1000, over.stdoutBytes().length);

        ChildProcessException stderr = failure(ChildProcesses.exec("printf abcdef >&2",
                ExecOptions.defaults().withMaxBuffer(4)));
        assertEquals(ChildProcessException.MAXBUFFER, stderr.errorCode());
        assertEquals("stderr maxBuffer length exceeded", stderr.getMessage());
        assertEquals("abcd", stderr.stderr());
    }

    @Test
    void maxBufferKillsAChildThatWouldWriteForever() {
        ChildProcessException e = failure(ChildProcesses.execFile("cat", List.of("/dev/zero"),
                ExecOptions.defaults().withMaxBuffer(MIB)));
        assertEquals(ChildProcessException.MAXBUFFER, e.errorCode());
        assertTrue(e.killed());
        assertEquals(Signal.SIGTERM, e.signal());
        assertEquals(MIB, e.stdoutBytes().length);
    }

    @Test
    void timeoutKillsWithTheKillSignal() {
        ChildProcessException term = failure(ChildProcesses.execFile("sleep", List.of("10"),
                ExecOptions.defaults().withTimeout(Duration.ofMillis(200))));
        assertTrue(term.killed());
        assertEquals(Signal.SIGTERM, term.signal());
        assertNull(term.code());
        assertEquals("Command failed: sleep 10", term.getMessage());

        // Not SIGINT: a shell without job control starts its background commands with SIGINT ignored, and the
        // child inherits that, so under `mvn ... &` sleep would outlive it and get SIGKILL after the grace period.
        ChildProcessException other = failure(ChildProcesses.execFile("sleep", List.of("10"),
                ExecOptions.defaults().withTimeout(Duration.ofMillis(200)).withKillSignal(Signal.SIGUSR2)));
        assertEquals(Signal.SIGUSR2, other.signal());
    }

    @Test
    void aChildIgnoringTheKillSignalGetsSigkillAfterTheGracePeriod() {
        ChildProcessException e = failure(ChildProcesses.execFile("sh",
                List.of("-c", "trap '' TERM; while :; do sleep 0.05; done"),
                ExecOptions.defaults().withTimeout(Duration.ofMillis(200)).withKillGrace(Duration.ofMillis(300))));
        assertTrue(e.killed());
        assertEquals(Signal.SIGKILL, e.signal());
    }

    @Test
    void killReportsTheSignalAndSetsKilledAtOnce() throws Exception {
        ChildProcess child = ChildProcesses.spawn("sleep", "10");
        assertTrue(child.kill(Signal.SIGUSR1));
        assertTrue(child.killed());
        ExitStatus status = child.onExit().get(10, TimeUnit.SECONDS);
        assertEquals(Signal.SIGUSR1, status.signal());
        assertNull(status.code());
        assertFalse(child.kill(), "killing an exited child does nothing");
    }

    @Test
    void allOutputArrivesBeforeCloseAndCloseComesAfterExit() throws Exception {
        List<String> events = new ArrayList<>();
        ChildProcess child = ChildProcesses.spawn("sh", List.of("-c", "echo one; sleep 0.1; echo two"),
                SpawnOptions.defaults().withStdout(Lines.of(line -> record(events, "line " + line))));
        CompletableFuture<Void> exited = child.onExit().thenAccept(s -> record(events, "exit"));
        CompletableFuture<Void> closedSeen = child.onClose().thenAccept(s -> record(events, "close"));
        ExitStatus closed = child.onClose().get(10, TimeUnit.SECONDS);
        exited.get(1, TimeUnit.SECONDS);
        closedSeen.get(1, TimeUnit.SECONDS);
        assertEquals(0, closed.code());
        synchronized (events) {
            // As in Node, the exit may be seen before the last output is read: the process and its pipes are
            // watched by different threads. Only 'close' waits for both, so it comes after every line.
            assertEquals(List.of("line one", "line two"), events.stream().filter(e -> e.startsWith("line")).toList());
            assertEquals("close", events.get(events.size() - 1), events.toString());
            assertTrue(events.indexOf("exit") < events.indexOf("close"), events.toString());
        }
    }

    private static void record(List<String> events, String event) {
        synchronized (events) {
            events.add(event);
        }
    }

    @Test
    void execRunsAShellExecFileNeverDoes(@TempDir Path dir) throws Exception {
        Path victim = Files.createFile(dir.resolve("x"));
        ExecResult shell = ChildProcesses.exec("echo a; echo b", ExecOptions.defaults()).get(10, TimeUnit.SECONDS);
        assertEquals("a\nb\n", shell.stdout());

        ExecResult literal = ChildProcesses.execFile("echo", List.of("; rm -rf x", "$HOME", "`id`"),
                ExecOptions.defaults().withCwd(dir)).get(10, TimeUnit.SECONDS);
        assertEquals("; rm -rf x $HOME `id`\n", literal.stdout());
        assertTrue(Files.exists(victim));

        ExecResult oneArgument = ChildProcesses.execFile("sh", List.of("-c", "printf '%s|' \"$@\"", "sh",
                "; rm -rf x", "two words"), ExecOptions.defaults().withCwd(dir)).get(10, TimeUnit.SECONDS);
        assertEquals("; rm -rf x|two words|", oneArgument.stdout());
        assertTrue(Files.exists(victim));
    }

    @Test
    void abortBeforeStartSpawnsNothingDuringKillsAfterExitDoesNothing() throws Exception {
        ChildProcess never = ChildProcesses.spawn("sleep", List.of("10"),
                SpawnOptions.defaults().withAbort(CompletableFuture.completedFuture(null)));
        assertFalse(never.spawned());
        assertEquals(ChildProcessException.ABORT, failure(never.onExit()).errorCode());

        CompletableFuture<Void> abort = new CompletableFuture<>();
        CompletableFuture<ExecResult> running = ChildProcesses.execFile("sleep", List.of("10"),
                ExecOptions.defaults(), abort);
        Thread.sleep(100);
        abort.complete(null);
        ChildProcessException aborted = failure(running);
        assertEquals(ChildProcessException.ABORT, aborted.errorCode());
        assertTrue(aborted.killed());
        assertEquals(Signal.SIGTERM, aborted.signal());

        CompletableFuture<Void> late = new CompletableFuture<>();
        ChildProcess done = ChildProcesses.spawn("true", List.of(), SpawnOptions.defaults().withAbort(late));
        assertEquals(0, done.onClose().get(10, TimeUnit.SECONDS).code());
        late.complete(null);
        assertFalse(done.aborted());
        assertFalse(done.killed());
    }

    @Test
    void exitCodesAbove128AreReadAsSignalsTheShellWay() {
        assertEquals(Signal.SIGKILL, ExitStatus.fromExitValue(137).signal());
        assertEquals(200, ExitStatus.fromExitValue(200).code());
        assertEquals(1, ExitStatus.fromExitValue(1).code());
    }

    @Test
    void finishedChildrenLeaveNoZombieAndNoOpenPipe() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc to count descriptors");
        ChildProcesses.execFile("true", List.of(), ExecOptions.defaults()).get(10, TimeUnit.SECONDS); // warm-up
        long before = countFds(fds);
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ChildProcess child = ChildProcesses.spawn("sh", List.of("-c", "echo out; echo err >&2"),
                    SpawnOptions.defaults().withStdout(c -> { }).withStderr(c -> { }));
            pids.add(child.pid());
            child.onClose().get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 30; i++) {
            ChildProcesses.exec("exit 1", ExecOptions.defaults()).handle((r, e) -> r).get(10, TimeUnit.SECONDS);
        }
        long after = countFds(fds);
        assertTrue(after <= before + 2, "descriptors before " + before + ", after " + after);
        List<Long> stillOurs = ProcessHandle.current().children().map(ProcessHandle::pid).filter(pids::contains)
                .toList();
        assertEquals(List.of(), stillOurs, "finished children must have been waited for");
    }

    private static long countFds(Path fds) throws java.io.IOException {
        try (var list = Files.list(fds)) {
            return list.count();
        }
    }

    static ChildProcessException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ChildProcessException, () -> "unexpected " + e.getCause());
        return (ChildProcessException) e.getCause();
    }
}
