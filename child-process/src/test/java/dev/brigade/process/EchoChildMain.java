package dev.brigade.process;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A forked test child: answers "ready", echoes every message, and on request prints to System.out, writes
 * garbage straight to file descriptor 1, or reports its max heap.
 */
public class EchoChildMain {

    public static void main(String[] args) throws IOException {
        ChildChannel channel = ChildChannel.open();
        FileOutputStream rawStdout = new FileOutputStream(FileDescriptor.out);
        channel.send(channel.newMessage("ready").put("args", String.join(",", args)));
        channel.listen(message -> {
            switch (message.path("type").asText()) {
                case "print" -> {
                    System.out.println("stray output {\"type\":\"fake\"");
                    channel.send(channel.newMessage("printed"));
                }
                case "garbage" -> {
                    try {
                        rawStdout.write("this is not json\n".getBytes(StandardCharsets.UTF_8));
                        rawStdout.flush();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    channel.send(channel.newMessage("garbage-sent"));
                }
                case "heap" -> channel.send(channel.newMessage("heap").put("max", Runtime.getRuntime().maxMemory()));
                default -> channel.send(message);
            }
        }, error -> channel.send(channel.newMessage("error").put("error", error.getMessage())));
        System.exit(0);
    }
}
