package dev.careflow.transitions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The HL7 v2 MLLP listener, on non-blocking I/O: one selector thread accepts connections and reads their frames; a
 * frame is handed to a bounded pool of workers ({@code workers}) that runs {@link Hl7v2Intake} and returns the ACK. An
 * idle connection holds no thread. A connection reads no further frame until the ACK of the last one is written: its
 * messages are processed and acknowledged strictly in the order sent (an interface engine relies on that: an A03 must
 * not overtake its A01). Connections are served in parallel; what they say about one encounter is serialised by the
 * notification pipeline. Every frame gets an ACK, an empty or unreadable one too (AR); senders outside the allowed
 * networks are answered AR and nothing is processed. Beyond {@code max-connections} open connections, a new one is
 * closed at once.
 */
@Component
public class MllpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MllpListener.class);

    /** The largest message taken (a v2 ADT is a few kilobytes; a frame beyond this ends the connection). */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private final Hl7v2Intake intake;
    private final TransitionsSettings settings;
    private final Queue<MllpConnection> acknowledged = new ConcurrentLinkedQueue<>();
    private volatile Selector selector;
    private ServerSocketChannel server;
    private ThreadPoolExecutor workers;
    private Thread loop;
    private SenderNetworks allowed;
    private volatile int open;
    private final java.util.concurrent.atomic.LongAdder accepted = new java.util.concurrent.atomic.LongAdder();
    private int port;

    public MllpListener(Hl7v2Intake intake, TransitionsSettings settings) {
        this.intake = intake;
        this.settings = settings;
    }

    @Override
    public void start() {
        TransitionsSettings.Mllp mllp = settings.mllp();
        if (!mllp.enabled()) {
            log.info("HL7 v2 MLLP listener is off");
            return;
        }
        try {
            selector = Selector.open();
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(mllp.port()), 128);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            throw new UncheckedIOException("The MLLP listener cannot bind port " + mllp.port(), e);
        }
        port = server.socket().getLocalPort();
        allowed = new SenderNetworks(mllp.allowedNetworks());
        AtomicInteger count = new AtomicInteger();
        workers = new ThreadPoolExecutor(
                mllp.workers(), mllp.workers(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "careflow-mllp-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
        loop = new Thread(this::select, "careflow-mllp-selector");
        loop.setDaemon(true);
        loop.start();
        log.info(
                "HL7 v2 MLLP listener on port {} (at most {} connections, {} workers)",
                port,
                mllp.maxConnections(),
                mllp.workers());
    }

    private void select() {
        Selector selecting = selector;
        try {
            while (selecting.isOpen() && selector != null) {
                selecting.select();
                MllpConnection done;
                while ((done = acknowledged.poll()) != null) {
                    write(done);
                }
                Iterator<SelectionKey> keys = selecting.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept(selecting);
                    } else if (key.isWritable()) {
                        write((MllpConnection) key.attachment());
                    } else if (key.isReadable()) {
                        read((MllpConnection) key.attachment());
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (selector != null) {
                log.error("The MLLP listener stopped: {}", e.toString());
            }
        } finally {
            closeAll(selecting);
        }
    }

    private void accept(Selector selecting) {
        try {
            SocketChannel channel = server.accept();
            if (channel != null) {
                register(selecting, channel);
            }
        } catch (IOException e) {
            log.warn("MLLP accept failed: {}", e.getMessage());
        }
    }

    private void register(Selector selecting, SocketChannel channel) throws IOException {
        String sender =
                ((InetSocketAddress) channel.getRemoteAddress()).getAddress().getHostAddress();
        if (open >= settings.mllp().maxConnections()) {
            log.warn(
                    "MLLP connection from {} closed at once: {} connections are open, the most taken"
                            + " (careflow.transitions.mllp.max-connections)",
                    sender,
                    open);
            channel.close();
            return;
        }
        channel.configureBlocking(false);
        SelectionKey key = channel.register(selecting, SelectionKey.OP_READ);
        key.attach(new MllpConnection(channel, key, sender, allowed.allows(sender), MAX_FRAME_BYTES));
        open++;
        accepted.increment();
    }

    private void read(MllpConnection connection) {
        try {
            if (connection.fill()) {
                next(connection);
                return;
            }
            byte[] last = connection.lastFrame();
            if (last == null) {
                close(connection);
            } else {
                dispatch(connection, last, true);
            }
        } catch (IOException e) {
            log.debug("MLLP connection from {} ended: {}", connection.sender, e.getMessage());
            close(connection);
        }
    }

    /** Hands the next frame read to a worker, reading no further meanwhile; or waits for more bytes. */
    private void next(MllpConnection connection) throws IOException {
        byte[] frame = connection.nextFrame();
        if (frame == null) {
            connection.key.interestOps(SelectionKey.OP_READ);
        } else {
            dispatch(connection, frame, false);
        }
    }

    private void dispatch(MllpConnection connection, byte[] frame, boolean thenClose) {
        connection.key.interestOps(0);
        workers.execute(() -> {
            try {
                connection.acknowledge(acknowledgement(connection, frame), thenClose);
            } catch (RuntimeException e) {
                log.warn("MLLP message from {} failed: {}", connection.sender, e.toString());
                connection.acknowledge(
                        List.of(intake.refuse(text(frame), "The message could not be processed")
                                .getBytes(StandardCharsets.ISO_8859_1)),
                        true);
            }
            acknowledged.add(connection);
            Selector selecting = selector;
            if (selecting != null) {
                selecting.wakeup();
            }
        });
    }

    private List<byte[]> acknowledgement(MllpConnection connection, byte[] frame) {
        return connection.trusted
                ? intake.receive(frame)
                : List.of(intake.refuse(
                                text(frame), "Sender " + connection.sender + " is not on an allowed network for MLLP")
                        .getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes the ACK; once it is out, the next frame is taken (or the connection closed after its last frame). */
    private void write(MllpConnection connection) {
        if (!connection.key.isValid()) {
            return;
        }
        try {
            if (!connection.flush()) {
                connection.key.interestOps(SelectionKey.OP_WRITE);
            } else if (connection.closeAfterAck()) {
                close(connection);
            } else {
                next(connection);
            }
        } catch (IOException e) {
            log.debug("MLLP connection from {} ended: {}", connection.sender, e.getMessage());
            close(connection);
        }
    }

    private void close(MllpConnection connection) {
        if (connection.channel.isOpen()) {
            open--;
        }
        try {
            connection.channel.close();
        } catch (IOException e) {
            log.debug("Closing an MLLP connection: {}", e.getMessage());
        }
    }

    private void closeAll(Selector selecting) {
        try {
            for (SelectionKey key : selecting.keys()) {
                key.channel().close();
            }
            selecting.close();
        } catch (IOException | ClosedSelectorException e) {
            log.debug("Closing the MLLP listener: {}", e.toString());
        }
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void stop() {
        Selector selecting = selector;
        selector = null;
        if (selecting == null) {
            return;
        }
        selecting.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return selector != null;
    }

    /** The port the listener is bound to (the configured one, or the free one picked for port 0). */
    public int port() {
        return port;
    }

    /** Connections accepted since start (metrics). */
    long acceptedConnections() {
        return accepted.sum();
    }

    /** Connections open now (tests, diagnostics and metrics). */
    int openConnections() {
        return open;
    }
}
