package dev.careflow.transitions;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** The HL7 v2 MLLP listener (HAPI's HL7Service): every message goes to {@link Hl7v2Intake}, every answer is an ACK. */
@Component
public class MllpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MllpListener.class);

    private final Hl7v2Intake intake;
    private final TransitionsSettings settings;
    private HL7Service server;
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
        port = settings.mllp().port() == 0 ? freePort() : settings.mllp().port();
        server = intake.context().newServer(port, false);
        SenderNetworks allowed = new SenderNetworks(settings.mllp().allowedNetworks());
        server.registerApplication("*", "*", new ReceivingApplication<>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                Object sender = metadata.get(ca.uhn.hl7v2.protocol.ApplicationRouter.METADATA_KEY_SENDING_IP);
                return allowed.allows(sender)
                        ? intake.receive(message)
                        : intake.refuse(message, "Sender " + sender + " is not on an allowed network for MLLP");
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        try {
            server.startAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the MLLP listener", e);
        }
        log.info("HL7 v2 MLLP listener on port {}", port);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stopAndWait();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null && server.isRunning();
    }

    /** The port the listener is bound to (the configured one, or the free one picked for port 0). */
    public int port() {
        return port;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
