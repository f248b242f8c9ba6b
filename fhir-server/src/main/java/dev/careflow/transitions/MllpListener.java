package dev.careflow.transitions;

import dev.careflow.transitions.internal.v2.MllpFraming;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The HL7 v2 MLLP listener. Each connection has one thread that reads a frame, hands it to {@link Hl7v2Intake}, writes
 * the ACK and only then reads the next frame: a connection's messages are processed and acknowledged strictly in the
 * order sent (an interface engine relies on that: an A03 must not overtake its A01). Connections are served in
 * parallel; what they say about one encounter is serialised by the notification pipeline. Every frame gets an ACK, an
 * empty or unreadable one too (AR); senders outside the allowed networks are answered AR and nothing is processed.
 */
@Component
public class MllpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MllpListener.class);

    /** The largest message taken (a v2 ADT is a few kilobytes; a frame beyond this ends the connection). */
    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private final Hl7v2Intake intake;
    private final TransitionsSettings settings;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private ExecutorService connections;
    private int port;

    public MllpListener(Hl7v2Intake intake, TransitionsSettings settings) {
        this.intake = intake;
        this.settings = settings;
    }

    @Override
    public void start() {
        if (!settings.mllp().enabled()) {
            log.info("HL7 v2 MLLP listener is off");
            return;
        }
        try {
            server = new ServerSocket(settings.mllp().port());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "The MLLP listener cannot bind port " + settings.mllp().port(), e);
        }
        port = server.getLocalPort();
        AtomicInteger count = new AtomicInteger();
        connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "careflow-mllp-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        SenderNetworks allowed = new SenderNetworks(settings.mllp().allowedNetworks());
        ServerSocket listening = server;
        connections.execute(() -> accept(listening, allowed));
        log.info("HL7 v2 MLLP listener on port {}", port);
    }

    private void accept(ServerSocket listening, SenderNetworks allowed) {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                open.add(socket);
                connections.execute(() -> serve(socket, allowed));
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    log.warn("MLLP accept failed: {}", e.getMessage());
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    /** One connection: frame in, ACK out, in order, until the sender closes it. */
    private void serve(Socket socket, SenderNetworks allowed) {
        String sender = socket.getInetAddress().getHostAddress();
        boolean trusted = allowed.allows(sender);
        try (socket;
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            byte[] frame;
            while ((frame = MllpFraming.read(in, MAX_FRAME_BYTES)) != null) {
                byte[] ack = trusted
                        ? intake.receive(frame)
                        : intake.refuse(
                                        new String(frame, StandardCharsets.ISO_8859_1),
                                        "Sender " + sender + " is not on an allowed network for MLLP")
                                .getBytes(StandardCharsets.ISO_8859_1);
                MllpFraming.write(out, ack);
            }
        } catch (SocketException e) {
            log.debug("MLLP connection from {} ended: {}", sender, e.getMessage());
        } catch (IOException e) {
            log.warn("MLLP connection from {} ended: {}", sender, e.getMessage());
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public void stop() {
        ServerSocket listening = server;
        server = null;
        if (listening == null) {
            return;
        }
        try {
            listening.close();
        } catch (IOException e) {
            log.debug("Closing the MLLP listener: {}", e.getMessage());
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("Closing an MLLP connection: {}", e.getMessage());
            }
        }
        connections.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return server != null && !server.isClosed();
    }

    /** The port the listener is bound to (the configured one, or the free one picked for port 0). */
    public int port() {
        return port;
    }
}
