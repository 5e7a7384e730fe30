package dev.brigade.worker.pool;

import dev.brigade.process.ChildChannel;

/** A child of another build: its handshake names protocol version 99. */
public class OtherProtocolMain {

    public static void main(String[] args) {
        ChildChannel channel = ChildChannel.open();
        channel.send(channel.newMessage("ready").put("protocol", 99).put("pid", ProcessHandle.current().pid()));
        channel.listen(message -> { }, error -> { });
        System.exit(0);
    }
}
