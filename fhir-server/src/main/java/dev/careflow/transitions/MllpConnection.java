package dev.careflow.transitions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One MLLP connection on the listener's selector: the bytes read so far, the frame being decoded (MLLP release 1:
 * {@code <VT> bytes <FS><CR>}; bytes outside a frame are ignored; a new {@code <VT>} inside a frame starts it again),
 * and the ACK being written. Touched by the selector thread only, except {@link #acknowledge}.
 */
final class MllpConnection {

    private static final int START = 0x0b;
    private static final int END = 0x1c;
    private static final int CR = 0x0d;

    private enum State {
        OUTSIDE,
        INSIDE,
        AFTER_END
    }

    final SocketChannel channel;
    final SelectionKey key;
    final String sender;
    final boolean trusted;
    private final int maxFrameBytes;
    private final ByteBuffer inbound = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private State state = State.OUTSIDE;
    private volatile ByteBuffer outbound;
    private volatile boolean closeAfterAck;

    MllpConnection(SocketChannel channel, SelectionKey key, String sender, boolean trusted, int maxFrameBytes) {
        this.channel = channel;
        this.key = key;
        this.sender = sender;
        this.trusted = trusted;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Reads what the socket has; false at the end of the stream. */
    boolean fill() throws IOException {
        return channel.read(inbound) >= 0;
    }

    /** The next whole frame among the bytes read so far, or null until more arrive. */
    byte[] nextFrame() throws IOException {
        inbound.flip();
        try {
            while (inbound.hasRemaining()) {
                byte[] complete = accept(inbound.get() & 0xff);
                if (complete != null) {
                    return complete;
                }
            }
            return null;
        } finally {
            inbound.compact();
        }
    }

    /** At the end of the stream: a frame whose {@code <FS>} arrived without its {@code <CR>} still counts. */
    byte[] lastFrame() {
        return state == State.AFTER_END ? take() : null;
    }

    private byte[] accept(int b) throws IOException {
        switch (state) {
            case OUTSIDE -> {
                if (b == START) {
                    frame.reset();
                    state = State.INSIDE;
                }
                return null;
            }
            case AFTER_END -> {
                if (b == CR) {
                    return take();
                }
                frame.write(END);
                state = State.INSIDE;
            }
            default -> {
                // INSIDE: handled below
            }
        }
        if (b == END) {
            state = State.AFTER_END;
        } else if (b == START) {
            // A new frame began before this one ended: the sender gave up on it.
            frame.reset();
        } else {
            frame.write(b);
            if (frame.size() > maxFrameBytes) {
                throw new IOException("MLLP frame larger than " + maxFrameBytes + " bytes");
            }
        }
        return null;
    }

    private byte[] take() {
        byte[] complete = frame.toByteArray();
        frame.reset();
        state = State.OUTSIDE;
        return complete;
    }

    /** From a worker: the ACKs to write, each framed, in order (enhanced mode: the commit ACK first; maybe none). */
    void acknowledge(java.util.List<byte[]> acks, boolean thenClose) {
        int size = acks.stream().mapToInt(ack -> ack.length + 3).sum();
        ByteBuffer framed = ByteBuffer.allocate(size);
        for (byte[] ack : acks) {
            framed.put((byte) START).put(ack).put((byte) END).put((byte) CR);
        }
        framed.flip();
        closeAfterAck = thenClose;
        outbound = framed;
    }

    /** Writes what it can of the ACK; true once all of it is written. */
    boolean flush() throws IOException {
        ByteBuffer pending = outbound;
        if (pending == null) {
            return true;
        }
        channel.write(pending);
        if (pending.hasRemaining()) {
            return false;
        }
        outbound = null;
        return true;
    }

    boolean closeAfterAck() {
        return closeAfterAck;
    }
}
